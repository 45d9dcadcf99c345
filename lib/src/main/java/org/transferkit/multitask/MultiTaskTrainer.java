package org.transferkit.multitask;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.deeplearning4j.nn.graph.ComputationGraph;
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
                trainStep(graph, batch, step, weighting, null, loss, taskLoss, taskWeight);
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
            featureParts[k] = train.features().getRows(rows);
            labelParts[k] = train.labels(task).getRows(rows);
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
        try (Progress progress = steps > 0 ? Progress.start("multi-task " + weighting.name(), steps) : null) {
            for (int step = 0; step < steps; step++) {
                MultiDataSet batch = perTaskBatch(featureParts, labelParts, classes, samplers);
                trainStep(graph, batch, step, weighting, rowScale, loss, taskLoss, taskWeight);
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
        return new MultiTaskTrainResult(tasks, weighting.name(), loss, taskLoss, taskWeight, List.of());
    }

    /** Stacks one minibatch per task; task k's labels and mask are non-zero only in its own part. */
    private static MultiDataSet perTaskBatch(INDArray[] featureParts, INDArray[] labelParts, int[] classes,
                                             BatchSampler[] samplers) {
        int t = featureParts.length;
        INDArray[] x = new INDArray[t];
        int[] sizes = new int[t];
        INDArray[] drawn = new INDArray[t];
        int total = 0;
        for (int k = 0; k < t; k++) {
            int[] idx = samplers[k].next();
            x[k] = Nd4j.pullRows(featureParts[k], 1, idx);
            drawn[k] = Nd4j.pullRows(labelParts[k], 1, idx);
            sizes[k] = idx.length;
            total += idx.length;
        }
        INDArray features = t == 1 ? x[0] : Nd4j.vstack(x);
        INDArray[] labels = new INDArray[t];
        INDArray[] masks = new INDArray[t];
        for (int k = 0; k < t; k++) {
            INDArray y = Nd4j.zeros(features.dataType(), total, classes[k]);
            INDArray m = Nd4j.zeros(features.dataType(), total, 1);
            int from = 0;
            for (int j = 0; j < k; j++) {
                from += sizes[j];
            }
            y.get(NDArrayIndex.interval(from, from + sizes[k]),
                    NDArrayIndex.all()).assign(drawn[k]);
            m.get(NDArrayIndex.interval(from, from + sizes[k]),
                    NDArrayIndex.all()).assign(1);
            labels[k] = y;
            masks[k] = m;
        }
        return new MultiDataSet(new INDArray[] {features}, labels, null, masks);
    }

    /**
     * One weighted step; records the total loss, each task's mean loss over its labelled rows, and the weights.
     * {@code rowScale} (per-task batches) multiplies each head's weight so that its batch-averaged loss becomes the
     * mean over its own rows; null for uniformly drawn batches.
     */
    private static void trainStep(ComputationGraph graph, MultiDataSet batch, int step, TaskWeighting weighting,
                                  double[] rowScale, double[] loss, double[][] taskLoss, double[][] taskWeight) {
        int t = taskLoss.length;
        double[] w = weighting.weights(step, t);
        double[] effective = w.clone();
        if (rowScale != null) {
            for (int k = 0; k < t; k++) {
                effective[k] *= rowScale[k];
            }
        }
        HardSharing.setTaskWeights(graph, effective);
        double reg = graph.calcRegularizationScore(true);
        graph.fit(batch);
        double[] l = headLosses(graph, effective, reg);
        double rows = BatchSampler.numExamples(batch);
        for (int k = 0; k < t; k++) {
            INDArray m = batch.getLabelsMaskArrays() == null ? null : batch.getLabelsMaskArray(k);
            double labelled = m == null ? rows : m.sumNumber().doubleValue();
            l[k] = labelled > 0 ? l[k] * rows / labelled : Double.NaN;
        }
        weighting.observe(step, l);
        loss[step] = graph.score();
        for (int k = 0; k < t; k++) {
            taskLoss[k][step] = l[k];
            taskWeight[k][step] = w[k];
        }
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
