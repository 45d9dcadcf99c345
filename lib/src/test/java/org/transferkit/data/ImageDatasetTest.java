package org.transferkit.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;

/** ImageDataset operations on small synthetic data. */
class ImageDatasetTest {

    /** n images of w x h, label i % classes, pixel value encodes the image index. */
    static ImageDataset synthetic(int n, int w, int h, int classes) {
        float[][] p = new float[n][w * h];
        int[] l = new int[n];
        for (int i = 0; i < n; i++) {
            Arrays.fill(p[i], (i % 100) / 100f);
            l[i] = i % classes;
        }
        String[] names = new String[classes];
        for (int c = 0; c < classes; c++) {
            names[c] = "c" + c;
        }
        return new ImageDataset("syn", w, h, 1, p, l, names);
    }

    @Test
    void classesKeepsAndRelabelsInTheGivenOrder() {
        ImageDataset d = synthetic(50, 2, 2, 5);
        ImageDataset b = d.classes(4, 1);
        assertEquals(20, b.size());
        assertArrayEquals(new String[]{"c4", "c1"}, b.classNames());
        assertArrayEquals(new int[]{10, 10}, b.classCounts());
        for (int i = 0; i < b.size(); i++) {
            int original = Math.round(b.pixels()[i][0] * 100) % 5;
            assertEquals(original == 4 ? 0 : 1, b.label(i));
        }
        assertThrows(IllegalArgumentException.class, () -> d.classes(1, 1));
        assertThrows(IllegalArgumentException.class, () -> d.classes(7));
        assertThrows(IllegalArgumentException.class, () -> d.classes());
    }

    @Test
    void splitIsStratifiedSeededAndDisjoint() {
        ImageDataset d = synthetic(100, 2, 2, 4);
        ImageDataset[] a = d.split(0.8, 7);
        ImageDataset[] b = d.split(0.8, 7);
        assertEquals(80, a[0].size());
        assertEquals(20, a[1].size());
        assertArrayEquals(new int[]{5, 5, 5, 5}, a[1].classCounts());
        assertArrayEquals(a[1].pixels(), b[1].pixels());
        assertNotEquals(Arrays.deepToString(a[1].pixels()), Arrays.deepToString(d.split(0.8, 8)[1].pixels()));
        boolean[] seen = new boolean[100];
        for (ImageDataset part : a) {
            for (float[] row : part.pixels()) {
                int i = Math.round(row[0] * 100);
                assertTrue(!seen[i], "image in both parts");
                seen[i] = true;
            }
        }
        assertThrows(IllegalArgumentException.class, () -> d.split(1.0, 1));
        assertThrows(IllegalArgumentException.class, () -> d.split(0, 1));
    }

    @Test
    void sampleSubsetAndWithLabels() {
        ImageDataset d = synthetic(30, 2, 2, 3);
        assertArrayEquals(d.sample(10, 3).labels(), d.sample(10, 3).labels());
        assertEquals(10, d.sample(10, 3).size());
        assertThrows(IllegalArgumentException.class, () -> d.sample(31, 1));
        assertThrows(IllegalArgumentException.class, () -> d.sample(0, 1));
        ImageDataset s = d.subset(new int[]{5, 1});
        assertArrayEquals(new int[]{2, 1}, s.labels());
        assertThrows(IllegalArgumentException.class, () -> d.subset(new int[]{30}));
        int[] parity = new int[30];
        for (int i = 0; i < 30; i++) {
            parity[i] = i % 2;
        }
        ImageDataset p = d.withLabels(parity, new String[]{"even", "odd"});
        assertEquals(2, p.numClasses());
        assertThrows(IllegalArgumentException.class, () -> d.withLabels(new int[29], new String[]{"a"}));
        assertThrows(IllegalArgumentException.class, () -> d.withLabels(new int[30], new String[0]));
        int[] bad = parity.clone();
        bad[0] = 2;
        assertThrows(IllegalArgumentException.class, () -> d.withLabels(bad, new String[]{"even", "odd"}));
    }

    @Test
    void resizeEightByEightToTwentyEight() {
        float[] img = new float[64];
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                img[y * 8 + x] = x / 7f;  // horizontal ramp 0..1
            }
        }
        float[] flat = new float[64];
        Arrays.fill(flat, 0.5f);
        ImageDataset d = new ImageDataset("ramp", 8, 8, 1, new float[][]{img, flat}, new int[]{0, 1}, new String[]{"a", "b"});
        ImageDataset r = d.resize(28, 28);
        assertEquals(28, r.width());
        assertEquals(28, r.height());
        assertEquals(784, r.pixels()[0].length);
        for (float v : r.pixels()[1]) {
            assertEquals(0.5f, v, 1e-6f, "a constant image stays constant");
        }
        float[] out = r.pixels()[0];
        assertEquals(0f, out[0], 1e-6f);
        assertEquals(1f, out[27], 1e-6f);
        for (int y = 0; y < 28; y++) {
            for (int x = 1; x < 28; x++) {
                assertTrue(out[y * 28 + x] >= out[y * 28 + x - 1] - 1e-6f, "ramp stays monotone");
                assertEquals(out[x], out[y * 28 + x], 1e-6f, "rows identical");
            }
        }
        // centre of output pixel 14 maps to source x = 14.5*8/28 - 0.5 = 3.642857: value 3.642857/7
        assertEquals(3.642857f / 7f, out[14], 1e-5f);
        ImageDataset padded = d.resize(20, 20).pad(4);
        assertEquals(28, padded.width());
        assertEquals(0f, padded.pixels()[1][0]);
        assertEquals(0.5f, padded.pixels()[1][4 * 28 + 4], 1e-6f);
        assertThrows(IllegalArgumentException.class, () -> d.resize(0, 5));
    }

    @Test
    void toDataSetIsFlatFloatWithOneHotLabels() {
        ImageDataset d = synthetic(6, 3, 2, 3);
        DataSet ds = d.toDataSet();
        assertArrayEquals(new long[]{6, 6}, ds.getFeatures().shape());
        assertArrayEquals(new long[]{6, 3}, ds.getLabels().shape());
        assertEquals(1f, ds.getLabels().getFloat(4, 1));
        assertEquals(0f, ds.getLabels().getFloat(4, 0));
        assertEquals(0.05f, ds.getFeatures().getFloat(5, 2), 1e-6f);
        assertArrayEquals(new long[]{6, 5}, d.toDataSet(5).getLabels().shape());
        assertThrows(IllegalArgumentException.class, () -> d.toDataSet(2));
    }

    @Test
    void rejectsEmptyAndInconsistentData() {
        assertThrows(IllegalArgumentException.class,
                () -> new ImageDataset("e", 2, 2, 1, new float[0][], new int[0], new String[]{"a"}));
        assertThrows(IllegalArgumentException.class,
                () -> new ImageDataset("e", 2, 2, 1, new float[][]{new float[3]}, new int[]{0}, new String[]{"a"}));
        assertThrows(IllegalArgumentException.class,
                () -> new ImageDataset("e", 2, 2, 1, new float[][]{new float[4]}, new int[]{1}, new String[]{"a"}));
    }
}
