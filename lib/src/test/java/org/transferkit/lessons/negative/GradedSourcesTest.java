package org.transferkit.lessons.negative;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.transferkit.data.ImageDataset;

/** Uses the committed MNIST and optdigits files (Fashion-MNIST is not needed here). */
class GradedSourcesTest {

    @Test
    void targetIsMnistFiveToNineRelabelled() {
        GradedSources.Target target = GradedSources.target();
        assertArrayEquals(new String[] {"5", "6", "7", "8", "9"}, target.pool().classNames());
        assertArrayEquals(target.pool().classNames(), target.test().classNames());
        assertEquals(28 * 28, target.pool().featureCount());
        assertTrue(target.pool().size() > 3000 && target.test().size() > 900,
                target.pool() + " / " + target.test());
    }

    @Test
    void relatedAndShiftedSources() {
        GradedSources.Source related = GradedSources.related();
        assertArrayEquals(new String[] {"0", "1", "2", "3", "4"}, related.train().classNames());
        assertEquals(5, related.numClasses());
        GradedSources.Source uci = GradedSources.uciShift();
        assertArrayEquals(new String[] {"5", "6", "7", "8", "9"}, uci.train().classNames());
        assertEquals(28, uci.train().width());
        assertTrue(uci.train().size() > 600 && uci.heldOut().size() > 150, uci.train() + " / " + uci.heldOut());
    }

    /* Random labels keep the images and break the image-label relation: about 1 in 5 labels agree by chance. */
    @Test
    void randomLabelsAreIndependentOfTheImages() {
        GradedSources.Source related = GradedSources.related();
        GradedSources.Source random = GradedSources.randomLabels(3);
        ImageDataset a = related.train();
        ImageDataset b = random.train();
        assertEquals(a.size(), b.size());
        assertSame(a.pixels()[0], b.pixels()[0], "same images");
        int agree = 0;
        for (int i = 0; i < a.size(); i++) {
            if (a.label(i) == b.label(i)) {
                agree++;
            }
        }
        double share = agree / (double) a.size();
        assertTrue(share > 0.16 && share < 0.24, "agreement " + share);
        int[] counts = b.classCounts();
        for (int c : counts) {
            assertTrue(Math.abs(c - a.size() / 5.0) < 0.1 * a.size(), java.util.Arrays.toString(counts));
        }
        assertArrayEquals(b.labels(), GradedSources.randomLabels(3).train().labels(), "seeded");
        assertNotEquals(java.util.Arrays.toString(b.labels()),
                java.util.Arrays.toString(GradedSources.randomLabels(4).train().labels()));
    }

    @Test
    void randomLabelArrayIsUniformAndValidated() {
        int[] labels = GradedSources.randomLabelArray(5000, 5, 1);
        int[] counts = new int[5];
        for (int l : labels) {
            counts[l]++;
        }
        for (int c : counts) {
            assertTrue(c > 900 && c < 1100, java.util.Arrays.toString(counts));
        }
        assertThrows(IllegalArgumentException.class, () -> GradedSources.randomLabelArray(0, 5, 1));
        assertThrows(IllegalArgumentException.class, () -> GradedSources.randomLabelArray(10, 1, 1));
    }
}
