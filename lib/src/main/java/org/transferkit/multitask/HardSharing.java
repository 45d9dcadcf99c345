package org.transferkit.multitask;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * Hard parameter sharing (HPS, Caruana 1997): one DL4J {@link ComputationGraph} with a shared trunk and one softmax
 * output layer per named task. The objective is {@code L = sum_t w_t L_t}, each head's cross-entropy wrapped in a
 * {@link WeightedLoss} so the per-task weights {@code w_t} can be read and changed between steps.
 *
 * <p>Layer names: input {@code "input"}; MLP trunk {@code "fc1".."fcK"}; LeNet trunk {@code "conv1","pool1","conv2",
 * "pool2","fc1"}; each head is an output layer named after its task. The graph's outputs are the tasks, in the order
 * they were added ({@link #taskNames}); a {@code MultiDataSet} must hold the labels in that order
 * ({@link MultiTaskData#toMultiDataSet(List)}).
 */
public final class HardSharing {

    private HardSharing() {
    }

    /** A builder for a hard-sharing graph; set a trunk, add at least one task, then {@link NetworkBuilder#build()}. */
    public static NetworkBuilder builder() {
        return new NetworkBuilder();
    }

    /** Builds a hard-sharing graph: trunk, heads, updater, seed. */
    public static final class NetworkBuilder {
        private int nIn = -1;
        private int[] hidden;
        private boolean lenet;
        private int conv1 = 20;
        private int conv2 = 50;
        private int dense = 500;
        private final Map<String, int[]> taskClasses = new LinkedHashMap<>();
        private final Map<String, Double> taskWeights = new LinkedHashMap<>();
        private IUpdater updater = new Adam(1e-3);
        private long seed = 42;
        private DataType dataType = DataType.FLOAT;
        private Activation activation = Activation.RELU;
        private double l2;

        private NetworkBuilder() {
        }

        /** A trunk of dense layers {@code fc1..fcK} with the given widths on {@code nIn} flat inputs. */
        public NetworkBuilder mlpTrunk(int nIn, int... hiddenSizes) {
            if (nIn <= 0) {
                throw new IllegalArgumentException("expected nIn > 0, got " + nIn);
            }
            if (hiddenSizes == null || hiddenSizes.length == 0) {
                throw new IllegalArgumentException("expected at least one hidden layer size for the shared trunk");
            }
            for (int h : hiddenSizes) {
                if (h <= 0) {
                    throw new IllegalArgumentException("expected hidden sizes > 0, got " + h);
                }
            }
            this.nIn = nIn;
            this.hidden = hiddenSizes.clone();
            this.lenet = false;
            return this;
        }

        /** The LeNet trunk on flat 28x28 inputs: conv5x5x20, maxpool, conv5x5x50, maxpool, dense 500. */
        public NetworkBuilder lenetTrunk() {
            return lenetTrunk(20, 50, 500);
        }

        /** A LeNet-shaped trunk on flat 28x28 inputs with the given channel counts and dense width (small = fast). */
        public NetworkBuilder lenetTrunk(int conv1Channels, int conv2Channels, int denseUnits) {
            if (conv1Channels <= 0 || conv2Channels <= 0 || denseUnits <= 0) {
                throw new IllegalArgumentException("expected positive LeNet sizes, got " + conv1Channels + ", "
                        + conv2Channels + ", " + denseUnits);
            }
            this.lenet = true;
            this.nIn = 28 * 28;
            this.conv1 = conv1Channels;
            this.conv2 = conv2Channels;
            this.dense = denseUnits;
            return this;
        }

        /** Adds a task head with weight 1. */
        public NetworkBuilder task(String name, int numClasses) {
            return task(name, numClasses, 1.0);
        }

        /** Adds a softmax head {@code name} with {@code numClasses} outputs and loss weight {@code weight >= 0}. */
        public NetworkBuilder task(String name, int numClasses, double weight) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("expected a non-empty task name");
            }
            if (taskClasses.containsKey(name)) {
                throw new IllegalArgumentException("task name used twice: " + name);
            }
            if (numClasses < 2) {
                throw new IllegalArgumentException("expected numClasses >= 2 for task " + name + ", got " + numClasses);
            }
            WeightedLoss.checkWeight(weight);
            taskClasses.put(name, new int[] {numClasses});
            taskWeights.put(name, weight);
            return this;
        }

        /** Updater for all parameters (default Adam 1e-3). */
        public NetworkBuilder updater(IUpdater u) {
            if (u == null) {
                throw new IllegalArgumentException("expected an updater, got null");
            }
            this.updater = u;
            return this;
        }

        /** Seed of the weight initialisation (default 42). */
        public NetworkBuilder seed(long s) {
            this.seed = s;
            return this;
        }

        /** Network data type (default FLOAT; DOUBLE for gradient checks). */
        public NetworkBuilder dataType(DataType t) {
            this.dataType = t;
            return this;
        }

        /** Activation of the trunk layers (default ReLU). */
        public NetworkBuilder activation(Activation a) {
            this.activation = a;
            return this;
        }

        /**
         * L2 penalty {@code (l2/2) ||W||^2} on all weights, trunk and heads (default 0). It keeps a small task's head
         * from saturating once it fits its few labels, so the head keeps adapting while the shared trunk moves.
         */
        public NetworkBuilder l2(double coefficient) {
            if (!(coefficient >= 0) || Double.isInfinite(coefficient)) {
                throw new IllegalArgumentException("expected a finite l2 coefficient >= 0, got " + coefficient);
            }
            this.l2 = coefficient;
            return this;
        }

        /** Builds and initialises the graph. */
        public ComputationGraph build() {
            if (nIn <= 0) {
                throw new IllegalArgumentException("expected a trunk: call mlpTrunk(...) or lenetTrunk() first");
            }
            if (taskClasses.isEmpty()) {
                throw new IllegalArgumentException("expected at least one task: call task(name, numClasses)");
            }
            ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder()
                    .seed(org.transferkit.Kit.nativeSeed(seed))
                    .dataType(dataType)
                    .updater(updater)
                    .weightInit(WeightInit.XAVIER)
                    .l2(l2)
                    .graphBuilder()
                    .addInputs("input");
            Set<String> trunkNames = new LinkedHashSet<>();
            String last = "input";
            if (lenet) {
                g.setInputTypes(InputType.convolutionalFlat(28, 28, 1));
                g.addLayer("conv1", new ConvolutionLayer.Builder(5, 5).stride(1, 1).nOut(conv1)
                        .activation(activation).build(), last);
                g.addLayer("pool1", new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
                        .kernelSize(2, 2).stride(2, 2).build(), "conv1");
                g.addLayer("conv2", new ConvolutionLayer.Builder(5, 5).stride(1, 1).nOut(conv2)
                        .activation(activation).build(), "pool1");
                g.addLayer("pool2", new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
                        .kernelSize(2, 2).stride(2, 2).build(), "conv2");
                g.addLayer("fc1", new DenseLayer.Builder().nOut(dense).activation(activation).build(), "pool2");
                trunkNames.addAll(List.of("conv1", "pool1", "conv2", "pool2", "fc1"));
                last = "fc1";
            } else {
                g.setInputTypes(InputType.feedForward(nIn));
                for (int i = 0; i < hidden.length; i++) {
                    String name = "fc" + (i + 1);
                    g.addLayer(name, new DenseLayer.Builder().nOut(hidden[i]).activation(activation).build(), last);
                    trunkNames.add(name);
                    last = name;
                }
            }
            for (Map.Entry<String, int[]> t : taskClasses.entrySet()) {
                String name = t.getKey();
                if (trunkNames.contains(name) || name.equals("input")) {
                    throw new IllegalArgumentException("task name clashes with a trunk layer name: " + name
                            + " (reserved: input, " + String.join(", ", trunkNames) + ")");
                }
                g.addLayer(name, new OutputLayer.Builder(new WeightedLoss(new LossMCXENT(), taskWeights.get(name)))
                        .nOut(t.getValue()[0]).activation(Activation.SOFTMAX).build(), last);
            }
            g.setOutputs(taskClasses.keySet().toArray(new String[0]));
            ComputationGraph graph = new ComputationGraph(g.build());
            graph.init();
            return graph;
        }
    }

    /** The task (output layer) names of a graph, in the order of its outputs. */
    public static List<String> taskNames(ComputationGraph graph) {
        requireGraph(graph);
        return List.copyOf(graph.getConfiguration().getNetworkOutputs());
    }

    /**
     * Names of the shared parameters' layers: every layer with parameters that is not an output (head) layer.
     * For graphs from {@link #builder()} this is the trunk.
     */
    public static List<String> sharedLayerNames(ComputationGraph graph) {
        requireGraph(graph);
        Set<String> outputs = new LinkedHashSet<>(graph.getConfiguration().getNetworkOutputs());
        List<String> shared = new ArrayList<>();
        for (Layer l : graph.getLayers()) {
            String name = l.conf().getLayer().getLayerName();
            if (!outputs.contains(name) && l.numParams() > 0) {
                shared.add(name);
            }
        }
        return shared;
    }

    /** The current loss weight of a task head (1 for a head whose loss is not a {@link WeightedLoss}). */
    public static double taskWeight(ComputationGraph graph, String task) {
        ILossFunction lf = headConf(graph, task).getLossFn();
        return lf instanceof WeightedLoss wl ? wl.weight() : 1.0;
    }

    /** All task weights in {@link #taskNames} order. */
    public static double[] taskWeights(ComputationGraph graph) {
        List<String> tasks = taskNames(graph);
        double[] w = new double[tasks.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = taskWeight(graph, tasks.get(i));
        }
        return w;
    }

    /**
     * Sets the loss weight of one head for the following training steps (takes effect at once: the running
     * layer reads its loss function from its configuration on every step). Weight 0 removes the head's loss, and
     * with it all of its gradient, from the objective.
     */
    public static void setTaskWeight(ComputationGraph graph, String task, double weight) {
        WeightedLoss.checkWeight(weight);
        BaseOutputLayer conf = headConf(graph, task);
        ILossFunction lf = conf.getLossFn();
        ILossFunction inner = lf instanceof WeightedLoss wl ? wl.inner() : lf;
        WeightedLoss weighted = new WeightedLoss(inner, weight);
        conf.setLossFn(weighted);
        // keep the graph configuration (saved with the model) in step, in case it holds its own copy
        GraphVertex v = graph.getConfiguration().getVertices().get(task);
        if (v instanceof LayerVertex lv && lv.getLayerConf().getLayer() instanceof BaseOutputLayer c && c != conf) {
            c.setLossFn(weighted);
        }
    }

    /** Sets all task weights, given in {@link #taskNames} order. */
    public static void setTaskWeights(ComputationGraph graph, double... weights) {
        List<String> tasks = taskNames(graph);
        if (weights == null || weights.length != tasks.size()) {
            throw new IllegalArgumentException("expected " + tasks.size() + " weights for tasks " + tasks + ", got "
                    + (weights == null ? "null" : weights.length));
        }
        for (double w : weights) {
            WeightedLoss.checkWeight(w);
        }
        for (int i = 0; i < weights.length; i++) {
            setTaskWeight(graph, tasks.get(i), weights[i]);
        }
    }

    /** Sets the weights of the named tasks; tasks not in the map keep their weight. */
    public static void setTaskWeights(ComputationGraph graph, Map<String, Double> weights) {
        for (Map.Entry<String, Double> e : weights.entrySet()) {
            headConf(graph, e.getKey());
            WeightedLoss.checkWeight(e.getValue());
        }
        weights.forEach((task, w) -> setTaskWeight(graph, task, w));
    }

    static BaseOutputLayer headConf(ComputationGraph graph, String task) {
        List<String> tasks = taskNames(graph);
        if (!tasks.contains(task)) {
            throw new IllegalArgumentException("unknown task '" + task + "'; expected one of " + tasks);
        }
        Layer layer = graph.getLayer(task);
        if (layer == null || !(layer.conf().getLayer() instanceof BaseOutputLayer conf)) {
            throw new IllegalArgumentException("output '" + task + "' is not an output layer");
        }
        return conf;
    }

    private static void requireGraph(ComputationGraph graph) {
        if (graph == null) {
            throw new IllegalArgumentException("expected a ComputationGraph, got null");
        }
    }
}
