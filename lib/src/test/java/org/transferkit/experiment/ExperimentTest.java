package org.transferkit.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import tech.tablesaw.api.Table;

class ExperimentTest {

    /** method B is better than A by 0.05, 0.02, 0.05 over seeds 0..2; k shifts everything. */
    static double metric(String method, int k, long seed) {
        double[] a = {0.85, 0.78, 0.80};
        double[] b = {0.90, 0.80, 0.85};
        return (method.equals("A") ? a : b)[(int) seed] + k / 1000.0;
    }

    @Test
    void gridSummaryAndPaired() {
        Table t = Experiment.grid(List.of("A", "B"), new int[] {10, 100}, Experiment.seeds(0, 3), ExperimentTest::metric);
        assertEquals(12, t.rowCount());
        assertEquals(List.of("method", "k", "seed", "value"), t.columnNames());

        Table s = Experiment.summary(t);
        assertEquals(4, s.rowCount());
        assertEquals(List.of("method", "k", "n", "mean", "low", "high"), s.columnNames());
        // rows in order of first appearance: A/10, A/100, B/10, B/100
        assertEquals("A", s.stringColumn("method").get(0));
        assertEquals(10, s.intColumn("k").get(0));
        assertEquals(3, s.intColumn("n").get(0));
        assertEquals(0.81 + 0.01, s.doubleColumn("mean").get(0), 1e-12);
        // sd of {0.85,0.78,0.80} = 0.036055513; half-width = 4.3026527 * sd / sqrt(3) = 0.0895672
        assertEquals(0.82 - 0.0895672, s.doubleColumn("low").get(0), 1e-6);

        Table p = Experiment.paired(t, "B", "A");
        assertEquals(List.of("k", "n", "meanDiff", "low", "high"), p.columnNames());
        assertEquals(2, p.rowCount());
        assertEquals(0.04, p.doubleColumn("meanDiff").get(0), 1e-12);
        assertEquals(-0.003026527, p.doubleColumn("low").get(0), 1e-8);
        assertEquals(0.083026527, p.doubleColumn("high").get(1), 1e-8);
    }

    @Test
    void pairedIntervalAtOneKAndFourDecimalTables() {
        Table t = Experiment.grid(List.of("A", "B"), new int[] {10, 100}, Experiment.seeds(0, 3), ExperimentTest::metric);
        org.transferkit.stats.Interval i = Experiment.pairedInterval(t, "B", "A", 100);
        assertEquals(0.04, i.mean(), 1e-12);
        assertEquals(0.083026527, i.high(), 1e-8);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Experiment.pairedInterval(t, "B", "C", 10));
        assertTrue(e.getMessage().contains("[A, B]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Experiment.pairedInterval(t, "B", "A", 50));
        // tables show 4 decimals; the values keep their precision
        Table s = Experiment.summary(t);
        assertEquals("0.8200", s.doubleColumn("mean").getString(0));
        assertEquals(0.82, s.doubleColumn("mean").get(0), 1e-12);
        assertTrue(s.print().contains("0.8200") && !s.print().contains("0.82000000"), s.print());
    }

    @Test
    void pairingMatchesSeedsAndSkipsUnpaired() {
        Table t = Experiment.emptyResults();
        Experiment.add(t, "A", 5, 1, 0.5);
        Experiment.add(t, "B", 5, 1, 0.7);
        Experiment.add(t, "A", 5, 2, 0.6);
        Experiment.add(t, "B", 5, 3, 0.9); // no partner
        Table p = Experiment.paired(t, "B", "A");
        assertEquals(1, p.intColumn("n").get(0));
        assertEquals(0.2, p.doubleColumn("meanDiff").get(0), 1e-12);
        assertTrue(p.doubleColumn("low").isMissing(0)); // one pair: interval unknown (Tablesaw stores NaN as missing)
    }

    @Test
    void failuresNameTheRun() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Experiment.grid(List.of("A"),
                new int[] {1}, new long[] {7}, (m, k, s) -> {
                    throw new java.io.IOException("disk");
                }));
        assertTrue(e.getMessage().contains("seed=7"));
        Table t = Experiment.grid(List.of("A"), new int[] {1}, new long[] {7}, (m, k, s) -> 1.0);
        assertThrows(IllegalArgumentException.class, () -> Experiment.paired(t, "A", "nope"));
        assertThrows(IllegalArgumentException.class, () -> Experiment.summary(Table.create("x")));
        assertThrows(IllegalArgumentException.class, () -> Experiment.grid(List.of(), new int[] {1}, new long[] {1},
                (m, k, s) -> 0));
        Experiment.add(t, "A", 1, 7, 2.0);
        assertThrows(IllegalArgumentException.class, () -> Experiment.paired(t, "A", "A"));
    }
}
