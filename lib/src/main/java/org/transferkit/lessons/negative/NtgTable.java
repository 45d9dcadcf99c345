package org.transferkit.lessons.negative;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.transferkit.diagnostics.NegativeTransfer;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Negative-transfer gaps of several arms against one baseline, from a results table in the format of
 * {@link org.transferkit.experiment.Experiment} (columns {@code method, k, seed, value}, value = test error):
 * NTG(arm) = error(arm) - error(baseline), paired by seed, with its 95% t interval ({@link NegativeTransfer#gap}).
 */
public final class NtgTable {
    private NtgTable() {
    }

    /**
     * The rows of several results tables (format of {@link org.transferkit.experiment.Experiment}) in one new table,
     * in order: e.g. the arms of a second study together with the baseline they share with the first.
     *
     * @throws IllegalArgumentException on no table
     */
    public static Table combine(Table... results) {
        if (results == null || results.length == 0) {
            throw new IllegalArgumentException("expected at least one results table");
        }
        Table all = org.transferkit.experiment.Experiment.emptyResults();
        for (Table t : results) {
            for (int r = 0; r < t.rowCount(); r++) {
                org.transferkit.experiment.Experiment.add(all, t.stringColumn("method").get(r), t.intColumn("k").get(r),
                        t.longColumn("seed").get(r), t.doubleColumn("value").get(r));
            }
        }
        return all;
    }

    /**
     * The gap of every method except the baseline, in order of first appearance, over the seeds both ran.
     *
     * @throws IllegalArgumentException if the baseline is missing or a method shares fewer than 2 seeds with it
     */
    public static Map<String, NegativeTransfer.Gap> gaps(Table results, String baseline) {
        Map<String, Map<Long, Double>> byMethod = byMethod(results);
        Map<Long, Double> base = byMethod.get(baseline);
        if (base == null) {
            throw new IllegalArgumentException("unknown baseline '" + baseline + "'; the table has " + byMethod.keySet());
        }
        Map<String, NegativeTransfer.Gap> gaps = new LinkedHashMap<>();
        for (Map.Entry<String, Map<Long, Double>> e : byMethod.entrySet()) {
            if (e.getKey().equals(baseline)) {
                continue;
            }
            List<Double> with = new ArrayList<>();
            List<Double> without = new ArrayList<>();
            for (Map.Entry<Long, Double> s : e.getValue().entrySet()) {
                Double b = base.get(s.getKey());
                if (b != null) {
                    with.add(s.getValue());
                    without.add(b);
                }
            }
            if (with.size() < 2) {
                throw new IllegalArgumentException("method '" + e.getKey() + "' shares " + with.size()
                        + " seed(s) with the baseline; a gap needs at least 2");
            }
            gaps.put(e.getKey(), NegativeTransfer.gap(with.stream().mapToDouble(Double::doubleValue).toArray(),
                    without.stream().mapToDouble(Double::doubleValue).toArray()));
        }
        return gaps;
    }

    /**
     * The gaps as a table in error points (errors times {@code scale}, e.g. 100): columns {@code arm, seeds, NTG,
     * low, high, seeds above 0, verdict} (negative transfer, positive transfer or inconclusive).
     */
    public static Table table(String title, Map<String, NegativeTransfer.Gap> gaps, double scale) {
        if (gaps == null || gaps.isEmpty()) {
            throw new IllegalArgumentException("expected at least one gap");
        }
        if (!(scale > 0)) {
            throw new IllegalArgumentException("scale must be > 0, got " + scale);
        }
        Table t = Table.create(title, StringColumn.create("arm"), IntColumn.create("seeds"),
                DoubleColumn.create("NTG"), DoubleColumn.create("low"), DoubleColumn.create("high"),
                IntColumn.create("seeds above 0"), StringColumn.create("verdict"));
        for (Map.Entry<String, NegativeTransfer.Gap> e : gaps.entrySet()) {
            NegativeTransfer.Gap g = e.getValue();
            double[] perSeed = g.perSeed();
            int above = 0;
            for (double d : perSeed) {
                if (d > 0) {
                    above++;
                }
            }
            t.stringColumn("arm").append(e.getKey());
            t.intColumn("seeds").append(perSeed.length);
            t.doubleColumn("NTG").append(round(g.mean() * scale));
            t.doubleColumn("low").append(round(g.low() * scale));
            t.doubleColumn("high").append(round(g.high() * scale));
            t.intColumn("seeds above 0").append(above);
            t.stringColumn("verdict").append(g.negative() ? "negative transfer"
                    : g.positive() ? "positive transfer" : "inconclusive");
        }
        return t;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static Map<String, Map<Long, Double>> byMethod(Table results) {
        if (results == null) {
            throw new IllegalArgumentException("results table must not be null");
        }
        for (String c : new String[] {"method", "seed", "value"}) {
            if (!results.containsColumn(c)) {
                throw new IllegalArgumentException("results table must have columns method, seed, value; missing '"
                        + c + "' in " + results.columnNames());
            }
        }
        Map<String, Map<Long, Double>> m = new LinkedHashMap<>();
        for (int r = 0; r < results.rowCount(); r++) {
            String method = results.stringColumn("method").get(r);
            long seed = results.longColumn("seed").get(r);
            Double old = m.computeIfAbsent(method, x -> new LinkedHashMap<>())
                    .put(seed, results.doubleColumn("value").get(r));
            if (old != null) {
                throw new IllegalArgumentException("duplicate result for method '" + method + "' seed " + seed);
            }
        }
        return m;
    }
}
