package org.transferkit.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void tQuantilesMatchTables() {
        assertEquals(12.7062047, Stats.tQuantile(0.975, 1), 1e-6);
        assertEquals(4.3026527, Stats.tQuantile(0.975, 2), 1e-6);
        assertEquals(2.7764451, Stats.tQuantile(0.975, 4), 1e-6);
        assertEquals(2.2281389, Stats.tQuantile(0.975, 10), 1e-6);
        assertEquals(2.0422725, Stats.tQuantile(0.975, 30), 1e-6);
        assertEquals(1.9623391, Stats.tQuantile(0.975, 1000), 1e-6);
        assertEquals(4.0321430, Stats.tQuantile(0.995, 5), 1e-6);
        assertEquals(-2.7764451, Stats.tQuantile(0.025, 4), 1e-6);
        assertEquals(0.0, Stats.tQuantile(0.5, 3), 0.0);
        assertEquals(0.75, Stats.tCdf(1.0, 1), 1e-12); // Cauchy: 1/2 + atan(1)/pi
        assertThrows(IllegalArgumentException.class, () -> Stats.tQuantile(1.0, 3));
        assertThrows(IllegalArgumentException.class, () -> Stats.tQuantile(0.9, 0));
    }

    @Test
    void meanSdAndInterval() {
        double[] x = {1, 2, 3, 4, 5};
        assertEquals(3.0, Stats.mean(x), 1e-12);
        assertEquals(Math.sqrt(2.5), Stats.sd(x), 1e-12);
        Interval ci = Stats.ci95(x);
        assertEquals(3.0, ci.mean(), 1e-12);
        assertEquals(1.0367568, ci.low(), 1e-6);
        assertEquals(4.9632432, ci.high(), 1e-6);
        assertTrue(ci.above(1.0));
        assertFalse(ci.above(2.0));
        assertTrue(ci.below(5.0));
        assertTrue(ci.contains(3));
        assertEquals("3.0000 [1.0368, 4.9632]", ci.toString());
    }

    @Test
    void singleValueHasUnknownInterval() {
        Interval ci = Stats.ci95(new double[] {0.7});
        assertEquals(0.7, ci.mean(), 0);
        assertTrue(Double.isNaN(ci.low()));
        assertFalse(ci.above(0));
        assertFalse(ci.below(1));
        assertTrue(Double.isNaN(Stats.sd(new double[] {1})));
    }

    @Test
    void pairedInterval() {
        Interval d = Stats.pairedCi95(new double[] {0.9, 0.8, 0.85}, new double[] {0.85, 0.78, 0.8});
        assertEquals(0.04, d.mean(), 1e-12);
        assertEquals(-0.003026527, d.low(), 1e-8);
        assertEquals(0.083026527, d.high(), 1e-8);
        assertThrows(IllegalArgumentException.class, () -> Stats.pairedCi95(new double[] {1, 2}, new double[] {1}));
    }

    @Test
    void pairedIntervalAtNinetyPercentAndWithin() {
        double[] a = {0.9, 0.8, 0.85}, b = {0.85, 0.78, 0.8};
        Interval d90 = Stats.pairedCi(a, b, 0.90);
        // differences 0.05, 0.02, 0.05: sd 0.017320508, t(0.95, 2) = 2.919986
        assertEquals(0.04, d90.mean(), 1e-12);
        assertEquals(0.04 - 2.919986 * 0.017320508 / Math.sqrt(3), d90.low(), 1e-6);
        assertTrue(d90.within(0.1));
        assertFalse(d90.within(0.05), "the upper bound 0.069 is outside +-0.05");
        assertFalse(new Interval(0.0, Double.NaN, Double.NaN).within(1), "unknown bounds prove nothing");
    }

    @Test
    void spearmanWithTies() {
        assertEquals(8 / Math.sqrt(95), Stats.spearman(new double[] {1, 2, 3, 4, 5}, new double[] {5, 6, 7, 8, 7}),
                1e-12);
        assertEquals(-1.0, Stats.spearman(new double[] {1, 2, 3}, new double[] {30, 20, 10}), 1e-12);
        assertEquals(1.0, Stats.spearman(new double[] {1, 2, 3, 4}, new double[] {1, 4, 9, 100}), 1e-12);
        assertTrue(Double.isNaN(Stats.spearman(new double[] {1, 2, 3}, new double[] {2, 2, 2})));
        assertEquals(java.util.Arrays.toString(new double[] {1.5, 1.5, 3}),
                java.util.Arrays.toString(Stats.ranks(new double[] {7, 7, 9})));
    }

    @Test
    void invalidInputs() {
        assertThrows(IllegalArgumentException.class, () -> Stats.mean(new double[0]));
        assertThrows(IllegalArgumentException.class, () -> Stats.mean(null));
        assertThrows(IllegalArgumentException.class, () -> Stats.ci95(new double[] {1, Double.NaN}));
        assertThrows(IllegalArgumentException.class, () -> Stats.spearman(new double[] {1}, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> new Interval(1, 2, 3));
    }

    @Test
    void intervalFormatsScaledAndSigned() {
        assertEquals("+10.5 [+5.4, +15.6]", new Interval(0.105, 0.054, 0.156).format(100, 1));
        assertEquals("-0.020 [-0.031, -0.009]", new Interval(-0.02, -0.031, -0.009).format(1, 3));
    }

    @Test
    void differencesArePairedElementWise() {
        org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {1, -2}, Stats.differences(new double[] {3, 0}, new double[] {2, 2}));
        assertThrows(IllegalArgumentException.class, () -> Stats.differences(new double[] {1}, new double[] {1, 2}));
    }
}
