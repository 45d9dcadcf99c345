package org.transferkit.adaptation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Comparator;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class TwoMoonsTest {

    @Test
    void sameSeedSamePoints() {
        TwoMoons.Domains a = TwoMoons.paper(3);
        TwoMoons.Domains b = TwoMoons.paper(3);
        TwoMoons.Domains c = TwoMoons.paper(4);
        assertEquals(a.source().getFeatures(), b.source().getFeatures());
        assertEquals(a.target().getFeatures(), b.target().getFeatures());
        assertEquals(a.targetTest().getLabels(), b.targetTest().getLabels());
        assertNotEquals(a.source().getFeatures(), c.source().getFeatures());
        assertArrayEquals(new long[] {150, 2}, a.source().getFeatures().shape());
        assertArrayEquals(new long[] {150, 2}, a.target().getLabels().shape());
        assertArrayEquals(new long[] {1000, 2}, a.targetTest().getFeatures().shape());
        assertEquals(75.0, a.source().getLabels().sum(0).getDouble(0), 0);
        assertEquals(0.0, a.source().getFeatures().mean(0).norm2Number().doubleValue(), 1e-5, "source is centred");
    }

    @Test
    void targetIsTheSourceRotated() {
        // without noise both domains lie on the same curve; rotating the target back recovers the source points
        TwoMoons.Domains d = TwoMoons.generate(40, 0.0, 35, 10, 9);
        double[][] src = d.source().getFeatures().toDoubleMatrix();
        double[][] tgt = d.target().getFeatures().toDoubleMatrix();
        double back = Math.toRadians(-35);
        for (double[] p : tgt) {
            double x = Math.cos(back) * p[0] - Math.sin(back) * p[1];
            double y = Math.sin(back) * p[0] + Math.cos(back) * p[1];
            p[0] = x;
            p[1] = y;
        }
        Comparator<double[]> order = Comparator.<double[]>comparingDouble(p -> p[0]).thenComparingDouble(p -> p[1]);
        Arrays.sort(src, order);
        Arrays.sort(tgt, order);
        for (int i = 0; i < src.length; i++) {
            assertEquals(src[i][0], tgt[i][0], 1e-5);
            assertEquals(src[i][1], tgt[i][1], 1e-5);
        }
        INDArray labels = d.target().getLabels();
        assertEquals(20.0, labels.sum(0).getDouble(1), 0);
    }

    @Test
    void rejectsBadSettings() {
        assertThrows(IllegalArgumentException.class, () -> TwoMoons.generate(1, 0.05, 35, 10, 1));
        assertThrows(IllegalArgumentException.class, () -> TwoMoons.generate(10, -0.05, 35, 10, 1));
        assertThrows(IllegalArgumentException.class, () -> TwoMoons.generate(10, 0.05, 35, 0, 1));
    }
}
