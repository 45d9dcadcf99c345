package org.transferkit.multitask;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class TaskWeightingTest {

    @Test
    void equalAndFixed() {
        assertArrayEquals(new double[] {1, 1, 1}, TaskWeighting.equal().weights(0, 3));
        assertArrayEquals(new double[] {0.2, 0.0}, TaskWeighting.fixed(0.2, 0.0).weights(5, 2));
        assertThrows(IllegalArgumentException.class, () -> TaskWeighting.fixed(0.2, 0.0).weights(0, 3));
        assertThrows(IllegalArgumentException.class, () -> TaskWeighting.fixed(-1.0));
    }

    @Test
    void switchAtChangesWeightsOnce() {
        TaskWeighting w = TaskWeighting.switchAt(3, new double[] {1, 0}, new double[] {0, 1});
        assertArrayEquals(new double[] {1, 0}, w.weights(0, 2));
        assertArrayEquals(new double[] {1, 0}, w.weights(2, 2));
        assertArrayEquals(new double[] {0, 1}, w.weights(3, 2));
        assertArrayEquals(new double[] {0, 1}, w.weights(99, 2));
        assertThrows(IllegalArgumentException.class, () -> w.weights(0, 3));
        assertThrows(IllegalArgumentException.class,
                () -> TaskWeighting.switchAt(-1, new double[] {1}, new double[] {1}));
        assertThrows(IllegalArgumentException.class,
                () -> TaskWeighting.switchAt(1, new double[] {1}, new double[] {1, 0}));
        assertThrows(IllegalArgumentException.class,
                () -> TaskWeighting.switchAt(1, new double[] {-1}, new double[] {1}));
    }

    @Test
    void dynamicWeightAverageByHand() {
        TaskWeighting.DynamicWeightAverage dwa = TaskWeighting.dynamicWeightAverage(2.0, 2);
        // windows of 2 steps: a = (1, 1) then (0.5, 0.5), b = (2, 2) then (2, 2); equal weights until both are seen
        double[][] losses = {{1, 2}, {1, 2}, {0.5, 2}, {0.5, 2}};
        for (int step = 0; step < 4; step++) {
            assertArrayEquals(new double[] {1, 1}, dwa.weights(step, 2), 0.0, "step " + step);
            dwa.observe(step, losses[step]);
        }
        // r_a = 0.5 / 1, r_b = 2 / 2: w = 2 softmax(r / 2) = 2 (e^0.25, e^0.5) / (e^0.25 + e^0.5)
        double z = Math.exp(0.25) + Math.exp(0.5);
        double[] expected = {2 * Math.exp(0.25) / z, 2 * Math.exp(0.5) / z};
        assertArrayEquals(expected, dwa.weights(4, 2), 1e-12);
        assertArrayEquals(expected, dwa.weights(5, 2), 1e-12, "constant within a window");
        assertEquals(2.0, expected[0] + expected[1], 1e-12);
        assertTrue(expected[1] > expected[0], "the task whose loss did not fall gets more weight");
        // a NaN loss does not count; the next window uses the last two complete means
        dwa.observe(4, new double[] {Double.NaN, 1});
        dwa.observe(5, new double[] {0.25, 1});
        assertArrayEquals(TaskWeighting.DynamicWeightAverage.weightsFrom(new double[] {0.25, 1},
                new double[] {0.5, 2}, 2.0), dwa.weights(6, 2), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> TaskWeighting.dynamicWeightAverage(0, 2));
    }

    @Test
    void randomWeightsAreASeededSoftmax() {
        TaskWeighting a = TaskWeighting.random(9);
        TaskWeighting b = TaskWeighting.random(9);
        double[] first = null;
        for (int step = 0; step < 5; step++) {
            double[] wa = a.weights(step, 3);
            assertArrayEquals(wa, b.weights(step, 3), 0.0, "same seed, same weights");
            assertEquals(1.0, Arrays.stream(wa).sum(), 1e-12);
            for (double w : wa) {
                assertTrue(w > 0 && w < 1);
            }
            if (first == null) {
                first = wa;
            } else {
                assertFalse(Arrays.equals(first, wa), "weights are redrawn every step");
            }
        }
    }

    @Test
    void uncertaintyGradientIsExactAndConvergesToLogLoss() {
        // d/ds [exp(-s) L + s] against a central difference
        double s = 0.3;
        double loss = 1.7;
        double h = 1e-6;
        double numeric = ((Math.exp(-(s + h)) * loss + s + h) - (Math.exp(-(s - h)) * loss + s - h)) / (2 * h);
        assertEquals(numeric, TaskWeighting.Uncertainty.gradient(s, loss), 1e-8);

        TaskWeighting.Uncertainty uw = TaskWeighting.uncertainty(0.1);
        assertArrayEquals(new double[] {1, 1}, uw.weights(0, 2), 0.0);
        for (int step = 0; step < 400; step++) {
            uw.weights(step, 2);
            uw.observe(step, new double[] {2.0, 0.5});
        }
        assertEquals(Math.log(2.0), uw.logVariances()[0], 1e-6);
        assertEquals(Math.log(0.5), uw.logVariances()[1], 1e-6);
        double[] w = uw.weights(400, 2);
        assertEquals(0.5, w[0], 1e-6);  // w = 1 / L at the stationary point
        assertEquals(2.0, w[1], 1e-6);
        assertThrows(IllegalArgumentException.class, () -> TaskWeighting.uncertainty(0));
    }
}
