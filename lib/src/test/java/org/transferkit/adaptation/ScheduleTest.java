package org.transferkit.adaptation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ScheduleTest {

    @Test
    void ganinScheduleMatchesThePaperValues() {
        Schedule lambda = Schedule.ganinLambda(1.0);
        double[] p = {0, 0.05, 0.1, 0.2, 0.3, 0.5, 1.0};
        double[] expected = {0, 0.245, 0.462, 0.762, 0.905, 0.987, 1.0};
        for (int i = 0; i < p.length; i++) {
            assertEquals(expected[i], lambda.valueAt(p[i]), 0.001, "lambda at p=" + p[i]);
        }
        assertEquals(6 * 0.762, Schedule.ganinLambda(6).valueAt(0.2), 0.01);
        Schedule lr = Schedule.ganinLearningRate(0.01);
        assertEquals(0.01, lr.valueAt(0), 1e-12);
        assertEquals(0.0026, lr.valueAt(0.5), 0.0001);
        assertEquals(0.00166, lr.valueAt(1), 0.00001);
        assertEquals(0.0, Schedule.constant(0).valueAt(0.7));
    }

    @Test
    void rejectsInvalidParameters() {
        assertThrows(IllegalArgumentException.class, () -> Schedule.ganinLambda(-1));
        assertThrows(IllegalArgumentException.class, () -> Schedule.ganinLambda(0, 1));
        assertThrows(IllegalArgumentException.class, () -> Schedule.ganinLearningRate(0));
        assertThrows(IllegalArgumentException.class, () -> Schedule.ganinLearningRate(0.1, -1, 0.75));
        assertThrows(IllegalArgumentException.class, () -> Schedule.constant(Double.NaN));
    }
}
