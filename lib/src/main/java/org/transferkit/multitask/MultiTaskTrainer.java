package org.transferkit.multitask;

import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.MultiDataSet;

/**
 * Trains a multi-task {@link ComputationGraph} for a fixed number of optimisation steps on seeded minibatches (the
 * multi-task counterpart of the single-task {@code Trainer.fitSteps}): equal step budgets make single- and multi-task
 * runs comparable. Optionally re-weights the task losses every step ({@link TaskWeighting}) and measures the gradient
 * conflict between tasks every k steps ({@link GradientConflict}).
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
     * (its score divided by its weight) is reported back to {@code weighting}.
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
        for (int step = 0; step < steps; step++) {
            MultiDataSet batch = BatchSampler.rows(train, sampler.next());
            if (conflictEvery > 0 && step % conflictEvery == 0) {
                conflicts.add(new MultiTaskTrainResult.Snapshot(step, GradientConflict.measure(graph, batch)));
            }
            double[] w = weighting.weights(step, t);
            HardSharing.setTaskWeights(graph, w);
            double reg = graph.calcRegularizationScore(true);
            graph.fit(batch);
            double[] l = headLosses(graph, w, reg);
            weighting.observe(step, l);
            loss[step] = graph.score();
            for (int k = 0; k < t; k++) {
                taskLoss[k][step] = l[k];
                taskWeight[k][step] = w[k];
            }
        }
        return new MultiTaskTrainResult(tasks, weighting.name(), loss, taskLoss, taskWeight, conflicts);
    }

    /**
     * Unweighted head losses of the last step: each output layer keeps the (weighted) score it computed, the first
     * one with the network's regularisation term added (DL4J adds it once).
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
