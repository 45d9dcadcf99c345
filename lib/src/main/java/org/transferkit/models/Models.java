package org.transferkit.models;

import org.transferkit.Arguments;

import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.transferkit.Kit;
import org.transferkit.multitask.WeightedLoss;

/**
 * The kit's small reference networks, built with DL4J and initialised. Layers carry names ("fc1", "conv1", "pool1",
 * ..., "out") so that transfer code can address them by name (freeze up to "fc2", replace "out", ...).
 */
public final class Models {
    /** Widths of the lesson LeNet ({@link #lenet(int, IUpdater, long)}): conv1 maps, conv2 maps, dense units. */
    public static final int LENET_CONV1 = 20;
    /** See {@link #LENET_CONV1}. */
    public static final int LENET_CONV2 = 50;
    /** See {@link #LENET_CONV1}. */
    public static final int LENET_DENSE = 500;

    private Models() {
    }

    /**
     * A multilayer perceptron: ReLU dense layers "fc1".."fcN" of the given widths and a softmax output "out"
     * trained with multi-class cross-entropy.
     *
     * @param nIn     number of input features, e.g. 784
     * @param hidden  widths of the hidden layers (may be empty: then it is softmax regression)
     * @param nOut    number of classes
     * @param updater optimiser, e.g. {@code new Adam(1e-3)}
     * @param seed    seed of the weight initialisation
     */
    public static MultiLayerNetwork mlp(int nIn, int[] hidden, int nOut, IUpdater updater, long seed) {
        Arguments.positive(nIn, "nIn");
        Arguments.positive(nOut, "nOut");
        if (hidden == null) {
            throw new IllegalArgumentException("hidden must be an array of layer widths (may be empty), got null");
        }
        for (int h : hidden) {
            Arguments.positive(h, "hidden layer width");
        }
        Arguments.updater(updater);
        Kit.init();
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder()
                .seed(org.transferkit.Kit.nativeSeed(seed))
                .updater(updater)
                .weightInit(WeightInit.RELU)
                .list();
        int in = nIn;
        for (int i = 0; i < hidden.length; i++) {
            b.layer(new DenseLayer.Builder().name("fc" + (i + 1)).nIn(in).nOut(hidden[i])
                    .activation(Activation.RELU).build());
            in = hidden[i];
        }
        b.layer(new OutputLayer.Builder(LossFunction.MCXENT).name("out").nIn(in).nOut(nOut)
                .activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER).build());
        MultiLayerNetwork net = new MultiLayerNetwork(b.build());
        net.init();
        return net;
    }

    /**
     * LeNet-5 style CNN for flat 28x28 grayscale input ([n, 784] features): "conv1" 5x5x20, "pool1" max 2x2,
     * "conv2" 5x5x50, "pool2" max 2x2, "fc1" dense 500 ReLU, "out" softmax.
     *
     * @param nOut    number of classes
     * @param updater optimiser
     * @param seed    seed of the weight initialisation
     */
    public static MultiLayerNetwork lenet(int nOut, IUpdater updater, long seed) {
        return lenet(nOut, LENET_CONV1, LENET_CONV2, new int[] {LENET_DENSE}, updater, seed);
    }

    /**
     * The same LeNet layout with chosen widths: "conv1" 5x5 with {@code conv1Maps} feature maps, "pool1" max 2x2,
     * "conv2" 5x5 with {@code conv2Maps}, "pool2" max 2x2, dense ReLU layers "fc1", "fc2", ... of {@code denseUnits},
     * "out" softmax. ReLU (He) initialisation, Xavier for the output layer.
     */
    public static MultiLayerNetwork lenet(int nOut, int conv1Maps, int conv2Maps, int[] denseUnits, IUpdater updater,
                                          long seed) {
        Arguments.positive(nOut, "nOut");
        Arguments.positive(conv1Maps, "conv1 feature maps");
        Arguments.positive(conv2Maps, "conv2 feature maps");
        if (denseUnits == null || denseUnits.length == 0) {
            throw new IllegalArgumentException("expected at least one dense layer width");
        }
        for (int u : denseUnits) {
            Arguments.positive(u, "dense layer width");
        }
        Arguments.updater(updater);
        Kit.init();
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder()
                .seed(org.transferkit.Kit.nativeSeed(seed))
                .updater(updater)
                .weightInit(WeightInit.RELU)
                .list()
                .layer(new ConvolutionLayer.Builder(5, 5).name("conv1").nOut(conv1Maps).stride(1, 1)
                        .activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).name("pool1")
                        .kernelSize(2, 2).stride(2, 2).build())
                .layer(new ConvolutionLayer.Builder(5, 5).name("conv2").nOut(conv2Maps).stride(1, 1)
                        .activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).name("pool2")
                        .kernelSize(2, 2).stride(2, 2).build());
        for (int i = 0; i < denseUnits.length; i++) {
            b.layer(new DenseLayer.Builder().name("fc" + (i + 1)).nOut(denseUnits[i]).activation(Activation.RELU)
                    .build());
        }
        b.layer(new OutputLayer.Builder(LossFunction.MCXENT).name("out").nOut(nOut)
                        .activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER).build())
                .setInputType(InputType.convolutionalFlat(28, 28, 1));
        MultiLayerNetwork net = new MultiLayerNetwork(b.build());
        net.init();
        return net;
    }

    /**
     * LeNet-5 as LeCun et al. (1998) sized it, for flat 28x28 grey input ([n, 784] features): "conv1" 5x5x6 with
     * 2 pixels of zero padding (the original read 32x32 images), "pool1" max 2x2, "conv2" 5x5x16, "pool2" max 2x2
     * (16 x 5 x 5 = 400 features), "fc1" dense 120 ReLU, "fc2" dense 84 ReLU, "out" softmax (cross-entropy). Every
     * layer starts from Xavier-normal weights and zero biases, the initialisation of the transfer lessons' reference
     * design. DL4J layer indices 0..6.
     *
     * @param nOut    number of classes
     * @param updater optimiser of every layer
     * @param seed    seed of the weight initialisation
     */
    public static MultiLayerNetwork lenet5(int nOut, IUpdater updater, long seed) {
        Arguments.positive(nOut, "nOut");
        Arguments.updater(updater);
        Kit.init();
        NeuralNetConfiguration.ListBuilder list = lenet5Defaults(updater, seed).list();
        for (Layer layer : lenet5Body()) {
            list.layer(layer);
        }
        MultiLayerNetwork net = new MultiLayerNetwork(list
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).name("out").nOut(nOut)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(28, 28, 1))
                .build());
        net.init();
        return net;
    }

    /**
     * {@link #lenet5}'s layers as a {@link ComputationGraph} with one softmax head per task instead of "out": input
     * "input", the body "conv1".."fc2" under the same names, and a head named after each task (in the order given,
     * which is the order of the graph's outputs) on "fc2". Each head's loss is a {@link WeightedLoss} of weight 1, so
     * task weights can be changed between steps ({@code HardSharing.setTaskWeight}).
     *
     * @param tasks   the task names, e.g. {@code {"source", "target"}}
     * @param classes number of classes of each task, in the same order
     * @param updater optimiser of every layer
     * @param seed    seed of the weight initialisation
     */
    public static ComputationGraph lenet5Heads(String[] tasks, int[] classes, IUpdater updater, long seed) {
        return lenet5Heads(tasks, classes, updater, 0.0, seed);
    }

    /**
     * As {@link #lenet5Heads(String[], int[], IUpdater, long)}, with an L2 penalty {@code l2} on every layer's
     * weights (0: none, the same network).
     */
    public static ComputationGraph lenet5Heads(String[] tasks, int[] classes, IUpdater updater, double l2, long seed) {
        if (!(l2 >= 0) || Double.isInfinite(l2)) {
            throw new IllegalArgumentException("expected l2 >= 0, got " + l2);
        }
        if (tasks == null || tasks.length == 0 || classes == null || classes.length != tasks.length) {
            throw new IllegalArgumentException("expected at least one task and one class count per task, e.g. "
                    + "{\"source\", \"target\"} and {5, 5}");
        }
        Arguments.updater(updater);
        Kit.init();
        NeuralNetConfiguration.Builder defaults = lenet5Defaults(updater, seed);
        if (l2 > 0) {
            defaults.l2(l2);
        }
        ComputationGraphConfiguration.GraphBuilder graph = defaults.graphBuilder()
                .addInputs("input")
                .setInputTypes(InputType.convolutionalFlat(28, 28, 1));
        String previous = "input";
        for (Layer layer : lenet5Body()) {
            graph.addLayer(layer.getLayerName(), layer, previous);
            previous = layer.getLayerName();
        }
        for (int t = 0; t < tasks.length; t++) {
            String name = tasks[t];
            Arguments.notBlank(name, "task name");
            if (name.equals("input") || name.matches("conv[12]|pool[12]|fc[12]")) {
                throw new IllegalArgumentException("task name clashes with a layer name: " + name);
            }
            Arguments.positive(classes[t], "classes of task " + name);
            graph.addLayer(name, new OutputLayer.Builder(new WeightedLoss(new LossMCXENT(), 1.0))
                    .nOut(classes[t]).activation(Activation.SOFTMAX).build(), previous);
        }
        ComputationGraph net = new ComputationGraph(graph.setOutputs(tasks).build());
        net.init();
        return net;
    }

    private static NeuralNetConfiguration.Builder lenet5Defaults(IUpdater updater, long seed) {
        return new NeuralNetConfiguration.Builder()
                .seed(Kit.nativeSeed(seed))
                .updater(updater)
                .weightInit(WeightInit.XAVIER);
    }

    /** LeNet-5's layers below its head, new configurations on every call. */
    private static List<Layer> lenet5Body() {
        return List.of(
                new ConvolutionLayer.Builder(5, 5).name("conv1").nOut(6).padding(2, 2)
                        .activation(Activation.RELU).build(),
                new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).name("pool1")
                        .kernelSize(2, 2).stride(2, 2).build(),
                new ConvolutionLayer.Builder(5, 5).name("conv2").nOut(16).activation(Activation.RELU).build(),
                new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).name("pool2")
                        .kernelSize(2, 2).stride(2, 2).build(),
                new DenseLayer.Builder().name("fc1").nOut(120).activation(Activation.RELU).build(),
                new DenseLayer.Builder().name("fc2").nOut(84).activation(Activation.RELU).build());
    }

    /**
     * A dense autoencoder nIn -> encoder[0] -> ... -> code -> ... -> encoder[0] -> nIn. Encoder layers are ReLU
     * "enc1".."encK" (the last one, "encK", is the code), decoder layers "dec1".. mirror them, and the sigmoid output
     * "out" reconstructs inputs in [0,1] with binary cross-entropy (XENT). Train it with the features as labels;
     * the encoder layers can then be transferred to a classifier.
     *
     * @param nIn     input width, e.g. 784
     * @param encoder widths of the encoder layers, the last one being the code size, e.g. {256, 32}
     * @param updater optimiser
     * @param seed    seed of the weight initialisation
     */
    public static MultiLayerNetwork autoencoder(int nIn, int[] encoder, IUpdater updater, long seed) {
        Arguments.positive(nIn, "nIn");
        if (encoder == null || encoder.length == 0) {
            throw new IllegalArgumentException("encoder must list at least one layer width (the code size)");
        }
        for (int h : encoder) {
            Arguments.positive(h, "encoder layer width");
        }
        Arguments.updater(updater);
        Kit.init();
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder()
                .seed(org.transferkit.Kit.nativeSeed(seed))
                .updater(updater)
                .weightInit(WeightInit.RELU)
                .list();
        int in = nIn;
        for (int i = 0; i < encoder.length; i++) {
            b.layer(new DenseLayer.Builder().name("enc" + (i + 1)).nIn(in).nOut(encoder[i])
                    .activation(Activation.RELU).build());
            in = encoder[i];
        }
        for (int i = encoder.length - 2, d = 1; i >= 0; i--, d++) {
            b.layer(new DenseLayer.Builder().name("dec" + d).nIn(in).nOut(encoder[i])
                    .activation(Activation.RELU).build());
            in = encoder[i];
        }
        b.layer(new OutputLayer.Builder(LossFunction.XENT).name("out").nIn(in).nOut(nIn)
                .activation(Activation.SIGMOID).weightInit(WeightInit.XAVIER).build());
        MultiLayerNetwork net = new MultiLayerNetwork(b.build());
        net.init();
        return net;
    }
}
