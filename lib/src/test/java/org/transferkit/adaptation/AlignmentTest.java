package org.transferkit.adaptation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** CORAL, MMD and proxy A-distance on Gaussian samples with known relations. */
class AlignmentTest {

    @BeforeAll
    static void floatDefault() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    /** n rows of a d-dimensional Gaussian: standard normal times a seeded random mixing matrix, plus a shift. */
    static INDArray gaussian(int n, int d, double shift, long mixSeed, long seed) {
        Random mix = new Random(mixSeed);
        Random rnd = new Random(seed);
        double[][] a = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                a[i][j] = mix.nextGaussian() * 0.7 + (i == j ? 1 : 0);
            }
        }
        INDArray x = Nd4j.create(DataType.FLOAT, n, d);
        double[] z = new double[d];
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < d; j++) {
                z[j] = rnd.nextGaussian();
            }
            for (int j = 0; j < d; j++) {
                double v = shift;
                for (int k = 0; k < d; k++) {
                    v += z[k] * a[k][j];
                }
                x.putScalar(r, j, v);
            }
        }
        return x;
    }

    @Test
    void coralMakesSourceCovarianceEqualTargetCovariance() {
        INDArray s = gaussian(400, 6, 0, 1, 10);
        INDArray t = gaussian(300, 6, 1, 2, 11);
        INDArray ct = Coral.covariance(t);
        double before = Coral.covariance(s).sub(ct).norm2Number().doubleValue() / ct.norm2Number().doubleValue();
        INDArray aligned = Coral.align(s, t, 1e-6);
        assertEquals(DataType.FLOAT, aligned.dataType());
        double after = Coral.covariance(aligned).sub(ct).norm2Number().doubleValue() / ct.norm2Number().doubleValue();
        assertTrue(before > 0.3, "domains start apart: " + before);
        assertTrue(after < 1e-4, "relative Frobenius gap after CORAL: " + after);
        assertTrue(Coral.distance(aligned, t) < 1e-6 * Coral.distance(s, t) + 1e-9);
        // with a large ridge the match is only approximate but still much closer
        double ridge = Coral.covariance(Coral.align(s, t, 1.0)).sub(ct).norm2Number().doubleValue()
                / ct.norm2Number().doubleValue();
        assertTrue(ridge < before);
    }

    @Test
    void coralRejectsBadInput() {
        INDArray s = gaussian(10, 3, 0, 1, 1);
        assertThrows(IllegalArgumentException.class, () -> Coral.align(s, gaussian(10, 4, 0, 1, 2), 1));
        assertThrows(IllegalArgumentException.class, () -> Coral.align(s, s, 0));
        assertThrows(IllegalArgumentException.class, () -> Coral.align(s, s, -1));
        assertThrows(IllegalArgumentException.class, () -> Coral.covariance(Nd4j.zeros(1, 3)));
    }

    @Test
    void mmdIsZeroForTheSameSampleAndGrowsWithShift() {
        INDArray x = gaussian(200, 4, 0, 1, 20);
        double gamma = Mmd.medianHeuristicGamma(x, x);
        assertTrue(gamma > 0);
        assertEquals(0.0, Mmd.rbfBiased(x, x, gamma), 1e-9);
        assertEquals(0.0, Mmd.rbf(x, x, gamma), 0.01);
        double same = Mmd.rbf(x, gaussian(200, 4, 0, 1, 21), gamma);
        double small = Mmd.rbf(x, gaussian(200, 4, 0.5, 1, 22), gamma);
        double medium = Mmd.rbf(x, gaussian(200, 4, 1.0, 1, 23), gamma);
        double large = Mmd.rbf(x, gaussian(200, 4, 2.0, 1, 24), gamma);
        assertTrue(Math.abs(same) < 0.02, "same distribution: " + same);
        assertTrue(same < small && small < medium && medium < large,
                same + " < " + small + " < " + medium + " < " + large);
        assertTrue(Mmd.rbfBiased(x, gaussian(200, 4, 2.0, 1, 24), gamma) > 0.1);
    }

    @Test
    void mmdRejectsBadInput() {
        INDArray x = gaussian(10, 3, 0, 1, 1);
        assertThrows(IllegalArgumentException.class, () -> Mmd.rbf(x, x, 0));
        assertThrows(IllegalArgumentException.class, () -> Mmd.rbf(x, x, -1));
        assertThrows(IllegalArgumentException.class, () -> Mmd.rbf(x, gaussian(10, 2, 0, 1, 1), 1));
        assertThrows(IllegalArgumentException.class, () -> Mmd.rbfBiased(Nd4j.zeros(1, 3), x, 1));
    }

    @Test
    void proxyADistanceIsNearZeroForOneDistributionAndNearTwoForSeparableOnes() {
        INDArray a = gaussian(400, 5, 0, 1, 30);
        INDArray b = gaussian(400, 5, 0, 1, 31);
        INDArray far = gaussian(400, 5, 12, 1, 32);
        ProxyADistance.Result same = ProxyADistance.compute(a, b, 7);
        ProxyADistance.Result apart = ProxyADistance.compute(a, far, 7);
        assertTrue(same.distance() < 0.35, "same distribution: " + same);
        assertTrue(same.error() <= 0.5 && same.error() > 0.4, same.toString());
        assertTrue(apart.distance() > 1.9, "separable: " + apart);
        assertEquals(400, same.trainSize());
        assertEquals(400, same.testSize());
        assertEquals(same, ProxyADistance.compute(a, b, 7), "seeded");
    }

    @Test
    void proxyADistanceRejectsBadInput() {
        INDArray x = gaussian(10, 3, 0, 1, 1);
        assertThrows(IllegalArgumentException.class, () -> ProxyADistance.compute(x, gaussian(10, 2, 0, 1, 1), 1));
        assertThrows(IllegalArgumentException.class, () -> ProxyADistance.compute(x, Nd4j.zeros(3, 3), 1));
        assertThrows(IllegalArgumentException.class, () -> ProxyADistance.compute(x, x, 0, 1));
    }
}
