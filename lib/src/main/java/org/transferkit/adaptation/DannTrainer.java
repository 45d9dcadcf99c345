package org.transferkit.adaptation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Random;
import java.util.function.Consumer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.transferkit.display.Progress;
import org.transferkit.training.RowSampler;

/**
 * Domain-adversarial training (DANN; Ganin &amp; Lempitsky 2015, Ganin et al. JMLR 2016) on a DL4J
 * {@link ComputationGraph}, and its fair source-only baseline.
 *
 * <p>The network: input -&gt; feature extractor -&gt; (a) label head -&gt; softmax "label"; (b) gradient reversal
 * "grl" -&gt; domain head -&gt; sigmoid "domain" (probability that a row comes from the target). Each step takes a
 * batch of labelled source rows and an equal batch of unlabelled target rows: the label loss sees only the source
 * rows (target rows are masked out of it with a 0/1 label mask, and the cross-entropy carries the weight
 * {@code n / nSource}, so the label loss is the mean over the source rows, as in the paper; DL4J divides every
 * output's loss by all {@code n} rows of the step), the domain loss sees all rows. The gradient
 * reversal makes the feature extractor work against the domain classifier, scaled by lambda.
 *
 * <p>Schedules (progress {@code p = step / steps}): lambda and learning rate are {@link Schedule}s, by default the
 * paper's {@code lambda_p = 2/(1+exp(-10p)) - 1} and {@code mu_p = mu0/(1+10p)^0.75}, with SGD plus Nesterov
 * momentum 0.9 (the paper uses classical momentum). {@link #sourceOnly()} gives the same trainer with lambda fixed to
 * 0: same initial weights, same batches, same schedule; the domain head still trains (its accuracy shows how
 * separable the source-only features are) but sends no gradient into the features.
 *
 * <p>Model selection never uses target labels: {@link Builder#selectBySourceValidation(boolean)} keeps the weights
 * with the best source-validation accuracy (ties go to the later step), otherwise the final weights are kept.
 * Evaluate on the target test set once, at the end.
 */
public final class DannTrainer {

    /** Name of the network's input vertex. */
    public static final String INPUT = "input";
    /** Name of the gradient reversal vertex; its lambda is set each step by the trainer. */
    public static final String GRL = "grl";
    /** Name of the label output (softmax over classes); output index 0. */
    public static final String LABEL_OUTPUT = "label";
    /** Name of the domain output (sigmoid, probability of "target"); output index 1. */
    public static final String DOMAIN_OUTPUT = "domain";
    /** Name of the label head's logits layer (conditional training only). */
    public static final String LABEL_LOGITS = "label_logits";
    /** Name of the multilinear map vertex (conditional training only). */
    public static final String CDAN_MAP = "cdan_map";

    /**
     * Adds feature-extractor layers to a graph and names the vertex whose output is the shared feature
     * representation.
     */
    @FunctionalInterface
    public interface FeatureExtractor {
        /**
         * @param graph the graph under construction (the global updater, seed and weight init are already set)
         * @param input name of the input vertex to build on
         * @return name of the feature vertex (the label head and the gradient reversal attach to it)
         */
        String addTo(ComputationGraphConfiguration.GraphBuilder graph, String input);
    }

    /** One evaluation of the monitor: what a healthy DANN run shows is a domain accuracy drifting toward 0.5. */
    public record Monitor(int step, double progress, double lambda, double learningRate, double sourceValLoss,
            double sourceValAccuracy, double domainLoss, double domainAccuracy, long elapsedMillis) {
        @Override
        public String toString() {
            return String.format("step %d  lambda %.3f  lr %.5f  src-val loss %.4f acc %.4f  domain loss %.4f acc %.4f",
                    step, lambda, learningRate, sourceValLoss, sourceValAccuracy, domainLoss, domainAccuracy);
        }
    }

    /**
     * The DANN paper's MNIST architecture for 28x28 images with {@code channels} channels (3 for MNIST-M-like data;
     * feed grey source images through {@link DomainShifts#toRgb}): features conv5x5x32-maxpool-conv5x5x48-maxpool
     * (768 values), label head dense 100-100 then softmax, domain head dense 100 then sigmoid, ReLU, no batch norm.
     * Paper schedules (lr 0.01/(1+10p)^0.75, lambda ramp to 1), 64 + 64 rows per step, 2000 steps.
     *
     * <p>Cost: on the kit's shared 2-core machine this network took about 2 s per step, so 2000 steps are about an
     * hour per arm; reduce steps, use narrower convolutions ({@link #digitsCnn}) or {@link #digitsMlp} for
     * interactive use.
     */
    public static Builder digits(int numClasses, int channels) {
        return digitsCnn(numClasses, channels, 32, 48);
    }

    /**
     * The paper's digit CNN with chosen widths: conv5x5x{@code conv1}-maxpool-conv5x5x{@code conv2}-maxpool
     * (16 x {@code conv2} feature values), label head dense 100-100 then softmax, domain head dense 100 then sigmoid,
     * ReLU; paper schedules, 64 + 64 rows per step, 2000 steps. {@code digitsCnn(n, c, 32, 48)} is {@link #digits}.
     *
     * <p>Cost measured on the kit's shared 2-core machine (one OpenMP thread, load 4-6): about 2.1 s per step for
     * 32/48 and 1.1-1.4 s per step for 8/16, against 30-40 ms for {@link #digitsMlp}; convolutions dominate.
     */
    public static Builder digitsCnn(int numClasses, int channels, int conv1, int conv2) {
        if (channels < 1 || conv1 < 1 || conv2 < 1) {
            throw new IllegalArgumentException("channels, conv1 and conv2 must be >= 1, got " + channels + ", "
                    + conv1 + ", " + conv2);
        }
        return new Builder(InputType.convolutionalFlat(28, 28, channels), lenetFeatures(conv1, conv2), numClasses)
                .labelHidden(100, 100).domainHidden(100).headActivation(Activation.RELU)
                .learningRate(Schedule.ganinLearningRate(0.01)).batchSize(64).steps(2000).evalEvery(100);
    }

    /**
     * LeNet-style feature layers as graph vertices: "conv1" 5x5 with {@code conv1} maps, "pool1" max 2x2, "conv2" 5x5
     * with {@code conv2} maps, "pool2" max 2x2, then dense ReLU layers "fc1", "fc2", ... of {@code dense} units (none:
     * the features are pool2's outputs). The same names and layout as {@link org.transferkit.models.Models#lenet}, so
     * trained layers can be copied between the two.
     */
    public static FeatureExtractor lenetFeatures(int conv1, int conv2, int... dense) {
        if (conv1 < 1 || conv2 < 1 || Arrays.stream(dense).anyMatch(u -> u < 1)) {
            throw new IllegalArgumentException("conv1, conv2 and dense widths must be >= 1, got " + conv1 + ", "
                    + conv2 + ", " + Arrays.toString(dense));
        }
        int[] units = dense.clone();
        return (g, in) -> {
            g.addLayer("conv1", new ConvolutionLayer.Builder(5, 5).nOut(conv1).activation(Activation.RELU).build(),
                            in)
                    .addLayer("pool1", new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
                            .kernelSize(2, 2).stride(2, 2).build(), "conv1")
                    .addLayer("conv2", new ConvolutionLayer.Builder(5, 5).nOut(conv2).activation(Activation.RELU)
                            .build(), "pool1")
                    .addLayer("pool2", new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
                            .kernelSize(2, 2).stride(2, 2).build(), "conv2");
            String prev = "pool2";
            for (int i = 0; i < units.length; i++) {
                String name = "fc" + (i + 1);
                g.addLayer(name, new DenseLayer.Builder().nOut(units[i]).activation(Activation.RELU).build(), prev);
                prev = name;
            }
            return prev;
        };
    }

    /**
     * A CPU-friendly stand-in for {@link #digits}: the feature extractor is a two-layer ReLU MLP
     * ({@code hidden}, then {@code features} units) on the flat {@code channels x 28 x 28} input instead of the
     * paper's two conv layers; label head dense 100 then softmax, domain head dense 100 then sigmoid; 64 + 64 rows
     * per step, the paper's lambda ramp, learning rate {@code mu0/(1+10p)^0.75} with mu0 = 0.01. About 30-40 ms per
     * step on one core for hidden 256 / features 128, some 20-30 times cheaper than {@link #digits}; it has no
     * translation invariance, so it adapts less well than the paper's CNN.
     */
    public static Builder digitsMlp(int numClasses, int channels, int hidden, int features) {
        if (channels < 1 || hidden < 1 || features < 1) {
            throw new IllegalArgumentException("channels, hidden and features must be >= 1, got " + channels + ", "
                    + hidden + ", " + features);
        }
        FeatureExtractor mlp = (g, in) -> {
            g.addLayer("feat_fc1", new DenseLayer.Builder().nOut(hidden).activation(Activation.RELU).build(), in)
                    .addLayer("feat_fc2", new DenseLayer.Builder().nOut(features).activation(Activation.RELU).build(),
                            "feat_fc1");
            return "feat_fc2";
        };
        return new Builder(InputType.feedForward(28L * 28 * channels), mlp, numClasses)
                .labelHidden(100).domainHidden(100).headActivation(Activation.RELU)
                .learningRate(Schedule.ganinLearningRate(0.01)).batchSize(64).steps(600).evalEvery(100);
    }

    /**
     * Shallow network of the paper's two-moons toy: one hidden layer of 15 sigmoid units as the features and a
     * softmax label output on it; behind the gradient reversal a domain classifier with one hidden layer of 15
     * sigmoid units. Full-batch steps (150 + 150 rows), 600 steps, constant learning rate 0.3, Nesterov momentum
     * 0.9, lambda ramp to 1.
     *
     * <p>Differences from the paper's shallow code (logistic domain regressor on the hidden layer, lambda 6,
     * per-example SGD at 0.05 for 500 epochs): with a logistic domain regressor ({@code domainHidden()}) the domain
     * classifier cannot separate the domains even without adaptation (its accuracy stays near 0.5), so the reversed
     * gradient carries no signal and DANN does not beat source-only; lambda 6 made some seeds collapse. Measured
     * with these defaults on 10 seeds (0-9): target accuracy 0.82 source-only vs 0.97 DANN.
     */
    public static Builder moons() {
        FeatureExtractor hidden = (g, in) -> {
            g.addLayer("hidden", new DenseLayer.Builder().nOut(15).activation(Activation.SIGMOID).build(), in);
            return "hidden";
        };
        return new Builder(InputType.feedForward(2), hidden, 2).labelHidden().domainHidden(15)
                .headActivation(Activation.SIGMOID).learningRate(Schedule.constant(0.3)).batchSize(150)
                .steps(600).evalEvery(100);
    }

    /** A trainer around caller-supplied feature layers. */
    public static Builder custom(InputType inputType, FeatureExtractor features, int numClasses) {
        return new Builder(inputType, features, numClasses);
    }

    /** Settings of a {@link DannTrainer}; defaults as in the paper where it gives them. */
    public static final class Builder {
        private final InputType inputType;
        private final FeatureExtractor features;
        private final int numClasses;
        private int[] labelHidden = {};
        private int[] domainHidden = {100};
        private Activation headActivation = Activation.RELU;
        private int steps = 2000;
        private int batchSize = 64;
        private Schedule lambda = Schedule.ganinLambda(1.0);
        private Schedule learningRate = Schedule.ganinLearningRate(0.01);
        private double momentum = 0.9;
        private double entropyWeight = 0;
        private boolean conditional = false;
        private int evalEvery = 100;
        private int domainEvalRows = 1000;
        private boolean selectBySourceValidation = false;
        private long seed = 42;
        private Consumer<Monitor> listener = m -> { };

        private Builder(InputType inputType, FeatureExtractor features, int numClasses) {
            if (inputType == null || features == null) {
                throw new IllegalArgumentException("inputType and features must be given");
            }
            if (numClasses < 2) {
                throw new IllegalArgumentException("numClasses must be >= 2, got " + numClasses);
            }
            this.inputType = inputType;
            this.features = features;
            this.numClasses = numClasses;
        }

        private Builder copy() {
            Builder b = new Builder(inputType, features, numClasses);
            b.labelHidden = labelHidden.clone();
            b.domainHidden = domainHidden.clone();
            b.headActivation = headActivation;
            b.steps = steps;
            b.batchSize = batchSize;
            b.lambda = lambda;
            b.learningRate = learningRate;
            b.momentum = momentum;
            b.entropyWeight = entropyWeight;
            b.conditional = conditional;
            b.evalEvery = evalEvery;
            b.domainEvalRows = domainEvalRows;
            b.selectBySourceValidation = selectBySourceValidation;
            b.seed = seed;
            b.listener = listener;
            return b;
        }

        /** Hidden layer sizes of the label head between the features and the softmax (may be empty). */
        public Builder labelHidden(int... sizes) {
            this.labelHidden = checkSizes(sizes, "labelHidden");
            return this;
        }

        /** Hidden layer sizes of the domain head between the gradient reversal and the sigmoid (may be empty). */
        public Builder domainHidden(int... sizes) {
            this.domainHidden = checkSizes(sizes, "domainHidden");
            return this;
        }

        /** Activation of the hidden layers of both heads. */
        public Builder headActivation(Activation activation) {
            if (activation == null) {
                throw new IllegalArgumentException("activation must not be null");
            }
            this.headActivation = activation;
            return this;
        }

        /** Number of optimisation steps (each one source batch plus one target batch), at least 1. */
        public Builder steps(int steps) {
            if (steps < 1) {
                throw new IllegalArgumentException("steps must be >= 1, got " + steps);
            }
            this.steps = steps;
            return this;
        }

        /** Rows per domain per step (so 2x this per step); capped at the size of each domain. */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /** Reversal strength over training; must never return a negative value. */
        public Builder lambda(Schedule lambda) {
            if (lambda == null) {
                throw new IllegalArgumentException("lambda schedule must not be null");
            }
            this.lambda = lambda;
            return this;
        }

        /** Learning rate over training; values must be &gt; 0. */
        public Builder learningRate(Schedule learningRate) {
            if (learningRate == null) {
                throw new IllegalArgumentException("learningRate schedule must not be null");
            }
            this.learningRate = learningRate;
            return this;
        }

        /** Nesterov momentum in [0, 1). */
        public Builder momentum(double momentum) {
            if (!(momentum >= 0 && momentum < 1)) {
                throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
            }
            this.momentum = momentum;
            return this;
        }

        /** Weight of the entropy of the label head's predictions on the target rows (0 = off, the paper). */
        public Builder entropyWeight(double entropyWeight) {
            if (!(entropyWeight >= 0) || Double.isInfinite(entropyWeight)) {
                throw new IllegalArgumentException("entropyWeight must be a finite number >= 0, got "
                        + entropyWeight);
            }
            this.entropyWeight = entropyWeight;
            return this;
        }

        /**
         * Conditional adversarial training (CDAN, Long et al. 2018) instead of DANN: the domain head sees the
         * multilinear map of the features and the label head's class probabilities ({@link MultilinearMapVertex})
         * rather than the features alone, so the reversal aligns the features class by class. Off by default.
         */
        public Builder conditional(boolean conditional) {
            this.conditional = conditional;
            return this;
        }

        /** Steps between monitor evaluations (the last step is always evaluated). */
        public Builder evalEvery(int evalEvery) {
            if (evalEvery < 1) {
                throw new IllegalArgumentException("evalEvery must be >= 1, got " + evalEvery);
            }
            this.evalEvery = evalEvery;
            return this;
        }

        /** Rows per domain used to measure the domain classifier's accuracy (at most this many). */
        public Builder domainEvalRows(int rows) {
            if (rows < 1) {
                throw new IllegalArgumentException("domainEvalRows must be >= 1, got " + rows);
            }
            this.domainEvalRows = rows;
            return this;
        }

        /** If true, restore the weights of the evaluation with the best source-validation accuracy. */
        public Builder selectBySourceValidation(boolean select) {
            this.selectBySourceValidation = select;
            return this;
        }

        /** Seed of the weight initialisation and the batch sampling. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Called with every monitor evaluation (for printing or plotting). */
        public Builder listener(Consumer<Monitor> listener) {
            if (listener == null) {
                throw new IllegalArgumentException("listener must not be null");
            }
            this.listener = listener;
            return this;
        }

        /** The trainer with these settings. */
        public DannTrainer build() {
            return new DannTrainer(copy());
        }

        private static int[] checkSizes(int[] sizes, String name) {
            for (int s : sizes) {
                if (s < 1) {
                    throw new IllegalArgumentException(name + " sizes must be >= 1, got " + Arrays.toString(sizes));
                }
            }
            return sizes.clone();
        }
    }

    private final Builder cfg;

    private DannTrainer(Builder cfg) {
        this.cfg = cfg;
    }

    /** The same trainer with lambda fixed to 0: the source-only baseline with identical network, data and schedule. */
    public DannTrainer sourceOnly() {
        Builder b = cfg.copy();
        b.lambda = Schedule.constant(0);
        return new DannTrainer(b);
    }

    /** Number of optimisation steps. */
    public int steps() {
        return cfg.steps;
    }

    /** Lambda schedule in use. */
    public Schedule lambdaSchedule() {
        return cfg.lambda;
    }

    /** Learning-rate schedule in use. */
    public Schedule learningRateSchedule() {
        return cfg.learningRate;
    }

    /**
     * A freshly initialised network (seeded) with outputs {@code label} and {@code domain}; its label loss is weighted
     * for equal source and target batches (weight 2), as {@link #fit} builds it when both domains fill a batch.
     */
    public ComputationGraph newNetwork() {
        return buildNetwork(2).net();
    }

    private record Built(ComputationGraph net, String featureVertex) {
    }

    /**
     * @param labelWeight weight of the label cross-entropy: rows per step / labelled rows per step, so that the label
     *                    term is the mean over the labelled rows. It is a weight inside the loss ({@link LossMCXENT}'s
     *                    per-class weights, all equal), not a label mask: DL4J's output layer multiplies its
     *                    pre-activations by the label mask too, so a mask of 2 doubles the logits of the rows it
     *                    weights and the step is not the gradient of the weighted loss (finite differences
     *                    disagreed by up to a factor 4); a 0/1 mask leaves the kept rows unchanged.
     */
    private Built buildNetwork(double labelWeight) {
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder()
                .seed(org.transferkit.Kit.nativeSeed(cfg.seed))
                .dataType(DataType.FLOAT)
                .updater(new Nesterovs(learningRateBySteps(), cfg.momentum))
                .weightInit(WeightInit.XAVIER)
                .graphBuilder()
                .addInputs(INPUT)
                .setInputTypes(cfg.inputType);
        String feat = cfg.features.addTo(g, INPUT);
        if (feat == null || feat.isEmpty()) {
            throw new IllegalArgumentException("The feature extractor must return the name of its output vertex");
        }
        String prev = feat;
        for (int i = 0; i < cfg.labelHidden.length; i++) {
            String name = "label_fc" + (i + 1);
            g.addLayer(name, new DenseLayer.Builder().nOut(cfg.labelHidden[i]).activation(cfg.headActivation).build(),
                    prev);
            prev = name;
        }
        // SourceEntropyLoss weights its labelled and unlabelled rows itself (and is used without a mask)
        ILossFunction labelLoss = cfg.entropyWeight > 0 ? new SourceEntropyLoss(cfg.entropyWeight)
                : new LossMCXENT(Nd4j.valueArrayOf(new long[] {1, cfg.numClasses}, labelWeight, DataType.FLOAT));
        String domainInput = feat;
        if (cfg.conditional) {
            // CDAN: logits as their own layer so the multilinear map can read them; same softmax and loss after it
            g.addLayer(LABEL_LOGITS, new DenseLayer.Builder().nOut(cfg.numClasses).activation(Activation.IDENTITY)
                    .build(), prev);
            g.addLayer(LABEL_OUTPUT, new LossLayer.Builder(labelLoss).activation(Activation.SOFTMAX).build(),
                    LABEL_LOGITS);
            g.addVertex(CDAN_MAP, new MultilinearMapVertex(), feat, LABEL_LOGITS);
            domainInput = CDAN_MAP;
        } else {
            g.addLayer(LABEL_OUTPUT, new OutputLayer.Builder(labelLoss).nOut(cfg.numClasses)
                    .activation(Activation.SOFTMAX).build(), prev);
        }
        g.addVertex(GRL, new GradientReversalVertex(cfg.lambda.valueAt(0)), domainInput);
        prev = GRL;
        for (int i = 0; i < cfg.domainHidden.length; i++) {
            String name = "domain_fc" + (i + 1);
            g.addLayer(name, new DenseLayer.Builder().nOut(cfg.domainHidden[i]).activation(cfg.headActivation)
                    .build(), prev);
            prev = name;
        }
        g.addLayer(DOMAIN_OUTPUT, new OutputLayer.Builder(new LossBinaryXENT()).nOut(1)
                .activation(Activation.SIGMOID).build(), prev);
        g.setOutputs(LABEL_OUTPUT, DOMAIN_OUTPUT);
        ComputationGraph net = new ComputationGraph(g.build());
        net.init();
        return new Built(net, feat);
    }

    /**
     * The learning-rate schedule as a DL4J per-iteration schedule (one value per step), so the updater applies it
     * itself: calling {@code setLearningRate} every step would rebuild the updater state each time, which is slow.
     */
    private MapSchedule learningRateBySteps() {
        Map<Integer, Double> values = new HashMap<>();
        for (int step = 0; step < cfg.steps; step++) {
            values.put(step, cfg.learningRate.valueAt(step / (double) cfg.steps));
        }
        return new MapSchedule(ScheduleType.ITERATION, values);
    }

    /** Trains with the source training rows for validation and the target training rows for the domain monitor. */
    public DannModel fit(DataSet source, INDArray targetFeatures) {
        return fit(source, targetFeatures, source, targetFeatures);
    }

    /**
     * Trains a fresh network.
     *
     * @param source         labelled source rows (features, one-hot labels)
     * @param targetFeatures unlabelled target rows (features only: target labels are never used for training)
     * @param sourceVal      labelled held-out source rows, for monitoring and model selection
     * @param targetVal      held-out target features for the domain-accuracy monitor (no labels)
     */
    public DannModel fit(DataSet source, INDArray targetFeatures, DataSet sourceVal, INDArray targetVal) {
        checkLabelled(source, "source");
        checkLabelled(sourceVal, "sourceVal");
        checkFeatures(targetFeatures, source.getFeatures(), "targetFeatures");
        checkFeatures(targetVal, source.getFeatures(), "targetVal");
        checkFeatures(sourceVal.getFeatures(), source.getFeatures(), "sourceVal");

        INDArray xs = source.getFeatures().castTo(DataType.FLOAT);
        INDArray ys = source.getLabels().castTo(DataType.FLOAT);
        INDArray xt = targetFeatures.castTo(DataType.FLOAT);
        int nS = (int) xs.size(0);
        int nT = (int) xt.size(0);
        int bS = Math.min(cfg.batchSize, nS);
        int bT = Math.min(cfg.batchSize, nT);
        int n = bS + bT;
        // the label cross-entropy weighted n/bS: DL4J divides it by all n rows, so it becomes the mean over the source rows
        Built built = buildNetwork(n / (double) bS);
        ComputationGraph net = built.net();

        // Fixed parts of every batch: domain labels (0 = source, 1 = target) and the label mask/zero target labels.
        INDArray domainLabels = Nd4j.vstack(Nd4j.zeros(DataType.FLOAT, bS, 1), Nd4j.ones(DataType.FLOAT, bT, 1));
        INDArray targetLabelRows = Nd4j.zeros(DataType.FLOAT, bT, cfg.numClasses);
        INDArray labelMask = null;
        if (cfg.entropyWeight == 0) {
            // 1 on the source rows, 0 on the target rows (their all-zero label rows carry no loss); the weight n/bS
            // is in the loss function, not in this mask
            labelMask = Nd4j.vstack(Nd4j.ones(DataType.FLOAT, bS, 1), Nd4j.zeros(DataType.FLOAT, bT, 1));
        }
        INDArray[] previousBatch = null;
        Random rnd = new Random(cfg.seed * 0x9E3779B97F4A7C15L + 1);
        RowSampler sourceSampler = new RowSampler(nS, rnd);
        RowSampler targetSampler = new RowSampler(nT, rnd);

        List<Monitor> history = new ArrayList<>();
        INDArray bestParams = null;
        double bestAcc = -1;
        int selectedStep = cfg.steps;
        long start = System.nanoTime();
        String monitorText = "";
        try (Progress progress = Progress.start(cfg.lambda.valueAt(0.5) == 0 && cfg.lambda.valueAt(1) == 0
                ? "source-only" : cfg.conditional ? "CDAN" : "DANN", cfg.steps)) {
            for (int step = 0; step < cfg.steps; step++) {
                double p = step / (double) cfg.steps;
                double lambda = cfg.lambda.valueAt(p);
                double lr = cfg.learningRate.valueAt(p);
                if (!(lambda >= 0) || Double.isInfinite(lambda)) {
                    throw new IllegalArgumentException("lambda schedule gave " + lambda + " at progress " + p
                            + "; lambda must be a finite number >= 0");
                }
                if (!(lr > 0) || Double.isInfinite(lr)) {
                    throw new IllegalArgumentException("learning-rate schedule gave " + lr + " at progress " + p
                            + "; it must be a finite number > 0");
                }
                GradientReversalVertex.setLambda(net, GRL, lambda);
                int[] is = sourceSampler.next(bS);
                int[] it = targetSampler.next(bT);
                INDArray sourceRows = Nd4j.pullRows(xs, 1, is);
                INDArray targetRows = Nd4j.pullRows(xt, 1, it);
                INDArray sourceLabels = Nd4j.pullRows(ys, 1, is);
                INDArray x = Nd4j.vstack(sourceRows, targetRows);
                INDArray y = Nd4j.vstack(sourceLabels, targetLabelRows);
                closeAll(sourceRows, targetRows, sourceLabels);     // vstack copied them
                MultiDataSet batch = new MultiDataSet(new INDArray[] {x}, new INDArray[] {y, domainLabels}, null,
                        new INDArray[] {labelMask, null});
                net.fit(batch);
                // the network keeps this step's batch as its input until the next fit, so the one before is free now;
                // freeing it here keeps off-heap memory flat instead of waiting for the collector
                if (previousBatch != null) {
                    closeAll(previousBatch);
                }
                previousBatch = new INDArray[] {x, y};

                boolean last = step == cfg.steps - 1;
                if ((step + 1) % cfg.evalEvery == 0 || last) {
                    Monitor m = evaluate(net, step + 1, p, lambda, lr, sourceVal, targetVal, start);
                    history.add(m);
                    cfg.listener.accept(m);
                    if (cfg.selectBySourceValidation && m.sourceValAccuracy() >= bestAcc) {
                        bestAcc = m.sourceValAccuracy();
                        bestParams = net.params().dup();
                        selectedStep = step + 1;
                    }
                    monitorText = String.format(Locale.ROOT, "  src-val acc %.3f  domain acc %.3f",
                            m.sourceValAccuracy(), m.domainAccuracy());
                }
                progress.step(String.format(Locale.ROOT, "lambda %.3f  lr %.4f%s", lambda, lr, monitorText));
            }
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (bestParams != null) {
            net.setParams(bestParams);
        }
        return new DannModel(net, built.featureVertex(), List.copyOf(history), selectedStep, cfg.steps, millis);
    }

    private Monitor evaluate(ComputationGraph net, int step, double p, double lambda, double lr, DataSet sourceVal,
            INDArray targetVal, long start) {
        INDArray probs = DannModel.outputs(net, sourceVal.getFeatures().castTo(DataType.FLOAT))[0];
        INDArray labels = sourceVal.getLabels().castTo(DataType.FLOAT);
        double acc = DannModel.accuracy(probs, labels);
        double loss = DannModel.crossEntropy(probs, labels);
        int rs = (int) Math.min(cfg.domainEvalRows, sourceVal.getFeatures().size(0));
        int rt = (int) Math.min(cfg.domainEvalRows, targetVal.size(0));
        INDArray ds = DannModel.outputs(net, firstRows(sourceVal.getFeatures(), rs))[1];
        INDArray dt = DannModel.outputs(net, firstRows(targetVal, rt))[1];
        double[] domain = DannModel.domainLossAndAccuracy(ds, dt);
        return new Monitor(step, p, lambda, lr, loss, acc, domain[0], domain[1],
                (System.nanoTime() - start) / 1_000_000);
    }


    private static void closeAll(INDArray... arrays) {
        for (INDArray a : arrays) {
            if (a != null && a.closeable()) {
                a.close();
            }
        }
    }

    private static INDArray firstRows(INDArray x, int rows) {
        return x.get(NDArrayIndex.interval(0, rows), NDArrayIndex.all()).castTo(DataType.FLOAT);
    }

    private void checkLabelled(DataSet ds, String name) {
        if (ds == null || ds.getFeatures() == null || ds.getLabels() == null || ds.numExamples() == 0) {
            throw new IllegalArgumentException(name + ": expected a non-empty labelled DataSet");
        }
        if (ds.getLabels().rank() != 2 || ds.getLabels().size(1) != cfg.numClasses) {
            throw new IllegalArgumentException(name + ": expected one-hot labels [n, " + cfg.numClasses + "], got "
                    + Arrays.toString(ds.getLabels().shape()));
        }
    }

    private static void checkFeatures(INDArray x, INDArray like, String name) {
        if (x == null || x.rank() != 2 || x.size(0) == 0) {
            throw new IllegalArgumentException(name + ": expected a non-empty feature matrix [n, d], got "
                    + (x == null ? "null" : Arrays.toString(x.shape())));
        }
        if (x.size(1) != like.size(1)) {
            throw new IllegalArgumentException(name + ": expected " + like.size(1) + " columns like the source, got "
                    + x.size(1));
        }
    }
}
