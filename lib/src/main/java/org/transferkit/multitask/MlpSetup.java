package org.transferkit.multitask;

import java.util.Arrays;
import java.util.List;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.transferkit.Kit;

/**
 * One training set-up shared by every arm of a comparison, so that arms differ only in what is being compared:
 * an MLP trunk ({@code hidden} ReLU layers on 784 inputs), Adam with {@code learningRate}, an L2 penalty {@code l2}
 * on all weights, {@code steps} optimisation steps and {@code rowsPerTask} rows per task per step
 * ({@link MultiTaskTrainer#fitStepsPerTask}).
 *
 * @param hidden       trunk layer widths
 * @param learningRate Adam learning rate
 * @param l2           L2 coefficient on all weights (trunk and heads)
 * @param steps        optimisation steps of every run
 * @param rowsPerTask  rows drawn per task per step (capped at a task's labelled rows)
 */
public record MlpSetup(int[] hidden, double learningRate, double l2, int steps, int rowsPerTask)
        implements MultiTaskSetup {

    /** Validates the settings. */
    public MlpSetup {
        if (hidden == null || hidden.length == 0 || Arrays.stream(hidden).anyMatch(h -> h <= 0)) {
            throw new IllegalArgumentException("expected at least one positive hidden width, got "
                    + Arrays.toString(hidden));
        }
        if (!(learningRate > 0) || !(l2 >= 0) || Double.isInfinite(l2)) {
            throw new IllegalArgumentException("expected learningRate > 0 and l2 >= 0, got " + learningRate + ", "
                    + l2);
        }
        if (steps < 1 || rowsPerTask < 1) {
            throw new IllegalArgumentException("expected steps >= 1 and rowsPerTask >= 1, got " + steps + ", "
                    + rowsPerTask);
        }
        hidden = hidden.clone();
    }

    @Override
    public int[] hidden() {
        return hidden.clone();
    }

    @Override
    public ComputationGraph graph(long seed, MultiTaskData data, List<String> tasks) {
        if (tasks == null || tasks.isEmpty()) {
            throw new IllegalArgumentException("expected at least one task name");
        }
        HardSharing.NetworkBuilder b = HardSharing.builder().mlpTrunk(784, hidden).updater(new Adam(learningRate)).l2(l2)
                .seed(seed);
        for (String t : tasks) {
            b.task(t, data.numClasses(t));
        }
        return b.build();
    }

    @Override
    public MultiTaskTrainResult train(ComputationGraph graph, MultiTaskData data, long seed, TaskWeighting weighting,
                                      GradientSurgery surgery, int measureEvery) {
        return MultiTaskTrainer.fitStepsPerTask(graph, data, steps, rowsPerTask, seed, weighting, surgery,
                measureEvery);
    }

    /**
     * A single-task network of the same shape as one task of {@link #graph} (layers {@code fc1..fcK}, {@code out}),
     * for soft parameter sharing, where every task has its own network.
     */
    public MultiLayerNetwork network(long seed, int numClasses) {
        if (numClasses < 2) {
            throw new IllegalArgumentException("expected numClasses >= 2, got " + numClasses);
        }
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder()
                .seed(Kit.nativeSeed(seed)).updater(new Adam(learningRate)).weightInit(WeightInit.XAVIER).l2(l2).list();
        int in = 784;
        for (int i = 0; i < hidden.length; i++) {
            b.layer(new DenseLayer.Builder().name("fc" + (i + 1)).nIn(in).nOut(hidden[i])
                    .activation(Activation.RELU).build());
            in = hidden[i];
        }
        b.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).name("out").nIn(in).nOut(numClasses)
                .activation(Activation.SOFTMAX).build());
        MultiLayerNetwork net = new MultiLayerNetwork(b.build());
        net.init();
        return net;
    }

    /** Names of the trunk layers, {@code fc1..fcK}. */
    public String[] trunkLayers() {
        String[] out = new String[hidden.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = "fc" + (i + 1);
        }
        return out;
    }

    /** A copy with another number of steps. */
    public MlpSetup withSteps(int newSteps) {
        return new MlpSetup(hidden, learningRate, l2, newSteps, rowsPerTask);
    }

    @Override
    public String toString() {
        return "MLP 784-" + String.join("-", Arrays.stream(hidden).mapToObj(String::valueOf).toArray(String[]::new))
                + ", Adam " + learningRate + ", l2 " + l2 + ", " + steps + " steps x " + rowsPerTask + " rows per task";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MlpSetup m && Arrays.equals(hidden, m.hidden) && learningRate == m.learningRate
                && l2 == m.l2 && steps == m.steps && rowsPerTask == m.rowsPerTask;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(hidden) * 31 + Double.hashCode(learningRate) * 17 + Double.hashCode(l2) + steps * 7
                + rowsPerTask;
    }
}
