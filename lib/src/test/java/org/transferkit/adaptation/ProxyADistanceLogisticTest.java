package org.transferkit.adaptation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The proxy A-distance on raw inputs ({@link ProxyADistance#computeLogistic}), moved here from the negative-transfer lesson. */
class ProxyADistanceLogisticTest {

    private static INDArray gaussian(int n, int d, double shift, long seed) {
        Random random = new Random(seed);
        float[][] x = new float[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x[i][j] = (float) (random.nextGaussian() + (j == 0 ? shift : 0));
            }
        }
        return Nd4j.createFromArray(x);
    }

    /* d_A = 2(1 - 2e): e = 0 -> 2, e = 0.25 -> 1, e = 0.5 -> 0; e = 0.9 is flipped to 0.1 -> 1.6. */
    @Test
    void distanceFromErrorByHand() {
        assertEquals(2.0, ProxyADistance.distanceFromError(0.0), 1e-12);
        assertEquals(1.0, ProxyADistance.distanceFromError(0.25), 1e-12);
        assertEquals(0.0, ProxyADistance.distanceFromError(0.5), 1e-12);
        assertEquals(1.6, ProxyADistance.distanceFromError(0.9), 1e-12);
        assertEquals(1.6, ProxyADistance.distanceFromError(0.1), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> ProxyADistance.distanceFromError(1.5));
    }

    @Test
    void sameDistributionIsCloseAndSeparatedDomainsAreFar() {
        ProxyADistance.Result same = ProxyADistance.computeLogistic(gaussian(400, 5, 0, 1),
                gaussian(400, 5, 0, 2), 7);
        ProxyADistance.Result far = ProxyADistance.computeLogistic(gaussian(400, 5, 0, 1),
                gaussian(400, 5, 8, 2), 7);
        assertTrue(same.distance() < 0.5, "same distribution: " + same);
        assertTrue(far.distance() > 1.9, "shifted by 8 sd: " + far);
        assertTrue(same.error() <= 0.5 && far.error() <= 0.5);
        assertEquals(400, same.trainSize());
        assertEquals(400, same.testSize());
        // seeded: the same seed gives the same number
        assertEquals(same, ProxyADistance.computeLogistic(gaussian(400, 5, 0, 1), gaussian(400, 5, 0, 2), 7));
    }

    @Test
    void invalidInputIsRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> ProxyADistance.computeLogistic(gaussian(10, 3, 0, 1), gaussian(10, 4, 0, 1), 1));
        assertThrows(IllegalArgumentException.class,
                () -> ProxyADistance.computeLogistic(gaussian(1, 3, 0, 1), gaussian(10, 3, 0, 1), 1));
        assertThrows(IllegalArgumentException.class, () -> ProxyADistance.computeLogistic(null, gaussian(10, 3, 0, 1), 1));
    }
}
