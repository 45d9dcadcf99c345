package org.transferkit.multitask;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongFunction;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.transferkit.display.Progress;
import org.transferkit.experiment.Experiment;
import org.transferkit.stats.Interval;
import org.transferkit.stats.Stats;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Runs the arms of a multi-task comparison over seeds and summarises them. Every arm of a run uses the same
 * {@link MultiTaskSetup} (architecture, optimiser, steps, rows per task) and, for a given seed, the same training data, the
 * same initialisation seed and, per task, the same sequence of minibatches; arms differ only in which heads the
 * network has and how their losses are weighted. Results come in {@link Experiment}'s format
 * {@code method, k, seed, value}, with {@code method = "<task>: <arm>"} and {@code value} the test accuracy of that
 * task, so {@link Experiment#summary} and {@link Experiment#paired} apply.
 */
public final class MtlStudy {

    private MtlStudy() {
    }

    /**
     * One arm: a network with a head per task in {@code tasks}, trained with the weighting made for each seed.
     *
     * @param name      arm name, e.g. "single-task", "multi-task", "UW"
     * @param tasks     the heads, in output order
     * @param weighting the loss weighting for a seed (e.g. {@code s -> TaskWeighting.equal()})
     * @param surgery   the rule for the shared layers' update for a seed (e.g. {@code GradientSurgery::pcgrad}), or
     *                  null for DL4J's own step
     */
    public record Arm(String name, List<String> tasks, LongFunction<TaskWeighting> weighting,
                      LongFunction<GradientSurgery> surgery) {

        /** An arm trained with DL4J's own step. */
        public Arm(String name, List<String> tasks, LongFunction<TaskWeighting> weighting) {
            this(name, tasks, weighting, null);
        }

        /** Validates the arm. */
        public Arm {
            if (name == null || name.isBlank() || name.contains(":")) {
                throw new IllegalArgumentException("expected a non-empty arm name without ':', got " + name);
            }
            if (tasks == null || tasks.isEmpty()) {
                throw new IllegalArgumentException("expected at least one task for arm " + name);
            }
            if (weighting == null) {
                throw new IllegalArgumentException("expected a weighting for arm " + name);
            }
            tasks = List.copyOf(tasks);
        }

        /** The single-task baseline of one task: arm "single-task", one head. */
        public static Arm singleTask(String task) {
            return new Arm("single-task", List.of(task), s -> TaskWeighting.equal());
        }

        /** An arm with several heads and equal weights. */
        public static Arm equalWeights(String name, String... tasks) {
            return new Arm(name, List.of(tasks), s -> TaskWeighting.equal());
        }

        /** An arm with several heads and constant weights (one per task, in task order). */
        public static Arm fixedWeights(String name, double[] weights, String... tasks) {
            TaskWeighting.fixed(weights); // validates
            return new Arm(name, List.of(tasks), s -> TaskWeighting.fixed(weights));
        }
    }

    /**
     * Pseudo-task of the rows that {@link #runWithValidation(List, LongFunction, MultiTaskData, MultiTaskData,
     * MultiTaskSetup, long[], int)} adds for each arm and seed: the fraction of the measured steps whose update opposed a
     * task's own gradient (update cosine below -1e-6, {@link MultiTaskTrainResult.ConflictTrace}).
     */
    public static final String CONFLICTING_UPDATES = "conflicting updates";

    /** Pseudo-task of the rows with the fraction of measured steps whose two task gradients had a negative cosine. */
    public static final String CONFLICTING_TASKS = "conflicting task gradients";

    /** Pseudo-task of the rows with the mean task-gradient cosine over the measured steps. */
    public static final String TASK_COSINE = "task gradient cosine";

    /** The method label of a task under an arm in the results table: {@code "<task>: <arm>"}. */
    public static String method(String task, String arm) {
        return task + ": " + arm;
    }

    /** {@link #run(List, int, LongFunction, MultiTaskData, MultiTaskSetup, long[])} with {@code k = 0}. */
    public static Table run(List<Arm> arms, LongFunction<MultiTaskData> train, MultiTaskData test, MultiTaskSetup setup,
                            long[] seeds) {
        return run(arms, 0, train, test, setup, seeds);
    }

    /**
     * Trains every arm for every seed and records each head's test accuracy (only for tasks the test data has).
     * For each seed the training data {@code train.apply(seed)} is built once and shared by all arms.
     *
     * @param k a number stored in the {@code k} column (e.g. labels per class), so several runs can be appended
     */
    public static Table run(List<Arm> arms, int k, LongFunction<MultiTaskData> train, MultiTaskData test,
                            MultiTaskSetup setup, long[] seeds) {
        if (test == null) {
            throw new IllegalArgumentException("expected training data, test data and a set-up");
        }
        return runOn(arms, k, train, List.of(test), setup, seeds, 0)[0];
    }

    /**
     * The results of one run evaluated on two data sets: {@code validation} for choices (a loss weight, a
     * strategy), {@code test} only for the numbers reported about the choice. Both tables are in {@link #run}'s
     * format; every network is trained once and evaluated on both.
     */
    public record Evaluated(Table validation, Table test) {

        /** The two results with the rows of {@code other} appended (neither is changed). */
        public Evaluated combine(Evaluated other) {
            return new Evaluated(MtlStudy.combine(validation, other.validation), MtlStudy.combine(test, other.test));
        }
    }

    /**
     * As {@link #run(List, LongFunction, MultiTaskData, MultiTaskSetup, long[])}, but every trained network is evaluated
     * on a validation set and on the test set.
     */
    public static Evaluated runWithValidation(List<Arm> arms, LongFunction<MultiTaskData> train,
                                              MultiTaskData validation, MultiTaskData test, MultiTaskSetup setup,
                                              long[] seeds) {
        if (validation == null) {
            throw new IllegalArgumentException("expected validation data, got null");
        }
        Table[] r = runOn(arms, 0, train, List.of(validation, test), setup, seeds, 0);
        return new Evaluated(r[0], r[1]);
    }

    /**
     * As {@link #runWithValidation(List, LongFunction, MultiTaskData, MultiTaskData, MultiTaskSetup, long[])}, measuring the
     * gradient conflict on the shared layers every {@code measureEvery} steps: the test table then also has, per
     * arm with two or more tasks and seed, rows for {@link #CONFLICTING_UPDATES}, {@link #CONFLICTING_TASKS} and {@link #TASK_COSINE}.
     */
    public static Evaluated runWithValidation(List<Arm> arms, LongFunction<MultiTaskData> train,
                                              MultiTaskData validation, MultiTaskData test, MultiTaskSetup setup,
                                              long[] seeds, int measureEvery) {
        if (validation == null || measureEvery < 1) {
            throw new IllegalArgumentException("expected validation data and measureEvery >= 1");
        }
        Table[] r = runOn(arms, 0, train, List.of(validation, test), setup, seeds, measureEvery);
        return new Evaluated(r[0], r[1]);
    }

    private static Table[] runOn(List<Arm> arms, int k, LongFunction<MultiTaskData> train, List<MultiTaskData> sets,
                                 MultiTaskSetup setup, long[] seeds, int measureEvery) {
        if (arms == null || arms.isEmpty()) {
            throw new IllegalArgumentException("expected at least one arm");
        }
        if (train == null || sets.stream().anyMatch(s -> s == null) || setup == null) {
            throw new IllegalArgumentException("expected training data, test data and a set-up");
        }
        if (seeds == null || seeds.length == 0) {
            throw new IllegalArgumentException("expected at least one seed");
        }
        Table[] results = new Table[sets.size()];
        for (int i = 0; i < results.length; i++) {
            results[i] = Experiment.emptyResults();
        }
        try (Progress progress = Progress.start("arms x seeds", arms.size() * seeds.length)) {
            for (long seed : seeds) {
                MultiTaskData data = train.apply(seed);
                for (Arm arm : arms) {
                    ComputationGraph g = setup.graph(seed, data, arm.tasks());
                    MultiTaskTrainResult trained = setup.train(g, data, seed, arm.weighting().apply(seed),
                            arm.surgery() == null ? null : arm.surgery().apply(seed), measureEvery);
                    if (measureEvery > 0 && arm.tasks().size() > 1) {
                        MultiTaskTrainResult.ConflictTrace tr = trained.trace();
                        Table last = results[results.length - 1];
                        Experiment.add(last, method(CONFLICTING_UPDATES, arm.name()), k, seed,
                                tr.conflictingUpdates(1e-6));
                        Experiment.add(last, method(CONFLICTING_TASKS, arm.name()), k, seed,
                                tr.conflictingTasks(1e-6));
                        Experiment.add(last, method(TASK_COSINE, arm.name()), k, seed,
                                Stats.mean(tr.taskCosine()));
                    }
                    StringBuilder shown = new StringBuilder(arm.name());
                    for (int i = 0; i < results.length; i++) {
                        Map<String, Double> acc = MultiTaskEvaluation.accuracies(g, sets.get(i));
                        for (Map.Entry<String, Double> e : acc.entrySet()) {
                            Experiment.add(results[i], method(e.getKey(), arm.name()), k, seed, e.getValue());
                            if (i == results.length - 1) {
                                shown.append(String.format(Locale.ROOT, " %s %.4f", e.getKey(), e.getValue()));
                            }
                        }
                    }
                    progress.step("seed " + seed + ": " + shown);
                }
            }
        }
        return results;
    }

    /** A new results table with the rows of all given results tables (they are not changed). */
    public static Table combine(Table... results) {
        Table out = Experiment.emptyResults();
        for (Table r : results) {
            for (int i = 0; i < r.rowCount(); i++) {
                Experiment.add(out, r.stringColumn("method").get(i), r.intColumn("k").get(i),
                        r.longColumn("seed").get(i), r.doubleColumn("value").get(i));
            }
        }
        return out;
    }

    /** The values of one method for one k, in seed order of first appearance, with their seeds. */
    public static Map<Long, Double> bySeed(Table results, String method, int k) {
        Map<Long, Double> out = new LinkedHashMap<>();
        for (int r = 0; r < results.rowCount(); r++) {
            if (results.stringColumn("method").get(r).equals(method) && results.intColumn("k").get(r) == k) {
                out.put(results.longColumn("seed").get(r), results.doubleColumn("value").get(r));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no results for method '" + method + "' and k=" + k + "; methods: "
                    + results.stringColumn("method").unique().asList());
        }
        return out;
    }

    /** Paired 95% interval of {@code arm - baseline} for one task and k, matched by seed. */
    public static Interval gain(Table results, String task, String arm, String baseline, int k) {
        double[][] p = paired(bySeed(results, method(task, arm), k), bySeed(results, method(task, baseline), k));
        return Stats.pairedCi95(p[0], p[1]);
    }

    /**
     * Paired 90% interval of {@code arm - baseline} for one task (k = 0), matched by seed: for an equivalence claim,
     * {@code equivalence(...).within(margin)}.
     */
    public static Interval equivalence(Table results, String task, String arm, String baseline) {
        double[][] p = paired(bySeed(results, method(task, arm), 0), bySeed(results, method(task, baseline), 0));
        return Stats.pairedCi(p[0], p[1], 0.90);
    }

    /** {@link #gain(Table, String, String, String, int)} for k = 0. */
    public static Interval gain(Table results, String task, String arm, String baseline) {
        return gain(results, task, arm, baseline, 0);
    }

    /**
     * One row per task: mean accuracy of the baseline and of the arm (95% intervals over seeds) and the paired
     * difference arm - baseline with its 95% interval, in accuracy points (percent).
     */
    public static Table gains(Table results, String arm, String baseline, List<String> tasks, int k) {
        StringColumn task = StringColumn.create("task");
        IntColumn n = IntColumn.create("seeds");
        DoubleColumn base = DoubleColumn.create(baseline + " %");
        DoubleColumn armMean = DoubleColumn.create(arm + " %");
        DoubleColumn diff = DoubleColumn.create("gain (points)");
        DoubleColumn low = DoubleColumn.create("gain low");
        DoubleColumn high = DoubleColumn.create("gain high");
        for (String t : tasks) {
            double[][] p = paired(bySeed(results, method(t, arm), k), bySeed(results, method(t, baseline), k));
            Interval ci = Stats.pairedCi95(p[0], p[1]);
            task.append(t);
            n.append(p[0].length);
            base.append(100 * Stats.mean(p[1]));
            armMean.append(100 * Stats.mean(p[0]));
            diff.append(100 * ci.mean());
            low.append(100 * ci.low());
            high.append(100 * ci.high());
        }
        return Table.create(arm + " vs " + baseline, task, n, base, armMean, diff, low, high);
    }

    /** {@link #gains(Table, String, String, List, int)} for k = 0. */
    public static Table gains(Table results, String arm, String baseline, List<String> tasks) {
        return gains(results, arm, baseline, tasks, 0);
    }

    /**
     * Delta_MTL in percent for each seed (seeds that have every task under both arms): the mean over tasks of the
     * relative accuracy change of {@code arm} against {@code baseline} ({@link DeltaMtl}).
     */
    public static double[] deltaMtlPerSeed(Table results, String arm, String baseline, List<String> tasks, int k) {
        List<Map<Long, Double>> a = new ArrayList<>();
        List<Map<Long, Double>> b = new ArrayList<>();
        for (String t : tasks) {
            a.add(bySeed(results, method(t, arm), k));
            b.add(bySeed(results, method(t, baseline), k));
        }
        List<Double> out = new ArrayList<>();
        for (Long seed : a.get(0).keySet()) {
            Map<String, Double> mtl = new LinkedHashMap<>();
            Map<String, Double> stl = new LinkedHashMap<>();
            Map<String, Boolean> hib = new LinkedHashMap<>();
            boolean complete = true;
            for (int i = 0; i < tasks.size(); i++) {
                Double va = a.get(i).get(seed);
                Double vb = b.get(i).get(seed);
                if (va == null || vb == null) {
                    complete = false;
                    break;
                }
                mtl.put(tasks.get(i), va);
                stl.put(tasks.get(i), vb);
                hib.put(tasks.get(i), true);
            }
            if (complete) {
                out.add(DeltaMtl.compute(mtl, stl, hib));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no seed has every task under both arms " + arm + " and " + baseline);
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** {@link #deltaMtlPerSeed(Table, String, String, List, int)} for k = 0. */
    public static double[] deltaMtlPerSeed(Table results, String arm, String baseline, List<String> tasks) {
        return deltaMtlPerSeed(results, arm, baseline, tasks, 0);
    }

    /** Mean accuracy per task under an arm (for {@link DeltaMtl#table}). */
    public static Map<String, Double> meanAccuracy(Table results, String arm, List<String> tasks, int k) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String t : tasks) {
            out.put(t, Stats.mean(bySeed(results, method(t, arm), k).values().stream()
                    .mapToDouble(Double::doubleValue).toArray()));
        }
        return out;
    }

    private static double[][] paired(Map<Long, Double> a, Map<Long, Double> b) {
        List<double[]> pairs = new ArrayList<>();
        for (Map.Entry<Long, Double> e : a.entrySet()) {
            Double vb = b.get(e.getKey());
            if (vb != null) {
                pairs.add(new double[] {e.getValue(), vb});
            }
        }
        if (pairs.size() < 2) {
            throw new IllegalArgumentException("expected at least 2 seeds run under both methods, got "
                    + pairs.size());
        }
        double[][] out = new double[2][pairs.size()];
        for (int i = 0; i < pairs.size(); i++) {
            out[0][i] = pairs.get(i)[0];
            out[1][i] = pairs.get(i)[1];
        }
        return out;
    }
}
