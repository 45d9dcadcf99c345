package org.transferkit.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.transferkit.display.Progress;
import org.transferkit.stats.Interval;
import org.transferkit.stats.Stats;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Runs a comparison grid (method x k x seed), one metric per cell, and summarises it with 95% t intervals over
 * seeds, both per method and as paired differences between two methods (same seed = same data split).
 * Results are Tablesaw tables with columns {@code method, k, seed, value}.
 */
public final class Experiment {

    /** One cell of the grid: train/evaluate {@code method} with budget or shot count {@code k} and seed {@code seed}. */
    @FunctionalInterface
    public interface Run {
        /** Returns the metric (e.g. test accuracy) of one run. */
        double run(String method, int k, long seed) throws Exception;
    }

    private Experiment() {
    }

    /** Seeds {@code first, first+1, ..., first+n-1}. */
    public static long[] seeds(long first, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("number of seeds must be at least 1, got " + n);
        }
        long[] s = new long[n];
        for (int i = 0; i < n; i++) {
            s[i] = first + i;
        }
        return s;
    }

    /**
     * Runs every (method, k, seed) combination, k outermost then seed then method, with a progress bar, and
     * returns the table {@code method, k, seed, value}. A failing run stops the grid with an exception naming it.
     */
    public static Table grid(List<String> methods, int[] ks, long[] seeds, Run run) {
        if (methods == null || methods.isEmpty()) {
            throw new IllegalArgumentException("methods must name at least one method");
        }
        if (ks == null || ks.length == 0) {
            throw new IllegalArgumentException("ks must hold at least one value of k");
        }
        if (seeds == null || seeds.length == 0) {
            throw new IllegalArgumentException("seeds must hold at least one seed");
        }
        if (run == null) {
            throw new IllegalArgumentException("run must not be null");
        }
        Table t = emptyResults();
        int total = methods.size() * ks.length * seeds.length;
        try (Progress progress = Progress.start("experiment", total)) {
            for (int k : ks) {
                for (long seed : seeds) {
                    for (String method : methods) {
                        double v;
                        try {
                            v = run.run(method, k, seed);
                        } catch (RuntimeException e) {
                            throw e;
                        } catch (Exception e) {
                            throw new IllegalStateException("run method=" + method + " k=" + k + " seed=" + seed
                                    + " failed: " + e.getMessage(), e);
                        }
                        add(t, method, k, seed, v);
                        progress.step(String.format(Locale.ROOT, "%s k=%d seed=%d -> %.4f", method, k, seed, v));
                    }
                }
            }
        }
        return t;
    }

    /** An empty results table with the columns {@code method, k, seed, value}. */
    public static Table emptyResults() {
        return Table.create("results", StringColumn.create("method"), IntColumn.create("k"),
                LongColumn.create("seed"), DoubleColumn.create("value"));
    }

    /** Appends one result row. */
    public static void add(Table results, String method, int k, long seed, double value) {
        requireResults(results);
        results.stringColumn("method").append(method);
        results.intColumn("k").append(k);
        results.longColumn("seed").append(seed);
        results.doubleColumn("value").append(value);
    }

    /**
     * Mean and 95% t interval over seeds for each (method, k), in order of first appearance: columns
     * {@code method, k, n, mean, low, high}; low/high are NaN (shown as missing by Tablesaw) when n = 1.
     */
    public static Table summary(Table results) {
        requireResults(results);
        Map<String, Map<Integer, List<Double>>> groups = new LinkedHashMap<>();
        for (int r = 0; r < results.rowCount(); r++) {
            groups.computeIfAbsent(results.stringColumn("method").get(r), m -> new LinkedHashMap<>())
                    .computeIfAbsent(results.intColumn("k").get(r), k -> new ArrayList<>())
                    .add(results.doubleColumn("value").get(r));
        }
        Table s = Table.create("summary", StringColumn.create("method"), IntColumn.create("k"),
                IntColumn.create("n"), DoubleColumn.create("mean"), DoubleColumn.create("low"),
                DoubleColumn.create("high"));
        for (Map.Entry<String, Map<Integer, List<Double>>> m : groups.entrySet()) {
            for (Map.Entry<Integer, List<Double>> k : m.getValue().entrySet()) {
                double[] v = k.getValue().stream().mapToDouble(Double::doubleValue).toArray();
                Interval ci = Stats.ci95(v);
                s.stringColumn("method").append(m.getKey());
                s.intColumn("k").append(k.getKey());
                s.intColumn("n").append(v.length);
                s.doubleColumn("mean").append(ci.mean());
                s.doubleColumn("low").append(ci.low());
                s.doubleColumn("high").append(ci.high());
            }
        }
        fourDecimals(s, "mean", "low", "high");
        return s;
    }

    /** Shows the columns with 4 decimals (the values keep their full precision). */
    private static void fourDecimals(Table t, String... columns) {
        for (String c : columns) {
            t.doubleColumn(c).setPrintFormatter(tech.tablesaw.columns.numbers.NumberColumnFormatter.fixedWithGrouping(4));
        }
    }

    /**
     * Paired comparison of {@code methodA - methodB} for each k, matching runs by seed: columns
     * {@code k, n, meanDiff, low, high} (low/high missing when n = 1). Seeds run by only one of the two methods
     * are left out.
     * An interval above 0 means A is better than B with 95% confidence (for a higher-is-better metric).
     */
    public static Table paired(Table results, String methodA, String methodB) {
        requireResults(results);
        Map<Integer, Map<Long, Double>> a = byKAndSeed(results, methodA);
        Map<Integer, Map<Long, Double>> b = byKAndSeed(results, methodB);
        Table p = Table.create("paired " + methodA + " - " + methodB, IntColumn.create("k"), IntColumn.create("n"),
                DoubleColumn.create("meanDiff"), DoubleColumn.create("low"), DoubleColumn.create("high"));
        for (Map.Entry<Integer, Map<Long, Double>> e : a.entrySet()) {
            Map<Long, Double> other = b.get(e.getKey());
            if (other == null) {
                continue;
            }
            List<double[]> pairs = new ArrayList<>();
            for (Map.Entry<Long, Double> s : e.getValue().entrySet()) {
                Double vb = other.get(s.getKey());
                if (vb != null) {
                    pairs.add(new double[] {s.getValue(), vb});
                }
            }
            if (pairs.isEmpty()) {
                continue;
            }
            double[] va = pairs.stream().mapToDouble(x -> x[0]).toArray();
            double[] vb = pairs.stream().mapToDouble(x -> x[1]).toArray();
            Interval ci = Stats.pairedCi95(va, vb);
            p.intColumn("k").append(e.getKey());
            p.intColumn("n").append(pairs.size());
            p.doubleColumn("meanDiff").append(ci.mean());
            p.doubleColumn("low").append(ci.low());
            p.doubleColumn("high").append(ci.high());
        }
        fourDecimals(p, "meanDiff", "low", "high");
        return p;
    }

    /**
     * The paired 95% interval of {@code methodA - methodB} at one k, matching runs by seed (see {@link #paired}):
     * above 0 means A is better than B with 95% confidence, for a higher-is-better metric.
     *
     * @throws IllegalArgumentException when the two methods share no seed at that k
     */
    public static Interval pairedInterval(Table results, String methodA, String methodB, int k) {
        Table p = paired(results, methodA, methodB);
        for (int r = 0; r < p.rowCount(); r++) {
            if (p.intColumn("k").get(r) == k) {
                return new Interval(p.doubleColumn("meanDiff").get(r), p.doubleColumn("low").get(r),
                        p.doubleColumn("high").get(r));
            }
        }
        throw new IllegalArgumentException("no seed ran both '" + methodA + "' and '" + methodB + "' at k = " + k
                + "; the methods in the results are " + new java.util.LinkedHashSet<>(results.stringColumn("method").asList()));
    }

    private static Map<Integer, Map<Long, Double>> byKAndSeed(Table results, String method) {
        Map<Integer, Map<Long, Double>> m = new LinkedHashMap<>();
        for (int r = 0; r < results.rowCount(); r++) {
            if (!results.stringColumn("method").get(r).equals(method)) {
                continue;
            }
            int k = results.intColumn("k").get(r);
            long seed = results.longColumn("seed").get(r);
            Double old = m.computeIfAbsent(k, x -> new LinkedHashMap<>()).put(seed, results.doubleColumn("value").get(r));
            if (old != null) {
                throw new IllegalArgumentException("duplicate result for method=" + method + " k=" + k + " seed=" + seed);
            }
        }
        if (m.isEmpty()) {
            throw new IllegalArgumentException("unknown method '" + method + "'; the table has "
                    + results.stringColumn("method").unique().asList());
        }
        return m;
    }

    private static void requireResults(Table t) {
        if (t == null) {
            throw new IllegalArgumentException("results table must not be null");
        }
        for (String c : new String[] {"method", "k", "seed", "value"}) {
            if (!t.containsColumn(c)) {
                throw new IllegalArgumentException("results table must have columns method, k, seed, value; missing '"
                        + c + "' in " + t.columnNames());
            }
        }
    }
}
