package org.transferkit.adaptation;

import java.util.Random;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * DANN networks for {@link DannSgd}: a feature extractor, a label head and a domain head behind a
 * {@link GradientReversalVertex}. Vertex names are {@link DannTrainer}'s ({@code input}, {@code grl}, {@code label},
 * {@code domain}), so a trained network is a {@link DannModel} like any other.
 */
public final class DannNetworks {

    /** Name of the last feature layer (the shared representation). */
    public static final String FEATURES = "features";

    private DannNetworks() {
    }

    /**
     * An MLP DANN: features {@code inputs -> hidden[0] -> ... -> hidden[last]} (ReLU; the last is named
     * {@link #FEATURES}), label head dense softmax {@code numClasses}, domain head gradient reversal then
     * {@code domainHidden} ReLU layers then one sigmoid unit (probability of "target"). Every weight and bias is drawn
     * uniformly from {@code +-1/sqrt(fan_in)} ({@link #uniformInit}), as PyTorch's {@code nn.Linear} does. The network
     * has no updater of its own: {@link DannSgd} applies its steps.
     *
     * <p>{@code labelWeight} multiplies the label cross-entropy. DL4J averages every output's loss over all rows of a
     * step, masked or not; when only half of a step's rows carry labels (the source half), a weight of 2 makes the
     * label term the mean over those rows, as in the paper. (A label mask of 2 instead of 1 does not do this: DL4J's
     * softmax cross-entropy gradient is then not the gradient of the weighted loss.)
     */
    public static ComputationGraph mlp(int inputs, int[] hidden, int numClasses, int[] domainHidden,
            double labelWeight, long seed) {
        if (inputs < 1 || hidden.length == 0 || numClasses < 2) {
            throw new IllegalArgumentException("Expected inputs >= 1, at least one hidden layer and >= 2 classes");
        }
        if (!(labelWeight > 0) || Double.isInfinite(labelWeight)) {
            throw new IllegalArgumentException("labelWeight must be a finite number > 0, got " + labelWeight);
        }
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder()
                .seed(org.transferkit.Kit.nativeSeed(seed))
                .dataType(DataType.FLOAT)
                .updater(new NoOp())
                .weightInit(WeightInit.UNIFORM)
                .graphBuilder()
                .addInputs(DannTrainer.INPUT)
                .setInputTypes(InputType.feedForward(inputs));
        String prev = DannTrainer.INPUT;
        for (int i = 0; i < hidden.length; i++) {
            String name = i == hidden.length - 1 ? FEATURES : "fc" + (i + 1);
            g.addLayer(name, new DenseLayer.Builder().nOut(hidden[i]).activation(Activation.RELU).build(), prev);
            prev = name;
        }
        g.addLayer(DannTrainer.LABEL_OUTPUT, new OutputLayer.Builder(new LossMCXENT(
                Nd4j.valueArrayOf(new long[] {1, numClasses}, labelWeight, DataType.FLOAT))).nOut(numClasses)
                .activation(Activation.SOFTMAX).build(), FEATURES);
        g.addVertex(DannTrainer.GRL, new GradientReversalVertex(0), FEATURES);
        prev = DannTrainer.GRL;
        for (int i = 0; i < domainHidden.length; i++) {
            String name = "domain_fc" + (i + 1);
            g.addLayer(name, new DenseLayer.Builder().nOut(domainHidden[i]).activation(Activation.RELU).build(), prev);
            prev = name;
        }
        g.addLayer(DannTrainer.DOMAIN_OUTPUT, new OutputLayer.Builder(new LossBinaryXENT()).nOut(1)
                .activation(Activation.SIGMOID).build(), prev);
        g.setOutputs(DannTrainer.LABEL_OUTPUT, DannTrainer.DOMAIN_OUTPUT);
        ComputationGraph net = new ComputationGraph(g.build());
        net.init();
        uniformInit(net, seed);
        return net;
    }

    /**
     * Sets every dense layer's weights {@code W [fan_in, fan_out]} and biases {@code b} to independent draws from
     * {@code U(-1/sqrt(fan_in), 1/sqrt(fan_in))}, from a {@link Random} seeded with {@code seed} (layers in graph
     * order), so the same seed gives the same network on every machine.
     */
    public static void uniformInit(ComputationGraph net, long seed) {
        Random rnd = new Random(seed);
        for (Layer layer : net.getLayers()) {
            INDArray w = layer.getParam("W");
            INDArray b = layer.getParam("b");
            if (w == null || w.rank() != 2) {
                continue;
            }
            double bound = 1 / Math.sqrt(w.size(0));
            fill(w, bound, rnd);
            if (b != null) {
                fill(b, bound, rnd);
            }
        }
    }

    private static void fill(INDArray param, double bound, Random rnd) {
        float[] v = new float[(int) param.length()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) ((2 * rnd.nextDouble() - 1) * bound);
        }
        param.assign(Nd4j.create(v, param.shape(), param.ordering()));
    }
}
