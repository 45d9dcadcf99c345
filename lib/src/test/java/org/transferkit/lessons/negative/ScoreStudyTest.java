package org.transferkit.lessons.negative;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.transferkit.stats.Interval;
import tech.tablesaw.api.Table;

class ScoreStudyTest {

    /*
     * Three sources, three seeds. NTG: A = (.01, .02, .00), B = (.05, .04, .06), C = (-.01, .00, -.02), so every seed
     * orders them C best, A, B worst. A score that says C > A > B on every seed agrees perfectly (rho = +1 per seed),
     * picks C and avoids B: NTG(C) - NTG(B) = (-.06, -.04, -.08), mean -.06, sd .02, 95% half-width
     * t(.975, 2) * .02 / sqrt 3 = 4.302653 * .011547 = .049683.
     */
    private static ScoreStudy study() {
        Map<String, double[]> ntg = new LinkedHashMap<>();
        ntg.put("A", new double[] {0.01, 0.02, 0.00});
        ntg.put("B", new double[] {0.05, 0.04, 0.06});
        ntg.put("C", new double[] {-0.01, 0.00, -0.02});
        Map<String, double[]> good = new LinkedHashMap<>();
        good.put("A", new double[] {2, 2, 2});
        good.put("B", new double[] {1, 0, 1});
        good.put("C", new double[] {3, 5, 4});
        Map<String, double[]> reversed = new LinkedHashMap<>();
        reversed.put("A", new double[] {-2, -2, -2});
        reversed.put("B", new double[] {-1, 0, -1});
        reversed.put("C", new double[] {-3, -5, -4});
        Map<String, Double> tie = new LinkedHashMap<>();
        tie.put("A", 1.0);
        tie.put("B", 1.0);
        tie.put("C", 2.0);
        return new ScoreStudy(ntg).addScore("good", good).addScore("reversed", reversed).addConstantScore("tie", tie);
    }

    /** The same scores against reversed gaps: every agreement flips sign, the picks stay, the pick gain flips. */
    @Test
    void theSameScoresAgainstOtherGaps() {
        Map<String, double[]> flipped = new LinkedHashMap<>();
        flipped.put("A", new double[] {-0.01, -0.02, -0.00});
        flipped.put("B", new double[] {-0.05, -0.04, -0.06});
        flipped.put("C", new double[] {0.01, 0.00, 0.02});
        ScoreStudy s = study().againstGaps(flipped);
        assertArrayEquals(new double[] {-1, -1, -1}, s.rankAgreementPerSeed("good"), 1e-12);
        assertArrayEquals(new String[] {"C", "C", "C"}, s.picks("good"));
        assertEquals(0.06, s.pickMinusWorst("good").mean(), 1e-12);
        Map<String, double[]> fewer = new LinkedHashMap<>(flipped);
        fewer.remove("C");
        assertThrows(IllegalArgumentException.class, () -> study().againstGaps(fewer));
    }

    @Test
    void perfectAndReversedScores() {
        ScoreStudy s = study();
        assertArrayEquals(new double[] {1, 1, 1}, s.rankAgreementPerSeed("good"), 1e-12);
        assertArrayEquals(new double[] {-1, -1, -1}, s.rankAgreementPerSeed("reversed"), 1e-12);
        assertEquals(1.0, s.rankAgreementOfMeans("good"), 1e-12);
        assertArrayEquals(new String[] {"C", "C", "C"}, s.picks("good"));
        assertArrayEquals(new String[] {"B", "B", "B"}, s.worst("good"));
        Interval d = s.pickMinusWorst("good");
        assertEquals(-0.06, d.mean(), 1e-12);
        assertEquals(-0.06 + 0.049683, d.high(), 1e-5);
        assertEquals(0.06, s.pickMinusWorst("reversed").mean(), 1e-12);
    }

    /*
     * Ties: the constant score gives A and B rank 1.5, C rank 3; -NTG ranks B 1, A 2, C 3 on every seed. Spearman =
     * Pearson of (1.5, 1.5, 3) and (2, 1, 3) = 0.8660254. Picks C; the worst of the tied A and B is B (ties are broken
     * by name, A before B).
     */
    @Test
    void tiesAreAveragedAndBrokenByName() {
        ScoreStudy s = study();
        assertArrayEquals(new double[] {Math.sqrt(3) / 2, Math.sqrt(3) / 2, Math.sqrt(3) / 2},
                s.rankAgreementPerSeed("tie"), 1e-9);
        assertArrayEquals(new String[] {"B", "B", "B"}, s.worst("tie"));
        Table summary = s.summary(100);
        assertEquals(3, summary.rowCount());
        assertEquals("C", summary.stringColumn("picks most often").get(0));
        assertEquals(3, summary.intColumn("times").get(0));
        assertEquals(-6.0, summary.doubleColumn("NTG best - worst").get(0), 1e-9);
        Table means = s.means(100);
        assertEquals(5.0, means.doubleColumn("NTG").get(1), 1e-9);
        assertEquals(java.util.List.of("good", "reversed", "tie"), s.scoreNames());
        assertEquals(2.0 / 3, s.mean("good", "B"), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> s.mean("good", "D"));
    }

    @Test
    void invalidInputIsRejected() {
        Map<String, double[]> one = new LinkedHashMap<>();
        one.put("A", new double[] {0.1, 0.2});
        assertThrows(IllegalArgumentException.class, () -> new ScoreStudy(one));
        ScoreStudy s = study();
        Map<String, double[]> shortScore = new LinkedHashMap<>();
        shortScore.put("A", new double[] {1});
        shortScore.put("B", new double[] {1});
        shortScore.put("C", new double[] {1});
        assertThrows(IllegalArgumentException.class, () -> s.addScore("short", shortScore));
        Map<String, double[]> nan = new LinkedHashMap<>();
        nan.put("A", new double[] {1, 2, Double.NaN});
        nan.put("B", new double[] {1, 2, 3});
        nan.put("C", new double[] {1, 2, 3});
        assertThrows(IllegalArgumentException.class, () -> s.addScore("nan", nan));
        Map<String, double[]> infinite = new LinkedHashMap<>(nan);
        infinite.put("A", new double[] {1, Double.NEGATIVE_INFINITY, 3}); // what a broken LogME once returned
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.addScore("LogME", infinite));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("-Infinity"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> s.meanPlainHScore("A")); // only addTransferability has it
        assertThrows(IllegalArgumentException.class, () -> s.picks("unknown"));
        assertThrows(IllegalArgumentException.class, () -> s.addConstantScore("partial", Map.of("A", 1.0)));
    }
}
