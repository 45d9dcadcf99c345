package org.transferkit.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.transferkit.stats.Interval;
import org.transferkit.stats.Stats;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Views of {@link org.transferkit.experiment.Experiment} tables for the lessons: learning curves per method for
 * {@code Charts.learningCurves}, a paired-difference curve, per-seed values and paired intervals, and a wide table
 * with one column per method. Rows are selected by plain loops: Tablesaw's {@code Table.where} fails on this
 * class path (an {@code AbstractMethodError} from a RoaringBitmap version that does not match Tablesaw 0.43.1).
 */
public final class ResultViews {
    private ResultViews() {
    }

    /**
     * One learning curve per method from an {@code Experiment.summary} table: {@code {k, mean, low, high}} with k
     * ascending, in the order of {@code methods}, values multiplied by {@code scale} (100 for percent).
     *
     * @throws IllegalArgumentException if a method is not in the table
     */
    public static Map<String, double[][]> curves(Table summary, List<String> methods, double scale) {
        requireColumns(summary, "method", "k", "mean", "low", "high");
        Map<String, double[][]> out = new LinkedHashMap<>();
        for (String method : methods) {
            List<Integer> rows = rowsOf(summary, method);
            if (rows.isEmpty()) {
                throw new IllegalArgumentException("method '" + method + "' is not in the summary; it has "
                        + summary.stringColumn("method").unique().asList());
            }
            out.put(method, fourColumns(summary, rows, "mean", scale));
        }
        return out;
    }

    /**
     * A paired-difference table from {@code Experiment.paired} as one curve {@code {k, meanDiff, low, high}}, k
     * ascending, values multiplied by {@code scale}.
     */
    public static double[][] pairedCurve(Table paired, double scale) {
        requireColumns(paired, "k", "meanDiff", "low", "high");
        if (paired.rowCount() == 0) {
            throw new IllegalArgumentException("the paired table is empty");
        }
        List<Integer> rows = new ArrayList<>();
        for (int r = 0; r < paired.rowCount(); r++) {
            rows.add(r);
        }
        rows.sort((x, y) -> Integer.compare(paired.intColumn("k").get(x), paired.intColumn("k").get(y)));
        return fourColumns(paired, rows, "meanDiff", scale);
    }

    /**
     * The summary as one row per k and one column per method, each cell {@code "mean [low, high]"} in percent (one
     * decimal), plus the number of seeds; for reading results at a glance.
     */
    public static Table wide(Table summary, List<String> methods) {
        requireColumns(summary, "method", "k", "n", "mean", "low", "high");
        TreeSet<Integer> ks = new TreeSet<>(summary.intColumn("k").asList());
        Table t = Table.create("accuracy (%), mean [95% interval] over seeds", IntColumn.create("k"), IntColumn.create("seeds"));
        for (String m : methods) {
            t.addColumns(StringColumn.create(m));
        }
        for (int k : ks) {
            t.intColumn("k").append(k);
            int seeds = 0;
            for (String m : methods) {
                int row = -1;
                for (int r = 0; r < summary.rowCount(); r++) {
                    if (summary.stringColumn("method").get(r).equals(m) && summary.intColumn("k").get(r) == k) {
                        row = r;
                    }
                }
                if (row < 0) {
                    t.stringColumn(m).append("");
                    continue;
                }
                seeds = Math.max(seeds, summary.intColumn("n").get(row));
                t.stringColumn(m).append(cell(summary.doubleColumn("mean").get(row), summary.doubleColumn("low").get(row),
                        summary.doubleColumn("high").get(row)));
            }
            t.intColumn("seeds").append(seeds);
        }
        return t;
    }

    /**
     * The values of one method at one k from an {@code Experiment} results table ({@code method, k, seed, value}),
     * ordered by seed.
     *
     * @throws IllegalArgumentException if there is no such row
     */
    public static double[] values(Table results, String method, int k) {
        requireColumns(results, "method", "k", "seed", "value");
        Map<Long, Double> bySeed = bySeed(results, method, k);
        if (bySeed.isEmpty()) {
            throw new IllegalArgumentException("no result for method '" + method + "' at k = " + k);
        }
        return bySeed.values().stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * Paired 95% interval of {@code methodA - methodB} at one k, runs matched by seed (seeds run by only one of them
     * are left out).
     *
     * @throws IllegalArgumentException if the two methods share no seed at k
     */
    public static Interval paired(Table results, String methodA, String methodB, int k) {
        double[][] ab = pairedValues(results, methodA, methodB, k);
        return Stats.pairedCi95(ab[0], ab[1]);
    }

    /** Number of seeds both methods ran at k. */
    public static int pairedCount(Table results, String methodA, String methodB, int k) {
        return pairedValues(results, methodA, methodB, k)[0].length;
    }

    private static double[][] pairedValues(Table results, String methodA, String methodB, int k) {
        requireColumns(results, "method", "k", "seed", "value");
        Map<Long, Double> a = bySeed(results, methodA, k);
        Map<Long, Double> b = bySeed(results, methodB, k);
        List<Long> common = new ArrayList<>(a.keySet());
        common.retainAll(b.keySet());
        if (common.isEmpty()) {
            throw new IllegalArgumentException("'" + methodA + "' and '" + methodB + "' share no seed at k = " + k);
        }
        double[][] ab = new double[2][common.size()];
        for (int i = 0; i < common.size(); i++) {
            ab[0][i] = a.get(common.get(i));
            ab[1][i] = b.get(common.get(i));
        }
        return ab;
    }

    private static Map<Long, Double> bySeed(Table results, String method, int k) {
        Map<Long, Double> m = new java.util.TreeMap<>();
        for (int r = 0; r < results.rowCount(); r++) {
            if (results.stringColumn("method").get(r).equals(method) && results.intColumn("k").get(r) == k) {
                m.put(results.longColumn("seed").get(r), results.doubleColumn("value").get(r));
            }
        }
        return m;
    }

    /** {@code "63.1 [58.2, 68.0]"}: a fraction as percent with its interval ({@code "63.1"} when the interval is unknown). */
    public static String cell(double mean, double low, double high) {
        if (Double.isNaN(low) || Double.isNaN(high)) {
            return String.format(Locale.ROOT, "%.1f", 100 * mean);
        }
        return String.format(Locale.ROOT, "%.1f [%.1f, %.1f]", 100 * mean, 100 * low, 100 * high);
    }

    /** Rows of {@code method} in a summary table, sorted by k. (Tablesaw's where() is avoided on purpose, see the class comment.) */
    private static List<Integer> rowsOf(Table summary, String method) {
        List<Integer> rows = new ArrayList<>();
        for (int r = 0; r < summary.rowCount(); r++) {
            if (summary.stringColumn("method").get(r).equals(method)) {
                rows.add(r);
            }
        }
        rows.sort((x, y) -> Integer.compare(summary.intColumn("k").get(x), summary.intColumn("k").get(y)));
        return rows;
    }

    private static double[][] fourColumns(Table t, List<Integer> rows, String meanColumn, double scale) {
        int n = rows.size();
        double[][] c = new double[4][n];
        for (int i = 0; i < n; i++) {
            int r = rows.get(i);
            c[0][i] = t.intColumn("k").get(r);
            c[1][i] = scale * t.doubleColumn(meanColumn).get(r);
            c[2][i] = scale * t.doubleColumn("low").get(r);
            c[3][i] = scale * t.doubleColumn("high").get(r);
        }
        return c;
    }

    private static void requireColumns(Table t, String... names) {
        if (t == null) {
            throw new IllegalArgumentException("expected a table, got null");
        }
        List<String> missing = new ArrayList<>();
        for (String n : names) {
            if (!t.containsColumn(n)) {
                missing.add(n);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("table '" + t.name() + "' lacks columns " + missing + "; it has " + t.columnNames());
        }
    }
}
