package org.transferkit.multitask;

import java.util.List;

import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * How every arm of a multi-task comparison builds and trains its network: the trunk, the optimiser, the steps and
 * the rows per task are fixed by the set-up, so arms differ only in their heads and loss weights.
 * {@link MlpSetup} (an MLP trunk) and {@link LenetSetup} (a LeNet-5 trunk) are the two the kit has.
 */
public interface MultiTaskSetup {

    /** A hard-sharing graph with one softmax head per named task (class counts taken from {@code data}). */
    ComputationGraph graph(long seed, MultiTaskData data, List<String> tasks);

    /**
     * Trains a graph on its tasks' rows of {@code data} with per-task minibatches and the given weighting, a rule for
     * the shared layers' update (null: DL4J's own step) and conflict measurements every {@code measureEvery} steps
     * (0 = none), see {@link MultiTaskTrainer#fitStepsPerTask(ComputationGraph, MultiTaskData, int, int, long,
     * TaskWeighting, GradientSurgery, int)}.
     */
    MultiTaskTrainResult train(ComputationGraph graph, MultiTaskData data, long seed, TaskWeighting weighting,
                               GradientSurgery surgery, int measureEvery);

    /** Trains a graph with the given weighting and DL4J's own step. */
    default MultiTaskTrainResult train(ComputationGraph graph, MultiTaskData data, long seed, TaskWeighting weighting) {
        return train(graph, data, seed, weighting, null, 0);
    }
}
