package org.transferkit.multitask;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongFunction;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.transferkit.display.Progress;
import org.transferkit.stats.Interval;
import org.transferkit.stats.Stats;
import org.transferkit.training.Trainer;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Table;

/**
 * A lambda sweep of soft parameter sharing ({@link SoftSharing}): for each lambda and seed, one network per task
 * (the shape of {@link MlpSetup#network}, each initialised with its own seed), trunk layers coupled, trained for the
 * set-up's steps on each task's own minibatches; then each network's test accuracy, the relative distance between
 * the trunks and how often the last task's network predicts the same when given the first task's trunk.
 */
public final class SoftStudy {

    private SoftStudy() {
    }

    /** The networks of one run, one per task, initialised with seeds derived from {@code seed} (all different). */
    public static List<MultiLayerNetwork> networks(MlpSetup setup, MultiTaskData data, List<String> tasks,
                                                   long seed) {
        List<MultiLayerNetwork> nets = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            nets.add(setup.network(seed * 1000 + i, data.numClasses(tasks.get(i))));
        }
        return nets;
    }

    /** Each task's labelled rows as a single-task {@code DataSet}, in task order. */
    public static List<DataSet> taskData(MultiTaskData data, List<String> tasks) {
        List<DataSet> out = new ArrayList<>();
        for (String t : tasks) {
            out.add(data.taskDataSet(t));
        }
        return out;
    }

    /** Couples the trunk layers of fresh networks with strength {@code lambda} and trains them. */
    public static SoftSharing train(MlpSetup setup, MultiTaskData data, List<String> tasks, double lambda, long seed) {
        SoftSharing ss = SoftSharing.of(networks(setup, data, tasks, seed), lambda, setup.trunkLayers());
        ss.fitSteps(taskData(data, tasks), setup.steps(), setup.rowsPerTask(), seed);
        return ss;
    }

    /**
     * Runs every (lambda, seed). Columns: {@code lambda, seed}, one {@code "<task> accuracy"} per task, {@code
     * relative distance} ({@link SoftSharing#relativeDistance}) and {@code trunk swap agreement}: the fraction of
     * the last task's test images on which its network predicts the same class with the first task's trunk.
     */
    public static Table sweep(double[] lambdas, long[] seeds, LongFunction<MultiTaskData> train, MultiTaskData test,
                              List<String> tasks, MlpSetup setup) {
        if (lambdas == null || lambdas.length == 0 || seeds == null || seeds.length == 0) {
            throw new IllegalArgumentException("expected at least one lambda and one seed");
        }
        if (tasks == null || tasks.size() < 2) {
            throw new IllegalArgumentException("expected at least two tasks, got " + tasks);
        }
        Table t = Table.create("Soft sharing: lambda sweep", DoubleColumn.create("lambda"), LongColumn.create("seed"));
        for (String task : tasks) {
            t.addColumns(DoubleColumn.create(task + " accuracy"));
        }
        t.addColumns(DoubleColumn.create("relative distance"), DoubleColumn.create("trunk swap agreement"));
        List<DataSet> testData = taskData(test, tasks);
        int last = tasks.size() - 1;
        try (Progress progress = Progress.start("lambda x seeds", lambdas.length * seeds.length)) {
            for (long seed : seeds) {
                MultiTaskData data = train.apply(seed);
                for (double lambda : lambdas) {
                    SoftSharing ss = train(setup, data, tasks, lambda, seed);
                    t.doubleColumn("lambda").append(lambda);
                    t.longColumn("seed").append(seed);
                    StringBuilder shown = new StringBuilder();
                    for (int i = 0; i < tasks.size(); i++) {
                        double acc = Trainer.accuracy(ss.nets().get(i), testData.get(i));
                        t.doubleColumn(tasks.get(i) + " accuracy").append(acc);
                        shown.append(String.format(Locale.ROOT, " %s %.4f", tasks.get(i), acc));
                    }
                    t.doubleColumn("relative distance").append(ss.relativeDistance());
                    t.doubleColumn("trunk swap agreement").append(agreement(ss.nets().get(last),
                            ss.withCoupledLayersFrom(0, last), testData.get(last)));
                    progress.step(String.format(Locale.ROOT, "seed %d lambda %s:%s", seed, lambda, shown));
                }
            }
        }
        return t;
    }

    /** Fraction of examples on which two networks predict the same class. */
    public static double agreement(MultiLayerNetwork a, MultiLayerNetwork b, DataSet data) {
        int[] pa = Trainer.predictions(a, data);
        int[] pb = Trainer.predictions(b, data);
        int same = 0;
        for (int i = 0; i < pa.length; i++) {
            if (pa[i] == pb[i]) {
                same++;
            }
        }
        return (double) same / pa.length;
    }

    /** Values of one column of a sweep table for one lambda, in row (seed) order. */
    public static double[] values(Table sweep, String column, double lambda) {
        List<Double> v = new ArrayList<>();
        for (int r = 0; r < sweep.rowCount(); r++) {
            if (sweep.doubleColumn("lambda").get(r) == lambda) {
                v.add(sweep.doubleColumn(column).get(r));
            }
        }
        if (v.isEmpty()) {
            throw new IllegalArgumentException("no rows with lambda " + lambda);
        }
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * Per lambda (in the order first seen): number of seeds, and for each given column its mean with a 95% interval
     * over seeds ({@code <column>}, {@code <column> low}, {@code <column> high}).
     */
    public static Table summary(Table sweep, List<String> columns) {
        List<Double> lambdas = new ArrayList<>();
        for (double l : sweep.doubleColumn("lambda")) {
            if (!lambdas.contains(l)) {
                lambdas.add(l);
            }
        }
        Table s = Table.create("Soft sharing: mean over seeds per lambda", DoubleColumn.create("lambda"),
                IntColumn.create("seeds"));
        for (String c : columns) {
            s.addColumns(DoubleColumn.create(c), DoubleColumn.create(c + " low"), DoubleColumn.create(c + " high"));
        }
        for (double l : lambdas) {
            s.doubleColumn("lambda").append(l);
            s.intColumn("seeds").append(values(sweep, columns.get(0), l).length);
            for (String c : columns) {
                double[] v = values(sweep, c, l);
                Interval ci = v.length > 1 ? Stats.ci95(v) : new Interval(v[0], Double.NaN, Double.NaN);
                s.doubleColumn(c).append(ci.mean());
                s.doubleColumn(c + " low").append(ci.low());
                s.doubleColumn(c + " high").append(ci.high());
            }
        }
        return s;
    }
}
