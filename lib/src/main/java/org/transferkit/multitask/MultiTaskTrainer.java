package org.transferkit.multitask;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.transferkit.display.Progress;

/**
 * Trains a multi-task {@link ComputationGraph} for a fixed number of optimisation steps on seeded minibatches (the
 * multi-task counterpart of the single-task {@code Trainer.fitSteps}): equal step budgets make single- and multi-task
 * runs comparable. Optionally re-weights the task losses every step ({@link TaskWeighting}) and measures the gradient
 * conflict between tasks every k steps ({@link GradientConflict}). Shows a {@link Progress} bar.
 *
 * <p>A head whose weight is 0 in a step is <em>frozen</em> in that step: its loss sends no gradient anywhere
 * ({@link WeightedLoss}), and its own parameters are restored after the update, so that an L2 penalty or the
 * optimiser's momentum does not move them either. A head that is switched off (e.g. the source head after
 * pretraining, {@link TaskWeighting#switchAt}) therefore stays exactly as it was.
 *
 * <p>Two ways to draw minibatches:
 * <ul>
 *   <li>{@code fitSteps}: rows drawn uniformly from the whole dataset. Fine when every task labels (nearly) every row;
 *   a task labelled on a small fraction of the rows gets few labelled rows per batch, and its loss is averaged over
 *   the whole batch, so it is scaled down by that fraction.</li>
 *   <li>{@code fitStepsPerTask}: every step draws the same number of rows from each task's labelled rows (the
 *   "one batch per task, losses summed" scheme of most multi-task code). A data-poor task is then seen as often as
 *   a label-rich one, as in single-task training on its own data.</li>
 * </ul>
 */
public final class MultiTaskTrainer {

    private MultiTaskTrainer() {
    }

    /** Trains with the graph's current task weights. */
    public static MultiTaskTrainResult fitSteps(ComputationGraph graph, MultiDataSet train, int steps, int batchSize,
                                                long seed) {
        TaskWeighting current = TaskWeighting.fixed(HardSharing.taskWeights(graph));
        return fitSteps(graph, train, steps, batchSize, seed, current, 0);
    }

    /** Trains with a weighting strategy (e.g. {@link TaskWeighting#uncertainty}); the graph keeps the last weights. */
    public static MultiTaskTrainResult fitSteps(ComputationGraph graph, MultiDataSet train, int steps, int batchSize,
                                                long seed, TaskWeighting weighting) {
        return fitSteps(graph, train, steps, batchSize, seed, weighting, 0);
    }

    /** Trains on a {@link MultiTaskData}, its labels matched to the graph's outputs by task name. */
    public static MultiTaskTrainResult fitSteps(ComputationGraph graph, MultiTaskData train, int steps, int batchSize,
                                                long seed, TaskWeighting weighting) {
        if (train == null) {
            throw new IllegalArgumentException("expected training data, got null");
        }
        return fitSteps(graph, train.toMultiDataSet(HardSharing.taskNames(graph)), steps, batchSize, seed,
                weighting, 0);
    }

    /**
     * Trains for {@code steps} steps of {@code min(batchSize, n)} rows each (rows reshuffled every pass, seeded).
     * Each step: weights from {@code weighting}, one {@code graph.fit(batch)}, then each head's unweighted loss
     * (its score divided by its weight, as a mean over the batch rows labelled for that task; NaN when there are
     * none) is reported back to {@code weighting}.
     *
     * @param conflictEvery measure the gradient cosine between tasks before every k-th step (0 = never)
     */
    public static MultiTaskTrainResult fitSteps(ComputationGraph graph, MultiDataSet train, int steps, int batchSize,
                                                long seed, TaskWeighting weighting, int conflictEvery) {
        if (graph == null) {
            throw new IllegalArgumentException("expected a ComputationGraph, got null");
        }
        if (weighting == null) {
            throw new IllegalArgumentException("expected a TaskWeighting, got null");
        }
        if (steps < 0) {
            throw new IllegalArgumentException("expected steps >= 0, got " + steps);
        }
        if (conflictEvery < 0) {
            throw new IllegalArgumentException("expected conflictEvery >= 0, got " + conflictEvery);
        }
        if (weighting.needsGradientNorms()) {
            throw new IllegalArgumentException(weighting.name() + " needs per-task gradient norms on the last shared"
                    + " layer; train it with fitStepsPerTask");
        }
        List<String> tasks = HardSharing.taskNames(graph);
        int n = BatchSampler.numExamples(train);
        if (train.getLabels() == null || train.getLabels().length != tasks.size()) {
            throw new IllegalArgumentException("expected " + tasks.size() + " label sets for tasks " + tasks
                    + ", got " + (train.getLabels() == null ? 0 : train.getLabels().length));
        }
        for (int i = 0; i < tasks.size(); i++) {
            if (train.getLabels(i).size(0) != n) {
                throw new IllegalArgumentException("label set " + i + " (" + tasks.get(i) + ") has "
                        + train.getLabels(i).size(0) + " rows, expected " + n);
            }
        }
        int t = tasks.size();
        BatchSampler sampler = new BatchSampler(n, batchSize, seed);
        double[] loss = new double[steps];
        double[][] taskLoss = new double[t][steps];
        double[][] taskWeight = new double[t][steps];
        List<MultiTaskTrainResult.Snapshot> conflicts = new ArrayList<>();
        try (Progress progress = steps > 0 ? Progress.start("multi-task " + weighting.name(), steps) : null) {
            for (int step = 0; step < steps; step++) {
                MultiDataSet batch = BatchSampler.rows(train, sampler.next());
                if (conflictEvery > 0 && step % conflictEvery == 0) {
                    conflicts.add(new MultiTaskTrainResult.Snapshot(step, GradientConflict.measure(graph, batch)));
                }
                trainStep(graph, batch, step, weighting, null, null, loss, taskLoss, taskWeight);
                progress.step(metrics(tasks, taskLoss, step));
            }
        }
        return new MultiTaskTrainResult(tasks, weighting.name(), loss, taskLoss, taskWeight, conflicts);
    }

    /**
     * Trains with per-task minibatches: each step draws {@code rowsPerTask} rows from the labelled rows of every task
     * of the graph and stacks them into one batch. Task t's rows come from its own seeded, reshuffled passes (batch
     * capped at its labelled count), seeded by {@code seed} and the task's name only, so a task sees the same
     * sequence of batches whether it is trained alone or with other tasks. In the part drawn for task t only task
     * t's labels count (the other heads' masks are 0 there), so a row labelled for several tasks never counts twice.
     * Tasks of {@code train} that the graph has no head for are ignored: a graph with one head trained this way is
     * the single-task baseline on the same data and the same batches.
     *
     * <p>The objective is exactly {@code L = sum_t w_t L_t}, with {@code L_t} the mean loss over task t's part of the
     * batch: DL4J averages each head's loss over the whole stacked batch, so during a step each head's weight is
     * multiplied by (batch rows / task t's rows), and set back to {@code w_t} after training. With one task this is
     * plain single-task training on that task's minibatches.
     */
    public static MultiTaskTrainResult fitStepsPerTask(ComputationGraph graph, MultiTaskData train, int steps,
                                                       int rowsPerTask, long seed, TaskWeighting weighting) {
        return fitStepsPerTask(graph, train, steps, rowsPerTask, seed, weighting, null, 0);
    }

    /**
     * As {@link #fitStepsPerTask(ComputationGraph, MultiTaskData, int, int, long, TaskWeighting)}, with a rule for the
     * shared layers' update and measurements of the gradient conflict.
     *
     * <p>With {@code surgery == null} every step is DL4J's own {@code graph.fit}. Otherwise every step computes each
     * task's weighted gradient {@code w_t grad L_t} on the shared layers ({@link GradientConflict#taskGradients}),
     * combines them with {@code surgery} (e.g. {@link GradientSurgery#pcgrad}), puts the result in place of the
     * shared layers' gradient of {@code sum_t w_t L_t} (the heads keep theirs) and lets the graph's updater take the
     * step, as {@code fit} does. {@link GradientSurgery#sum()} therefore trains as {@code fit} does, up to rounding.
     *
     * @param measureEvery every k-th step (0 = never), record the task-gradient cosine and the cosine between the
     *                     update and each task gradient ({@link MultiTaskTrainResult#trace()})
     */
    public static MultiTaskTrainResult fitStepsPerTask(ComputationGraph graph, MultiTaskData train, int steps,
                                                       int rowsPerTask, long seed, TaskWeighting weighting,
                                                       GradientSurgery surgery, int measureEvery) {
        if (measureEvery < 0) {
            throw new IllegalArgumentException("expected measureEvery >= 0, got " + measureEvery);
        }
        if (graph == null) {
            throw new IllegalArgumentException("expected a ComputationGraph, got null");
        }
        if (train == null) {
            throw new IllegalArgumentException("expected training data, got null");
        }
        if (weighting == null) {
            throw new IllegalArgumentException("expected a TaskWeighting, got null");
        }
        if (steps < 0) {
            throw new IllegalArgumentException("expected steps >= 0, got " + steps);
        }
        if (rowsPerTask <= 0) {
            throw new IllegalArgumentException("expected rowsPerTask > 0, got " + rowsPerTask);
        }
        List<String> tasks = HardSharing.taskNames(graph);
        int t = tasks.size();
        INDArray[] featureParts = new INDArray[t];
        INDArray[] labelParts = new INDArray[t];
        BatchSampler[] samplers = new BatchSampler[t];
        int[] classes = new int[t];
        for (int k = 0; k < t; k++) {
            String task = tasks.get(k);
            if (!train.taskNames().contains(task)) {
                throw new IllegalArgumentException("the graph has a head '" + task + "' but the data has no such task;"
                        + " expected tasks " + train.taskNames());
            }
            boolean[] labelled = train.isLabelled(task);
            int[] rows = indices(labelled);
            if (rows.length == 0) {
                throw new IllegalArgumentException("task " + task + " has no labelled rows");
            }
            featureParts[k] = BatchSampler.rows(train.features(), rows);
            labelParts[k] = BatchSampler.rows(train.labels(task), rows);
            classes[k] = train.numClasses(task);
            samplers[k] = new BatchSampler(rows.length, rowsPerTask, taskSeed(seed, task));
        }
        int total = 0;
        for (BatchSampler b : samplers) {
            total += b.batchSize();
        }
        double[] rowScale = new double[t];
        for (int k = 0; k < t; k++) {
            rowScale[k] = total / (double) samplers[k].batchSize();
        }
        double[] loss = new double[steps];
        double[][] taskLoss = new double[t][steps];
        double[][] taskWeight = new double[t][steps];
        PerTaskBatches batches = new PerTaskBatches(featureParts, labelParts, classes, samplers);
        List<String> shared = HardSharing.sharedLayerNames(graph);
        List<String> lastShared = shared.isEmpty() ? List.of() : List.of(shared.get(shared.size() - 1));
        if (weighting.needsGradientNorms() && lastShared.isEmpty()) {
            throw new IllegalArgumentException(weighting.name() + " needs a shared layer with parameters");
        }
        List<Integer> measured = new ArrayList<>();
        List<Double> taskCos = new ArrayList<>();
        List<Double> updateCos = new ArrayList<>();
        String label = "multi-task " + weighting.name() + (surgery == null ? "" : " + " + surgery.name());
        try (Progress progress = steps > 0 ? Progress.start(label, steps) : null) {
            for (int step = 0; step < steps; step++) {
                MultiDataSet batch = batches.next();
                if (weighting.needsGradientNorms()) {
                    weighting.gradientNorms(step, gradientNorms(graph, batch, lastShared, rowScale));
                }
                boolean measure = measureEvery > 0 && step % measureEvery == 0;
                if (surgery == null && !measure) {
                    trainStep(graph, batch, step, weighting, rowScale, batches.sizes, loss, taskLoss, taskWeight);
                } else {
                    double[] w = weighting.weights(step, t);
                    List<INDArray> g = GradientConflict.taskGradients(graph, batch, shared);
                    for (int k = 0; k < t; k++) {
                        g.set(k, g.get(k).muli(w[k] * rowScale[k]));
                    }
                    INDArray update = (surgery == null ? GradientSurgery.sum() : surgery).combine(g);
                    if (measure) {
                        double minTask = Double.NaN;
                        double minUpdate = Double.NaN;
                        for (int a = 0; a < t; a++) {
                            minUpdate = nanMin(minUpdate, GradientSurgery.cosine(update, g.get(a)));
                            for (int b = a + 1; b < t; b++) {
                                minTask = nanMin(minTask, GradientSurgery.cosine(g.get(a), g.get(b)));
                            }
                        }
                        measured.add(step);
                        taskCos.add(minTask);
                        updateCos.add(minUpdate);
                    }
                    trainStep(graph, batch, step, new Given(weighting, w), rowScale, batches.sizes, loss, taskLoss,
                            taskWeight, surgery == null ? null : update, shared);
                    // free the native buffers of this step's vectors now: the Java heap hardly grows with them, so
                    // the garbage collector would let them pile up to gigabytes over a few hundred steps
                    update.close();
                    g.forEach(INDArray::close);
                }
                progress.step(metrics(tasks, taskLoss, step));
            }
        } finally {
            if (steps > 0) {
                double[] last = new double[t];
                for (int k = 0; k < t; k++) {
                    last[k] = taskWeight[k][steps - 1];
                }
                HardSharing.setTaskWeights(graph, last);
            }
        }
        String name = weighting.name() + (surgery == null ? "" : " + " + surgery.name());
        return new MultiTaskTrainResult(tasks, name, loss, taskLoss, taskWeight, List.of(),
                new MultiTaskTrainResult.ConflictTrace(measured.stream().mapToInt(Integer::intValue).toArray(),
                        taskCos.stream().mapToDouble(Double::doubleValue).toArray(),
                        updateCos.stream().mapToDouble(Double::doubleValue).toArray()));
    }

    /**
     * {@code ||grad_W L_t||} for every task t: the norm of the gradient of task t's loss, as a mean over its own rows
     * of the stacked batch ({@code rowScale}), with respect to the parameters of the given layers.
     */
    static double[] gradientNorms(ComputationGraph graph, MultiDataSet batch, List<String> layers,
                                  double[] rowScale) {
        List<INDArray> g = GradientConflict.taskGradients(graph, batch, layers);
        double[] norms = new double[g.size()];
        for (int k = 0; k < norms.length; k++) {
            norms[k] = g.get(k).norm2Number().doubleValue() * rowScale[k];
            g.get(k).close();
        }
        return norms;
    }

    private static double nanMin(double a, double b) {
        return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.min(a, b);
    }

    /** A weighting whose weights for this step were already drawn ({@code w}); observations go to the original. */
    private record Given(TaskWeighting inner, double[] w) implements TaskWeighting {
        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public double[] weights(int step, int numTasks) {
            return w.clone();
        }

        @Override
        public void observe(int step, double[] taskLosses) {
            inner.observe(step, taskLosses);
        }
    }

    /**
     * Stacked per-task minibatches: task k's rows fill its own block of one batch, and only there are task k's
     * labels and mask non-zero. The label and mask arrays are allocated once; each call refills the label blocks.
     */
    private static final class PerTaskBatches {
        private final INDArray[] featureParts;
        private final INDArray[] labelParts;
        private final BatchSampler[] samplers;
        private final INDArray features;
        private final INDArray[] labels;
        private final INDArray[] masks;
        private final int[] from;
        private final double[] sizes;

        PerTaskBatches(INDArray[] featureParts, INDArray[] labelParts, int[] classes, BatchSampler[] samplers) {
            int t = featureParts.length;
            this.featureParts = featureParts;
            this.labelParts = labelParts;
            this.samplers = samplers;
            this.from = new int[t + 1];
            this.sizes = new double[t];
            for (int k = 0; k < t; k++) {
                sizes[k] = samplers[k].batchSize();
                from[k + 1] = from[k] + samplers[k].batchSize();
            }
            long[] shape = featureParts[0].shape().clone();
            shape[0] = from[t];
            this.features = Nd4j.create(featureParts[0].dataType(), shape);
            this.labels = new INDArray[t];
            this.masks = new INDArray[t];
            for (int k = 0; k < t; k++) {
                labels[k] = Nd4j.zeros(featureParts[k].dataType(), from[t], classes[k]);
                masks[k] = Nd4j.zeros(featureParts[k].dataType(), from[t], 1);
                block(masks[k], k).assign(1);
            }
        }

        private INDArray block(INDArray a, int k) {
            return a.get(NDArrayIndex.interval(from[k], from[k + 1]), NDArrayIndex.all());
        }

        /**
         * The next stacked batch. Its arrays are allocated once and refilled by every call (consume the batch before
         * the next one): gathering each task's rows into new arrays, stacking them and copying the labels took a third
         * of notebook 05's training time (4 x 250 steps: 8.5 s before, 5.6 s after, the same parameters).
         */
        MultiDataSet next() {
            int t = featureParts.length;
            for (int k = 0; k < t; k++) {
                int[] idx = samplers[k].next();
                Nd4j.pullRows(featureParts[k], block(features, k), 1, idx);
                Nd4j.pullRows(labelParts[k], block(labels[k], k), 1, idx);
            }
            return new MultiDataSet(new INDArray[] {features}, labels.clone(), null, masks.clone());
        }
    }

    /**
     * One weighted step; records the total loss, each task's mean loss over its labelled rows, and the weights.
     * {@code rowScale} (per-task batches) multiplies each head's weight so that its batch-averaged loss becomes the
     * mean over its own rows; null for uniformly drawn batches.
     */
    private static void trainStep(ComputationGraph graph, MultiDataSet batch, int step, TaskWeighting weighting,
                                  double[] rowScale, double[] labelledRows, double[] loss, double[][] taskLoss,
                                  double[][] taskWeight) {
        trainStep(graph, batch, step, weighting, rowScale, labelledRows, loss, taskLoss, taskWeight, null, null);
    }

    /**
     * As above; with {@code sharedUpdate != null} (a mean-over-rows gradient on the {@code shared} layers, flattened in
     * layer order) the step is taken by hand: the gradient of the weighted loss, with the shared layers' part replaced
     * by {@code sharedUpdate}, goes through the graph's updater, as in {@code fit}.
     */
    private static void trainStep(ComputationGraph graph, MultiDataSet batch, int step, TaskWeighting weighting,
                                  double[] rowScale, double[] labelledRows, double[] loss, double[][] taskLoss,
                                  double[][] taskWeight, INDArray sharedUpdate, List<String> shared) {
        int t = taskLoss.length;
        double[] w = weighting.weights(step, t);
        double[] effective = w.clone();
        if (rowScale != null) {
            for (int k = 0; k < t; k++) {
                effective[k] *= rowScale[k];
            }
        }
        HardSharing.setTaskWeights(graph, effective);
        List<String> names = HardSharing.taskNames(graph);
        INDArray[] frozen = new INDArray[t];
        for (int k = 0; k < t; k++) {
            if (w[k] == 0) {
                frozen[k] = graph.getLayer(names.get(k)).params().dup();
            }
        }
        double reg = graph.calcRegularizationScore(true);
        if (sharedUpdate == null) {
            graph.fit(batch);
        } else {
            stepWith(graph, batch, sharedUpdate, shared);
        }
        for (int k = 0; k < t; k++) {
            if (frozen[k] != null) {
                graph.getLayer(names.get(k)).setParams(frozen[k]);
            }
        }
        double[] l = headLosses(graph, effective, reg);
        double rows = BatchSampler.numExamples(batch);
        for (int k = 0; k < t; k++) {
            double labelled;
            if (labelledRows != null) {
                labelled = labelledRows[k];
            } else {
                INDArray m = batch.getLabelsMaskArrays() == null ? null : batch.getLabelsMaskArray(k);
                labelled = m == null ? rows : m.sumNumber().doubleValue();
            }
            l[k] = labelled > 0 ? l[k] * rows / labelled : Double.NaN;
        }
        weighting.observe(step, l);
        loss[step] = graph.score();
        for (int k = 0; k < t; k++) {
            taskLoss[k][step] = l[k];
            taskWeight[k][step] = w[k];
        }
    }

    /** One optimiser step on {@code batch} with the shared layers' gradient replaced by {@code sharedUpdate}. */
    private static void stepWith(ComputationGraph graph, MultiDataSet batch, INDArray sharedUpdate,
                                 List<String> shared) {
        int n = BatchSampler.numExamples(batch);
        graph.setInputs(batch.getFeatures());
        graph.setLabels(batch.getLabels());
        graph.setLayerMaskArrays(batch.getFeaturesMaskArrays(), batch.getLabelsMaskArrays());
        graph.computeGradientAndScore();
        Gradient gradient = graph.gradient();
        long offset = 0;
        for (String name : shared) {
            INDArray view = graph.getLayer(name).getGradientsViewArray();
            long len = view.length();
            // the gradient views hold sums over the batch rows; the updater divides by the batch size
            INDArray part = sharedUpdate.get(NDArrayIndex.interval(offset, offset + len)).mul(n);
            INDArray cast = part.castTo(view.dataType());
            view.assign(cast.reshape(view.shape()));
            if (cast != part) {
                cast.close();
            }
            part.close();
            offset += len;
        }
        if (offset != sharedUpdate.length()) {
            throw new IllegalArgumentException("expected a shared update of " + offset + " values, got "
                    + sharedUpdate.length());
        }
        int iteration = graph.getIterationCount();
        graph.getUpdater().update(gradient, iteration, graph.getEpochCount(), n, LayerWorkspaceMgr.noWorkspaces());
        graph.params().subi(gradient.gradient());
        graph.getConfiguration().setIterationCount(iteration + 1);
        graph.clearLayerMaskArrays();
        graph.clearLayersStates();
    }

    /** Seed of a task's minibatch sequence: depends only on the run's seed and the task's name. */
    static long taskSeed(long seed, String task) {
        long h = seed * 0x9E3779B97F4A7C15L + task.hashCode();
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h;
    }

    private static String metrics(List<String> tasks, double[][] taskLoss, int step) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < tasks.size(); k++) {
            sb.append(k == 0 ? "loss " : ", ").append(tasks.get(k)).append(' ')
                    .append(String.format(Locale.ROOT, "%.4f", taskLoss[k][step]));
        }
        return sb.toString();
    }

    private static int[] indices(boolean[] flags) {
        int c = 0;
        for (boolean b : flags) {
            if (b) {
                c++;
            }
        }
        int[] out = new int[c];
        int j = 0;
        for (int i = 0; i < flags.length; i++) {
            if (flags[i]) {
                out[j++] = i;
            }
        }
        return out;
    }

    /**
     * Unweighted head losses of the last step, averaged over the whole batch as DL4J does: each output layer keeps
     * the (weighted) score it computed, the first one with the network's regularisation term added (DL4J adds it
     * once).
     */
    static double[] headLosses(ComputationGraph graph, double[] w, double reg) {
        double[] l = new double[w.length];
        for (int k = 0; k < w.length; k++) {
            double s = graph.getOutputLayer(k).score() - (k == 0 ? reg : 0.0);
            l[k] = w[k] > 0 ? s / w[k] : Double.NaN;
        }
        return l;
    }
}
