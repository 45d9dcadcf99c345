package org.transferkit.multitask;

import java.util.List;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.learning.config.Adam;
import org.transferkit.models.Models;

/**
 * A {@link MultiTaskSetup} with a LeNet-5 trunk ({@link Models#lenet5Heads}: conv1..fc2 shared, one softmax head per
 * task on fc2), Adam with {@code learningRate}, an L2 penalty {@code l2} on all weights, {@code steps} optimisation
 * steps and {@code rowsPerTask} rows per task per step ({@link MultiTaskTrainer#fitStepsPerTask}).
 *
 * @param learningRate Adam learning rate
 * @param l2           L2 coefficient on all weights (trunk and heads)
 * @param steps        optimisation steps of every run
 * @param rowsPerTask  rows drawn per task per step (capped at a task's labelled rows)
 */
public record LenetSetup(double learningRate, double l2, int steps, int rowsPerTask) implements MultiTaskSetup {

    /** Validates the settings. */
    public LenetSetup {
        if (!(learningRate > 0) || !(l2 >= 0) || Double.isInfinite(l2)) {
            throw new IllegalArgumentException("expected learningRate > 0 and l2 >= 0, got " + learningRate + ", "
                    + l2);
        }
        if (steps < 1 || rowsPerTask < 1) {
            throw new IllegalArgumentException("expected steps >= 1 and rowsPerTask >= 1, got " + steps + ", "
                    + rowsPerTask);
        }
    }

    @Override
    public ComputationGraph graph(long seed, MultiTaskData data, List<String> tasks) {
        if (tasks == null || tasks.isEmpty()) {
            throw new IllegalArgumentException("expected at least one task name");
        }
        int[] classes = tasks.stream().mapToInt(data::numClasses).toArray();
        return Models.lenet5Heads(tasks.toArray(String[]::new), classes, new Adam(learningRate), l2, seed);
    }

    @Override
    public MultiTaskTrainResult train(ComputationGraph graph, MultiTaskData data, long seed, TaskWeighting weighting,
                                      GradientSurgery surgery, int measureEvery) {
        return MultiTaskTrainer.fitStepsPerTask(graph, data, steps, rowsPerTask, seed, weighting, surgery,
                measureEvery);
    }

    /** A copy with another number of steps. */
    public LenetSetup withSteps(int newSteps) {
        return new LenetSetup(learningRate, l2, newSteps, rowsPerTask);
    }

    @Override
    public String toString() {
        return "LeNet-5 trunk (conv 6, conv 16, dense 120-84), Adam " + learningRate + ", l2 " + l2 + ", " + steps
                + " steps x " + rowsPerTask + " rows per task";
    }
}
