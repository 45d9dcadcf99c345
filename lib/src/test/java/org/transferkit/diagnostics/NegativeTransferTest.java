package org.transferkit.diagnostics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NegativeTransferTest {

    /*
     * Worked by hand. Errors with source (0.10, 0.12, 0.14), without (0.10, 0.10, 0.10):
     *   per-seed NTG d = (0, 0.02, 0.04), mean 0.02, sd = sqrt((0.02^2 + 0 + 0.02^2) / 2) = 0.02,
     *   standard error 0.02 / sqrt(3) = 0.0115470, t(0.975, 2 df) = 4.3026527,
     *   half-width 0.0496826, interval [-0.0296826, 0.0696826]: inconclusive with 3 seeds.
     */
    @Test
    void pairedIntervalHandCase() {
        NegativeTransfer.Gap gap = NegativeTransfer.gap(new double[] {0.10, 0.12, 0.14}, new double[] {0.10, 0.10, 0.10});
        assertArrayEquals(new double[] {0, 0.02, 0.04}, gap.perSeed(), 1e-12);
        assertEquals(0.02, gap.mean(), 1e-12);
        assertEquals(-0.0296826, gap.low(), 1e-6);
        assertEquals(0.0696826, gap.high(), 1e-6);
        assertTrue(gap.inconclusive());
        assertFalse(gap.negative());
    }

    @Test
    void tQuantilesMatchTables() {
        assertEquals(12.7062047, NegativeTransfer.tQuantile975(1), 1e-6);
        assertEquals(4.3026527, NegativeTransfer.tQuantile975(2), 1e-6);
        assertEquals(2.2621572, NegativeTransfer.tQuantile975(9), 1e-6);
        assertEquals(1.9839715, NegativeTransfer.tQuantile975(100), 1e-6);
    }

    @Test
    void clearGapsAreClassified() {
        NegativeTransfer.Gap worse = NegativeTransfer.gap(new double[] {0.20, 0.21, 0.22, 0.20},
                new double[] {0.10, 0.10, 0.11, 0.10});
        assertTrue(worse.negative());
        assertFalse(worse.positive());
        NegativeTransfer.Gap better = NegativeTransfer.gap(new double[] {0.05, 0.06, 0.05},
                new double[] {0.15, 0.15, 0.16});
        assertTrue(better.positive());
        assertTrue(better.toString().contains("positive transfer"));
    }

    @Test
    void invalidInputIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> NegativeTransfer.gap(new double[] {0.1}, new double[] {0.2}));
        assertThrows(IllegalArgumentException.class,
                () -> NegativeTransfer.gap(new double[] {0.1, 0.2}, new double[] {0.2}));
        assertThrows(IllegalArgumentException.class,
                () -> NegativeTransfer.gap(new double[] {0.1, Double.NaN}, new double[] {0.2, 0.1}));
        assertThrows(IllegalArgumentException.class, () -> NegativeTransfer.gap(null, new double[] {0.2, 0.1}));
    }
}
