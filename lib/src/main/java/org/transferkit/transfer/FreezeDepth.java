package org.transferkit.transfer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.IUpdater;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.evaluation.LabelEvaluator;
import org.transferkit.display.Progress;
import org.transferkit.experiment.ResultViews;
import org.transferkit.stats.Interval;
import org.transferkit.stats.Stats;
import org.transferkit.training.TrainResult;
import org.transferkit.transfer.FeatureTransfer;
import org.transferkit.transfer.FrozenFeaturizer;
import org.transferkit.transfer.ModelTransfer;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Feature-based versus model-based transfer, measured side by side on one source network and one target sample.
 * <ul>
 * <li>Model-based ({@link #fineTune}): copy the source parameters, put a new head on top, freeze the first d layers
 * and train the rest for a fixed number of steps. Sweeping d from 0 (fine-tune everything) to L-1 (only the head
 * trains) gives the Yosinski-style chart of accuracy against frozen depth.</li>
 * <li>Feature-based ({@link #featurizeOnceHead}, {@link #featurizeOnceTribuo}): run the frozen layers once over the
 * training set, keep the features, and train a new model on them: a DL4J softmax head with the same steps, batches
 * and optimiser as the fine-tuning runs, or a Tribuo logistic regression.</li>
 * </ul>
 * Each run reports its test accuracy, the number of parameters training can change, and the wall time of training
 * (featurization of the training set included, evaluation excluded).
 */
public final class FreezeDepth {
    static {
        TribuoLogging.quiet();
    }

    private FreezeDepth() {
    }

    /**
     * One trained variant.
     *
     * @param variant         what was trained, e.g. "freeze conv1..fc1" or "features + DL4J head"
     * @param frozenLayers    number of frozen layers d (the feature-based variants use the whole body, L-1)
     * @param trainableParams parameters training could change
     * @param accuracy        target test accuracy
     * @param seconds         wall time of training, featurization included
     */
    public record Result(String variant, int frozenLayers, long trainableParams, double accuracy, double seconds) {
    }

    /** The largest mini-batch; smaller training sets are one batch. */
    public static final int MAX_BATCH = 32;

    /** Examples per step for a training set of {@code n} examples: {@code min(MAX_BATCH, n)}. */
    public static int batchSize(int n) {
        return Math.min(MAX_BATCH, n);
    }

    /**
     * The frozen depths worth trying: 0 and, after every layer with parameters below the head, the number of layers up
     * to and including it. Freezing a parameter-free layer (pooling) changes nothing, so those depths are skipped:
     * for {@link org.transferkit.models.Models#lenet5} this is {0, 1, 3, 5, 6}.
     */
    public static int[] depths(MultiLayerNetwork source) {
        requireNetwork(source);
        List<Integer> d = new ArrayList<>();
        d.add(0);
        for (int i = 0; i < source.getnLayers() - 1; i++) {
            if (source.getLayer(i).numParams() > 0) {
                d.add(i + 1);
            }
        }
        return d.stream().mapToInt(Integer::intValue).toArray();
    }

    /** A name for freezing d layers: "freeze none", "freeze conv1", "freeze conv1..fc2". */
    public static String variantName(MultiLayerNetwork source, int frozenLayers) {
        requireNetwork(source);
        if (frozenLayers < 0 || frozenLayers > source.getnLayers() - 1) {
            throw new IllegalArgumentException("frozenLayers must be in [0, " + (source.getnLayers() - 1) + "], got "
                    + frozenLayers);
        }
        if (frozenLayers == 0) {
            return "freeze none";
        }
        String first = layerName(source, 0);
        String last = layerName(source, frozenLayers - 1);
        return frozenLayers == 1 ? "freeze " + first : "freeze " + first + ".." + last;
    }

    /**
     * The no-transfer baseline: {@code fresh} (a newly initialised network for the target classes) trained on the
     * target with the same steps and batches as the other variants. Reported as "scratch", nothing frozen.
     */
    public static Result scratch(MultiLayerNetwork fresh, DataSet train, DataSet test, int steps, long seed) {
        requireNetwork(fresh);
        TrainResult r = org.transferkit.training.Trainer.fitSteps(fresh, train, steps, batchSize(train.numExamples()),
                seed);
        double accuracy = org.transferkit.training.Trainer.accuracy(fresh, test);
        return new Result(SCRATCH, 0, fresh.numParams(), accuracy, r.seconds());
    }

    /** The name of the no-transfer baseline in result tables. */
    public static final String SCRATCH = "scratch";

    /**
     * Model-based transfer: the source with a new head ({@code classes} outputs), the first {@code frozenLayers}
     * layers frozen, the rest trained for {@code steps} steps (batch {@code min(32, n)}, seeded); accuracy on
     * {@code test}.
     */
    public static Result fineTune(MultiLayerNetwork source, int classes, int frozenLayers, IUpdater updater,
                                  DataSet train, DataSet test, int steps, long seed) {
        MultiLayerNetwork net = ModelTransfer.transfer(source, classes, frozenLayers, updater, seed);
        long trainable = ModelTransfer.trainableParams(net);
        TrainResult r = org.transferkit.training.Trainer.fitSteps(net, train, steps,
                batchSize(train.numExamples()), seed);
        double accuracy = org.transferkit.training.Trainer.accuracy(net, test);
        return new Result(variantName(source, frozenLayers), frozenLayers, trainable, accuracy, r.seconds());
    }

    /**
     * Feature-based transfer with a DL4J head: the output of the layer below the source's head, computed once for the
     * training set, trains a new softmax layer for {@code steps} steps with the same batches, initialisation seed and
     * optimiser as {@link #fineTune} with every layer but the head frozen, so both give the same model; only the
     * cost differs.
     */
    public static Result featurizeOnceHead(MultiLayerNetwork source, IUpdater updater, DataSet train, DataSet test,
                                           int steps, long seed) {
        requireNetwork(source);
        long start = System.nanoTime();
        FrozenFeaturizer featurizer = new FrozenFeaturizer(source, source.getnLayers() - 2);
        DataSet features = featurizer.featurize(train);
        MultiLayerNetwork head = FeatureTransfer.fitHead(features, steps, batchSize(train.numExamples()),
                updater, seed);
        double seconds = (System.nanoTime() - start) / 1e9;
        double accuracy = org.transferkit.training.Trainer.accuracy(head, featurizer.featurize(test));
        return new Result("features + DL4J head", source.getnLayers() - 1, head.numParams(), accuracy, seconds);
    }

    /**
     * Feature-based transfer with Tribuo: the same features, then {@code trainer} (e.g. a
     * {@code LogisticRegressionTrainer}) fits a new model, evaluated with Tribuo's {@link LabelEvaluator}.
     */
    public static Result featurizeOnceTribuo(MultiLayerNetwork source, Trainer<Label> trainer, DataSet train, DataSet test,
                                             String[] classNames) {
        requireNetwork(source);
        if (trainer == null) {
            throw new IllegalArgumentException("expected a Tribuo trainer, e.g. new LogisticRegressionTrainer(), got null");
        }
        long start = System.nanoTime();
        FrozenFeaturizer featurizer = new FrozenFeaturizer(source, source.getnLayers() - 2);
        MutableDataset<Label> features = FeatureTransfer.toTribuo(featurizer.featurize(train), classNames,
                "frozen " + layerName(source, source.getnLayers() - 2) + " features");
        Model<Label> model = trainer.train(features);
        double seconds = (System.nanoTime() - start) / 1e9;
        MutableDataset<Label> testFeatures = FeatureTransfer.toTribuo(featurizer.featurize(test), classNames,
                "frozen features (test)");
        double accuracy = new LabelEvaluator().evaluate(model, testFeatures).accuracy();
        long params = (long) (featurizer.featureCount() + 1) * classNames.length;
        return new Result("features + Tribuo LR", source.getnLayers() - 1, params, accuracy, seconds);
    }

    /**
     * The whole comparison for one target sample: every depth of {@link #depths}, then the two feature-based
     * variants. Rows: {@code method, k, seed, value} (the accuracy, so {@code Experiment.summary} and
     * {@code Experiment.paired} apply) plus {@code frozen, trainable, seconds}.
     *
     * @param k label recorded in the {@code k} column (examples per class of {@code train})
     */
    public static Table sweep(MultiLayerNetwork source, String[] classNames, IUpdater updater, Trainer<Label> tribuo,
                              DataSet train, DataSet test, int steps, int k, long seed) {
        return sweep(source, classNames, updater, updater, tribuo, train, test, steps, k, seed);
    }

    /**
     * {@link #sweep} with its own optimiser for the variants that train a lone head on frozen features (every layer
     * below the head frozen, and the featurize-once DL4J head): a single softmax layer usually wants a larger step
     * than a network being fine-tuned.
     */
    public static Table sweep(MultiLayerNetwork source, String[] classNames, IUpdater updater, IUpdater headUpdater,
                              Trainer<Label> tribuo, DataSet train, DataSet test, int steps, int k, long seed) {
        int[] depths = depths(source);
        int headOnly = depths[depths.length - 1];
        Table t = emptyResults();
        try (Progress progress = Progress.start("freeze-depth sweep k=" + k + " seed=" + seed, depths.length + 2)) {
            for (int d : depths) {
                add(t, fineTune(source, classNames.length, d, d == headOnly ? headUpdater : updater, train, test,
                        steps, seed), k, seed);
                progress.step(variantName(source, d));
            }
            add(t, featurizeOnceHead(source, headUpdater, train, test, steps, seed), k, seed);
            progress.step("features + DL4J head");
            add(t, featurizeOnceTribuo(source, tribuo, train, test, classNames), k, seed);
            progress.step("features + Tribuo LR");
        }
        return t;
    }

    /**
     * One size's results per variant, in the order of the sweep: {@code variant, frozen layers, trainable params,
     * accuracy (%)} as {@code "mean [low, high]"} over seeds, {@code mean seconds} of training and the number of
     * {@code seeds}.
     *
     * @param results rows of {@link #sweep} (several seeds and sizes may be appended)
     * @param k       the size to report
     * @throws IllegalArgumentException if there is no row for k
     */
    public static Table report(Table results, int k) {
        Map<String, List<Integer>> rows = rowsByVariant(results, k);
        Table t = Table.create("k = " + k + " labelled examples per class", StringColumn.create("variant"),
                IntColumn.create("frozen layers"), LongColumn.create("trainable params"),
                StringColumn.create("accuracy (%)"), DoubleColumn.create("mean seconds"), IntColumn.create("seeds"));
        for (Map.Entry<String, List<Integer>> e : rows.entrySet()) {
            List<Integer> r = e.getValue();
            double[] accuracy = r.stream().mapToDouble(i -> results.doubleColumn("value").get(i)).toArray();
            Interval ci = Stats.ci95(accuracy);
            t.stringColumn(0).append(e.getKey());
            t.intColumn(1).append(results.intColumn("frozen").get(r.get(0)));
            t.longColumn(2).append(results.longColumn("trainable").get(r.get(0)));
            t.stringColumn(3).append(ResultViews.cell(ci.mean(), ci.low(), ci.high()));
            t.doubleColumn(4).append(Math.round(100 * r.stream().mapToDouble(i -> results.doubleColumn("seconds").get(i))
                    .average().orElse(Double.NaN)) / 100.0);
            t.intColumn(5).append(r.size());
        }
        return t;
    }

    /**
     * The Yosinski-style curve of one size: {@code {frozen layers, mean accuracy, low, high}} over the fine-tuning
     * variants ("freeze ..."), accuracy times {@code scale}, 95% t intervals over seeds.
     */
    public static double[][] depthCurve(Table results, int k, double scale) {
        Map<String, List<Integer>> rows = rowsByVariant(results, k);
        List<double[]> points = new ArrayList<>();
        for (Map.Entry<String, List<Integer>> e : rows.entrySet()) {
            if (!e.getKey().startsWith("freeze ")) {
                continue;
            }
            List<Integer> r = e.getValue();
            Interval ci = Stats.ci95(r.stream().mapToDouble(i -> results.doubleColumn("value").get(i)).toArray());
            points.add(new double[] {results.intColumn("frozen").get(r.get(0)), scale * ci.mean(), scale * ci.low(),
                scale * ci.high()});
        }
        points.sort((a, b) -> Double.compare(a[0], b[0]));
        double[][] curve = new double[4][points.size()];
        for (int i = 0; i < points.size(); i++) {
            for (int c = 0; c < 4; c++) {
                curve[c][i] = points.get(i)[c];
            }
        }
        return curve;
    }

    /** Per-seed values of one column ("value" or "seconds") for one variant and size, ordered by seed. */
    public static double[] column(Table results, String variant, int k, String column) {
        requireResults(results);
        java.util.TreeMap<Long, Double> bySeed = new java.util.TreeMap<>();
        for (int r = 0; r < results.rowCount(); r++) {
            if (results.stringColumn("method").get(r).equals(variant) && results.intColumn("k").get(r) == k) {
                bySeed.put(results.longColumn("seed").get(r), results.doubleColumn(column).get(r));
            }
        }
        if (bySeed.isEmpty()) {
            throw new IllegalArgumentException("no result for '" + variant + "' at k = " + k);
        }
        return bySeed.values().stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static Map<String, List<Integer>> rowsByVariant(Table results, int k) {
        requireResults(results);
        Map<String, List<Integer>> rows = new LinkedHashMap<>();
        for (int r = 0; r < results.rowCount(); r++) {
            if (results.intColumn("k").get(r) == k) {
                rows.computeIfAbsent(results.stringColumn("method").get(r), x -> new ArrayList<>()).add(r);
            }
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("no result at k = " + k);
        }
        return rows;
    }

    private static void requireResults(Table results) {
        if (results == null) {
            throw new IllegalArgumentException("expected a results table, got null");
        }
        for (String c : new String[] {"method", "k", "seed", "value", "frozen", "trainable", "seconds"}) {
            if (!results.containsColumn(c)) {
                throw new IllegalArgumentException("expected the columns of FreezeDepth.sweep; missing '" + c + "'");
            }
        }
    }

    /** An empty table with the columns of {@link #sweep}. */
    public static Table emptyResults() {
        return Table.create("freeze-depth results", StringColumn.create("method"), IntColumn.create("k"),
                LongColumn.create("seed"), DoubleColumn.create("value"), IntColumn.create("frozen"),
                LongColumn.create("trainable"), DoubleColumn.create("seconds"));
    }

    /** Appends one result. */
    public static void add(Table results, Result r, int k, long seed) {
        results.stringColumn("method").append(r.variant());
        results.intColumn("k").append(k);
        results.longColumn("seed").append(seed);
        results.doubleColumn("value").append(r.accuracy());
        results.intColumn("frozen").append(r.frozenLayers());
        results.longColumn("trainable").append(r.trainableParams());
        results.doubleColumn("seconds").append(r.seconds());
    }

    private static String layerName(MultiLayerNetwork net, int index) {
        Layer layer = net.getLayer(index);
        String name = layer.conf().getLayer().getLayerName();
        return name == null ? String.format(Locale.ROOT, "layer%d", index) : name;
    }

    private static void requireNetwork(MultiLayerNetwork net) {
        if (net == null || net.getnLayers() < 2) {
            throw new IllegalArgumentException("expected a source network with a body and a head (at least 2 layers)");
        }
    }
}
