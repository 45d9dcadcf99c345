package org.transferkit.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.transferkit.experiment.Experiment;
import org.transferkit.stats.Interval;
import org.transferkit.stats.Stats;
import tech.tablesaw.api.Table;

class ResultViewsTest {
    private static Table results() {
        Table t = Experiment.emptyResults();
        double[][] a = {{0.5, 0.6, 0.7}, {0.9, 0.92, 0.94}};
        double[][] b = {{0.4, 0.45, 0.65}, {0.9, 0.91, 0.95}};
        int[] ks = {1, 10};
        for (int i = 0; i < 2; i++) {
            for (int s = 2; s >= 0; s--) { // seeds out of order on purpose
                Experiment.add(t, "a", ks[i], s, a[i][s]);
                Experiment.add(t, "b", ks[i], s, b[i][s]);
            }
        }
        Experiment.add(t, "b", 1, 9, 0.3); // a seed only b ran
        return t;
    }

    @Test
    void valuesAreOrderedBySeedAndPairedBySeed() {
        Table t = results();
        assertArrayEquals(new double[] {0.5, 0.6, 0.7}, ResultViews.values(t, "a", 1), 0);
        Interval gain = ResultViews.paired(t, "a", "b", 1);
        Interval expected = Stats.pairedCi95(new double[] {0.5, 0.6, 0.7}, new double[] {0.4, 0.45, 0.65});
        assertEquals(expected.mean(), gain.mean(), 1e-12);
        assertEquals(expected.low(), gain.low(), 1e-12);
        assertEquals(3, ResultViews.pairedCount(t, "a", "b", 1));
        assertThrows(IllegalArgumentException.class, () -> ResultViews.values(t, "c", 1));
        assertThrows(IllegalArgumentException.class, () -> ResultViews.paired(t, "a", "b", 5));
    }

    @Test
    void curvesAndPairedCurvesAreSortedByK() {
        Table t = results();
        Map<String, double[][]> curves = ResultViews.curves(Experiment.summary(t), List.of("b", "a"), 100);
        assertEquals(List.of("b", "a"), List.copyOf(curves.keySet()));
        double[][] a = curves.get("a");
        assertArrayEquals(new double[] {1, 10}, a[0], 0);
        assertEquals(60, a[1][0], 1e-9);
        assertEquals(92, a[1][1], 1e-9);
        double[][] gain = ResultViews.pairedCurve(Experiment.paired(t, "a", "b"), 1);
        assertArrayEquals(new double[] {1, 10}, gain[0], 0);
        assertThrows(IllegalArgumentException.class, () -> ResultViews.curves(Experiment.summary(t), List.of("c"), 1));
    }

    @Test
    void wideTableHasOneColumnPerMethod() {
        Table w = ResultViews.wide(Experiment.summary(results()), List.of("a", "b"));
        assertEquals(List.of("k", "seeds", "a", "b"), w.columnNames());
        assertEquals(2, w.rowCount());
        assertEquals(4, w.intColumn("seeds").get(0), "b ran 4 seeds at k = 1");
        assertEquals("60.0 [35.2, 84.8]", w.stringColumn("a").get(0));
        assertEquals("63.1", ResultViews.cell(0.631, Double.NaN, Double.NaN));
    }
}
