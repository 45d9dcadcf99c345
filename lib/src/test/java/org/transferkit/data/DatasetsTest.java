package org.transferkit.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;

/** Loads the real converted datasets (Fashion-MNIST only where environment/prepare-datasets.sh has produced it). */
class DatasetsTest {

    @Test
    void mnistHasTenThousandDigits() {
        ImageDataset m = Datasets.mnist();
        assertEquals(10_000, m.size());
        assertEquals(28, m.width());
        assertEquals(28, m.height());
        assertEquals(1, m.channels());
        assertEquals(10, m.numClasses());
        assertArrayEquals(new int[]{1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978}, m.classCounts());
        assertArrayEquals(new String[]{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}, m.classNames());
        assertRange(m);
        assertSame(m, Datasets.mnist(), "cached after the first load");
    }

    @Test
    void optdigitsIsEightByEightWithSixteenLevels() {
        ImageDataset o = Datasets.optdigits();
        assertEquals(1797, o.size());
        assertEquals(8, o.width());
        assertEquals(8, o.height());
        assertArrayEquals(new int[]{178, 182, 177, 183, 181, 182, 181, 179, 174, 180}, o.classCounts());
        assertRange(o);
        // first row of digits.csv.gz: 0,0,5,13,9,1,0,0 ... label 0
        assertEquals(5f / 16f, o.pixels()[0][2], 1e-7);
        assertEquals(13f / 16f, o.pixels()[0][3], 1e-7);
        assertEquals(0, o.label(0));
        DataSet ds = o.toDataSet();
        assertArrayEquals(new long[]{1797, 64}, ds.getFeatures().shape());
        assertArrayEquals(new long[]{1797, 10}, ds.getLabels().shape());
        assertEquals(DataType.FLOAT, ds.getFeatures().dataType());
    }

    @Test
    void optdigits28MatchesMnistGeometry() {
        ImageDataset o = Datasets.optdigits28();
        assertEquals(28, o.width());
        assertEquals(28, o.height());
        assertEquals(1797, o.size());
        assertEquals(0f, o.pixels()[0][0]);
        TrainTest a = Datasets.optdigitsSplit();
        TrainTest b = Datasets.optdigits28Split();
        assertArrayEquals(a.test().labels(), b.test().labels());
    }

    @Test
    void fixedSplitsAreStratifiedAndStable() {
        TrainTest s = Datasets.mnistSplit();
        assertSame(s, Datasets.mnistSplit());
        assertEquals(8000, s.train().size());
        assertEquals(2000, s.test().size());
        int[] testCounts = s.test().classCounts();
        int[] all = Datasets.mnist().classCounts();
        for (int c = 0; c < 10; c++) {
            assertEquals(Math.round(all[c] * 0.2), testCounts[c], 1.0);
        }
        TrainTest again = Datasets.split(Datasets.mnist());
        assertArrayEquals(s.test().labels(), again.test().labels());
        assertArrayEquals(s.test().pixels()[7], again.test().pixels()[7]);
    }

    @Test
    void fashionMnistHasSeventyThousandImages() {
        Path dir = DatasetCatalog.locate();
        assumeTrue(Files.exists(dir.resolve("fashion-mnist/" + DatasetCatalog.IMAGES_FILE)),
                "Fashion-MNIST not produced yet: run bash environment/prepare-datasets.sh");
        ImageDataset f = Datasets.fashionMnist();
        assertEquals(70_000, f.size());
        assertEquals(28, f.width());
        for (int c : f.classCounts()) {
            assertEquals(7000, c);
        }
        assertEquals("Ankle boot", f.classNames()[9]);
        assertEquals("T-shirt/top", f.classNames()[0]);
        assertRange(f.sample(2000, 1));
    }

    private static void assertRange(ImageDataset d) {
        float max = 0;
        for (float[] row : d.pixels()) {
            for (float v : row) {
                assertTrue(v >= 0f && v <= 1f);
                max = Math.max(max, v);
            }
        }
        assertEquals(1f, max, "some pixel reaches the maximum");
    }
}
