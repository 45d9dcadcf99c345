package org.transferkit.lessons.negative;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.transferkit.diagnostics.NegativeTransfer;
import org.transferkit.experiment.Experiment;
import tech.tablesaw.api.Table;

class NtgTableTest {

    /*
     * Errors of 3 seeds: scratch 0.10, 0.20, 0.30; "bad" 0.12, 0.23, 0.31 (gaps 0.02, 0.03, 0.01: mean 0.02, sd 0.01,
     * half-width t(0.975, 2) * 0.01 / sqrt 3 = 4.3027 * 0.005774 = 0.02484); "good" one seed short of the others.
     */
    @Test
    void pairsBySeedAndReportsPoints() {
        Table results = Experiment.emptyResults();
        double[] scratch = {0.10, 0.20, 0.30};
        double[] bad = {0.12, 0.23, 0.31};
        for (int s = 0; s < 3; s++) {
            Experiment.add(results, "scratch", 10, s, scratch[s]);
            Experiment.add(results, "bad", 10, s, bad[s]);
        }
        Experiment.add(results, "good", 10, 0, 0.05);
        Experiment.add(results, "good", 10, 2, 0.25);
        Map<String, NegativeTransfer.Gap> gaps = NtgTable.gaps(results, "scratch");
        assertEquals(2, gaps.size());
        assertArrayEquals(new double[] {0.02, 0.03, 0.01}, gaps.get("bad").perSeed(), 1e-12);
        assertEquals(0.02, gaps.get("bad").mean(), 1e-12);
        assertEquals(0.02 - 0.024841, gaps.get("bad").low(), 1e-5);
        assertArrayEquals(new double[] {-0.05, -0.05}, gaps.get("good").perSeed(), 1e-12);
        Table t = NtgTable.table("NTG", gaps, 100);
        assertEquals("bad", t.stringColumn("arm").get(0));
        assertEquals(2.0, t.doubleColumn("NTG").get(0), 1e-9);
        assertEquals(3, t.intColumn("seeds above 0").get(0));
        assertEquals("inconclusive", t.stringColumn("verdict").get(0));
        assertEquals(2, t.intColumn("seeds").get(1));
    }

    @Test
    void invalidInputIsRejected() {
        Table results = Experiment.emptyResults();
        Experiment.add(results, "scratch", 10, 0, 0.1);
        Experiment.add(results, "arm", 10, 0, 0.1);
        assertThrows(IllegalArgumentException.class, () -> NtgTable.gaps(results, "missing"));
        assertThrows(IllegalArgumentException.class, () -> NtgTable.gaps(results, "scratch"), "one shared seed");
        Experiment.add(results, "arm", 10, 0, 0.2);
        assertThrows(IllegalArgumentException.class, () -> NtgTable.gaps(results, "scratch"), "duplicate seed");
        assertThrows(IllegalArgumentException.class, () -> NtgTable.table("t", Map.of(), 100));
    }

    @Test
    void combineKeepsEveryRowInOrder() {
        Table a = org.transferkit.experiment.Experiment.emptyResults();
        org.transferkit.experiment.Experiment.add(a, "scratch", 10, 1, 0.2);
        org.transferkit.experiment.Experiment.add(a, "scratch", 10, 2, 0.3);
        Table b = org.transferkit.experiment.Experiment.emptyResults();
        org.transferkit.experiment.Experiment.add(b, "arm", 10, 1, 0.25);
        org.transferkit.experiment.Experiment.add(b, "arm", 10, 2, 0.25);
        Table all = NtgTable.combine(a, b);
        org.junit.jupiter.api.Assertions.assertEquals(4, all.rowCount());
        org.junit.jupiter.api.Assertions.assertEquals("arm", all.stringColumn("method").get(2));
        org.junit.jupiter.api.Assertions.assertEquals(0.05, NtgTable.gaps(all, "scratch").get("arm").perSeed()[0], 1e-6);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> NtgTable.combine());
    }
}
