package org.transferkit.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.transferlearning.TransferLearningHelper;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.transferkit.Kit;
import org.transferkit.adaptation.DannTrainer;
import org.transferkit.models.Models;
import org.transferkit.multitask.HardSharing;
import org.transferkit.multitask.MultiTaskTrainer;
import org.transferkit.multitask.SoftSharing;
import org.transferkit.training.Trainer;
import org.transferkit.transfer.FeatureTransfer;
import org.transferkit.transfer.FrozenFeaturizer;
import org.transferkit.transfer.ModelTransfer;

/**
 * The benchmark's workloads, each with a kit arm and a plain-DL4J arm on the same network shape and the same seeded
 * synthetic data:
 * <ul>
 * <li>W1: MLP 784-256-256-10, batch 256, Adam; {@code Trainer.fitSteps}.</li>
 * <li>W2: LeNet (conv5x5x20, pool, conv5x5x50, pool, dense 500, out 10) on 1x28x28, batch 64, Adam;
 * {@code Trainer.fitSteps}.</li>
 * <li>W3: hard sharing, shared 784-256-128, heads of 10 and 4 classes, batch 256;
 * {@code MultiTaskTrainer.fitSteps}.</li>
 * <li>W4: soft sharing of two W1 networks (fc1, fc2 coupled, lambda 1e-3), batch 256 each;
 * {@code SoftSharing.fitSteps}.</li>
 * <li>W5: DANN on W2's extractor (conv1, pool1, conv2, pool2, fc1 500; softmax label head, domain head dense 100
 * behind the gradient reversal), 64 source + 64 target rows per step, the trainer's SGD with Nesterov momentum;
 * {@code DannTrainer.fit} (a fresh network per call, one monitor evaluation on 64 + 64 rows at the end).</li>
 * <li>W6: feature-based versus model-based transfer from a W2 source network: {@code W6-featurize} (one pass of
 * {@code FrozenFeaturizer} over the data, frozen up to "fc1"), {@code W6-head} (a softmax head on the 500 features,
 * {@code FeatureTransfer.fitHead}, batch 64) and {@code W6-finetune} (all layers, {@code ModelTransfer.fineTune},
 * batch 64).</li>
 * </ul>
 * For the levers there is also {@code gather}: gathering one W3 minibatch (256 rows of features and two label sets)
 * as the multi-task trainers did before this measurement moved them to {@code Nd4j.pullRows}
 * ({@code INDArray.getRows}, kit arm) and in one native op per array
 * ({@code Nd4j.pullRows}, as {@code Trainer} does; plain arm).
 * Options (for measuring levers): {@code ws=none} switches off DL4J's training workspaces on every network the
 * workload builds; {@code nhwc} gives W2's plain arm a channels-last LeNet (kit arm unchanged);
 * {@code n=ROWS} sets the number of synthetic examples (default 2048).
 */
public final class Workloads {

    /** All workload ids, in report order. */
    public static final List<String> NAMES = List.of("W1", "W2", "W3", "W4", "W5", "W6-featurize", "W6-head",
            "W6-finetune");


    private static final long SEED = 42;
    private static final int DEFAULT_ROWS = 2048;

    private Workloads() {
    }

    /** Options of a workload: see the class comment. */
    public record Options(boolean noWorkspaces, boolean nhwc, int rows) {

        /** Default options: workspaces on, channels-first, 2048 rows. */
        public static Options defaults() {
            return new Options(false, false, DEFAULT_ROWS);
        }

        /** Parses words like {@code ws=none}, {@code nhwc}, {@code n=512}. */
        public static Options parse(List<String> words) {
            boolean ws = false;
            boolean nhwc = false;
            int rows = DEFAULT_ROWS;
            for (String w : words) {
                String s = w.trim().toLowerCase(Locale.ROOT);
                if (s.equals("ws=none")) {
                    ws = true;
                } else if (s.equals("nhwc")) {
                    nhwc = true;
                } else if (s.startsWith("n=")) {
                    rows = Integer.parseInt(s.substring(2));
                    if (rows < 256) {
                        throw new IllegalArgumentException("n must be at least 256 (one W1 batch), got " + rows);
                    }
                } else if (!s.isEmpty()) {
                    throw new IllegalArgumentException("unknown workload option '" + w
                            + "'; expected ws=none, nhwc or n=ROWS");
                }
            }
            return new Options(ws, nhwc, rows);
        }
    }

    /** Builds a workload by id (see {@link #NAMES}); networks are initialised, data generated. */
    public static Workload create(String name, Options options) {
        Kit.init();
        if (name == null) {
            throw new IllegalArgumentException("expected a workload id, one of " + NAMES);
        }
        switch (name.toUpperCase(Locale.ROOT)) {
            case "W1":
                return w1(options);
            case "W2":
                return w2(options);
            case "W3":
                return w3(options);
            case "W4":
                return w4(options);
            case "W5":
                return w5(options);
            case "W6-FEATURIZE":
                return w6Featurize(options);
            case "W6-HEAD":
                return w6Head(options);
            case "W6-FINETUNE":
                return w6FineTune(options);
            case "GATHER":
                return gather(options);
            default:
                throw new IllegalArgumentException("unknown workload '" + name + "'; expected one of " + NAMES);
        }
    }

    static MultiLayerNetwork mlp(Options o) {
        return noWorkspaces(Models.mlp(784, new int[] {256, 256}, 10, new Adam(1e-3), SEED), o);
    }

    static Workload w1(Options o) {
        DataSet data = SyntheticData.classification(o.rows(), 784, 10, SEED);
        MultiLayerNetwork kitNet = mlp(o);
        MultiLayerNetwork plainNet = mlp(o);
        List<DataSet> batches = SyntheticData.batches(data, 256, SEED);
        return new Workload("W1", "MLP 784-256-256-10, batch 256, Adam", "Trainer.fitSteps",
                "MultiLayerNetwork.fit(batch) on ready minibatches", 256,
                steps -> Trainer.fitSteps(kitNet, data, steps, 256, SEED),
                cycle(batches, plainNet::fit));
    }

    static Workload w2(Options o) {
        DataSet data = SyntheticData.classification(o.rows(), 784, 10, SEED);
        MultiLayerNetwork kitNet = noWorkspaces(Models.lenet(10, new Adam(1e-3), SEED), o);
        List<DataSet> batches = SyntheticData.batches(data, 64, SEED);
        MultiLayerNetwork plainNet;
        String plainCall = "MultiLayerNetwork.fit(batch) on ready minibatches";
        if (o.nhwc()) {
            plainNet = noWorkspaces(lenetNhwc(), o);
            List<DataSet> images = new ArrayList<>();
            for (DataSet b : batches) {
                images.add(new DataSet(b.getFeatures().reshape('c', b.numExamples(), 28, 28, 1), b.getLabels()));
            }
            batches = images;
            plainCall += " (channels-last LeNet)";
        } else {
            plainNet = noWorkspaces(Models.lenet(10, new Adam(1e-3), SEED), o);
        }
        return new Workload("W2", "LeNet 1x28x28 (conv5x5x20, pool, conv5x5x50, pool, dense 500, out 10), batch 64,"
                + " Adam", "Trainer.fitSteps", plainCall, 64,
                steps -> Trainer.fitSteps(kitNet, data, steps, 64, SEED),
                cycle(batches, plainNet::fit));
    }

    static ComputationGraph hardSharing(Options o) {
        ComputationGraph g = HardSharing.builder().mlpTrunk(784, 256, 128).task("digit", 10).task("group", 4)
                .updater(new Adam(1e-3)).seed(SEED).build();
        if (o.noWorkspaces()) {
            g.getConfiguration().setTrainingWorkspaceMode(WorkspaceMode.NONE);
        }
        return g;
    }

    static Workload w3(Options o) {
        MultiDataSet data = new MultiDataSet(new INDArray[] {SyntheticData.uniform(o.rows(), 784, SEED)},
                new INDArray[] {SyntheticData.oneHot(o.rows(), 10, SEED + 1),
                        SyntheticData.oneHot(o.rows(), 4, SEED + 2)});
        ComputationGraph kitNet = hardSharing(o);
        ComputationGraph plainNet = hardSharing(o);
        List<MultiDataSet> batches = SyntheticData.batches(data, 256, SEED);
        return new Workload("W3", "hard sharing: shared 784-256-128, heads 10 and 4, batch 256, Adam",
                "MultiTaskTrainer.fitSteps", "ComputationGraph.fit(batch) on ready minibatches", 256,
                steps -> MultiTaskTrainer.fitSteps(kitNet, data, steps, 256, SEED),
                cycle(batches, plainNet::fit));
    }

    static Workload w4(Options o) {
        DataSet a = SyntheticData.classification(o.rows(), 784, 10, SEED);
        DataSet b = SyntheticData.classification(o.rows(), 784, 10, SEED + 10);
        SoftSharing soft = SoftSharing.of(List.of(mlp(o), mlp(o)), 1e-3, "fc1", "fc2");
        MultiLayerNetwork plainA = mlp(o);
        MultiLayerNetwork plainB = mlp(o);
        List<DataSet> batchesA = SyntheticData.batches(a, 256, SEED);
        List<DataSet> batchesB = SyntheticData.batches(b, 256, SEED + 10);
        int[] cursor = {0};
        return new Workload("W4", "soft sharing of two W1 MLPs (fc1, fc2 coupled, lambda 1e-3), batch 256 each",
                "SoftSharing.fitSteps", "MultiLayerNetwork.fit(batch) on each of the two MLPs, ready minibatches", 512,
                steps -> soft.fitSteps(List.of(a, b), steps, 256, SEED),
                steps -> {
                    for (int s = 0; s < steps; s++) {
                        int i = cursor[0]++ % batchesA.size();
                        plainA.fit(batchesA.get(i));
                        plainB.fit(batchesB.get(i));
                    }
                });
    }

    /** W2's feature extractor for DANN: conv5x5x20, maxpool, conv5x5x50, maxpool, dense 500 (ReLU). */
    static String lenetExtractor(ComputationGraphConfiguration.GraphBuilder g, String in) {
        g.addLayer("conv1", new ConvolutionLayer.Builder(5, 5).nOut(20).stride(1, 1).activation(Activation.RELU)
                        .weightInit(WeightInit.RELU).build(), in)
                .addLayer("pool1", new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2)
                        .stride(2, 2).build(), "conv1")
                .addLayer("conv2", new ConvolutionLayer.Builder(5, 5).nOut(50).stride(1, 1).activation(Activation.RELU)
                        .weightInit(WeightInit.RELU).build(), "pool1")
                .addLayer("pool2", new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2)
                        .stride(2, 2).build(), "conv2")
                .addLayer("fc1", new DenseLayer.Builder().nOut(500).activation(Activation.RELU)
                        .weightInit(WeightInit.RELU).build(), "pool2");
        return "fc1";
    }

    static DannTrainer.Builder dann() {
        return DannTrainer.custom(InputType.convolutionalFlat(28, 28, 1), Workloads::lenetExtractor, 10)
                .labelHidden().domainHidden(100).batchSize(64).domainEvalRows(64).seed(SEED);
    }

    static Workload w5(Options o) {
        DataSet source = SyntheticData.classification(o.rows(), 784, 10, SEED);
        INDArray target = SyntheticData.uniform(o.rows(), 784, SEED + 20);
        DataSet sourceVal = SyntheticData.classification(64, 784, 10, SEED + 30);
        INDArray targetVal = SyntheticData.uniform(64, 784, SEED + 40);
        ComputationGraph plainNet = dann().build().newNetwork();
        if (o.noWorkspaces()) {
            plainNet.getConfiguration().setTrainingWorkspaceMode(WorkspaceMode.NONE);
        }
        // the batches DannTrainer builds: 64 source rows then 64 target rows; label loss masked to the source rows
        // (weight 2 = 128/64), domain labels 0 (source) and 1 (target)
        List<DataSet> s = SyntheticData.batches(source, 64, SEED);
        List<DataSet> t = SyntheticData.batches(new DataSet(target, SyntheticData.oneHot(o.rows(), 10, SEED)), 64,
                SEED + 1);
        INDArray domain = Nd4j.vstack(Nd4j.zeros(DataType.FLOAT, 64, 1), Nd4j.ones(DataType.FLOAT, 64, 1));
        INDArray mask = Nd4j.vstack(Nd4j.valueArrayOf(new long[] {64, 1}, 2.0, DataType.FLOAT),
                Nd4j.zeros(DataType.FLOAT, 64, 1));
        INDArray zeroLabels = Nd4j.zeros(DataType.FLOAT, 64, 10);
        List<MultiDataSet> batches = new ArrayList<>();
        for (int i = 0; i < Math.min(s.size(), t.size()); i++) {
            batches.add(new MultiDataSet(new INDArray[] {Nd4j.vstack(s.get(i).getFeatures(), t.get(i).getFeatures())},
                    new INDArray[] {Nd4j.vstack(s.get(i).getLabels(), zeroLabels), domain}, null,
                    new INDArray[] {mask, null}));
        }
        return new Workload("W5", "DANN on W2's extractor (label head softmax 10, domain head 100-1 behind the"
                + " gradient reversal), 64 source + 64 target rows per step, SGD + Nesterov",
                "DannTrainer.fit", "ComputationGraph.fit(batch) on ready minibatches", 128,
                steps -> dann().steps(steps).evalEvery(steps).build().fit(source, target, sourceVal, targetVal),
                cycle(batches, plainNet::fit));
    }

    static Workload gather(Options o) {
        INDArray x = SyntheticData.uniform(o.rows(), 784, SEED);
        INDArray y1 = SyntheticData.oneHot(o.rows(), 10, SEED + 1);
        INDArray y2 = SyntheticData.oneHot(o.rows(), 4, SEED + 2);
        java.util.Random r = new java.util.Random(SEED);
        int[] idx = new int[256];
        return new Workload("gather", "gathering one W3 minibatch: 256 of " + o.rows() + " rows of [n, 784] features"
                + " and of two one-hot label sets", "INDArray.getRows (the multitask trainers before)",
                "Nd4j.pullRows (as Trainer)", 256,
                steps -> {
                    for (int s = 0; s < steps; s++) {
                        fill(idx, r, o.rows());
                        x.getRows(idx);
                        y1.getRows(idx);
                        y2.getRows(idx);
                    }
                },
                steps -> {
                    for (int s = 0; s < steps; s++) {
                        fill(idx, r, o.rows());
                        Nd4j.pullRows(x, 1, idx);
                        Nd4j.pullRows(y1, 1, idx);
                        Nd4j.pullRows(y2, 1, idx);
                    }
                });
    }

    private static void fill(int[] idx, java.util.Random r, int n) {
        for (int i = 0; i < idx.length; i++) {
            idx[i] = r.nextInt(n);
        }
    }

    /** Layer index of LeNet's "fc1" (conv1, pool1, conv2, pool2, fc1, out): the last frozen layer in W6. */
    static final int LENET_FC1 = 4;

    static Workload w6Featurize(Options o) {
        DataSet data = SyntheticData.classification(o.rows(), 784, 10, SEED);
        MultiLayerNetwork source = Models.lenet(10, new Adam(1e-3), SEED);
        FrozenFeaturizer kit = new FrozenFeaturizer(source, LENET_FC1);
        TransferLearningHelper plain = new TransferLearningHelper(source.clone(), LENET_FC1);
        return new Workload("W6-featurize", "one pass of a W2 network frozen up to fc1 (500 features) over "
                + o.rows() + " examples", "FrozenFeaturizer.featurize", "TransferLearningHelper.featurize",
                o.rows(),
                steps -> {
                    for (int s = 0; s < steps; s++) {
                        kit.featurize(data);
                    }
                },
                steps -> {
                    for (int s = 0; s < steps; s++) {
                        plain.featurize(data);
                    }
                });
    }

    static Workload w6Head(Options o) {
        DataSet data = SyntheticData.classification(o.rows(), 784, 10, SEED);
        MultiLayerNetwork source = Models.lenet(10, new Adam(1e-3), SEED);
        DataSet features = new FrozenFeaturizer(source, LENET_FC1).featurize(data);
        MultiLayerConfiguration headConf = new NeuralNetConfiguration.Builder().seed(SEED).updater(new Adam(1e-3))
                .list()
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).name("out").nIn(500).nOut(10)
                        .activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER).build())
                .build();
        MultiLayerNetwork plainHead = new MultiLayerNetwork(headConf);
        plainHead.init();
        noWorkspaces(plainHead, o);
        List<DataSet> batches = SyntheticData.batches(features, 64, SEED);
        return new Workload("W6-head", "softmax head 500-10 on features of a frozen W2 network, batch 64, Adam",
                "FeatureTransfer.fitHead", "MultiLayerNetwork.fit(batch) on ready minibatches of features", 64,
                steps -> FeatureTransfer.fitHead(features, steps, 64, new Adam(1e-3), SEED),
                cycle(batches, plainHead::fit));
    }

    static Workload w6FineTune(Options o) {
        DataSet data = SyntheticData.classification(o.rows(), 784, 10, SEED);
        MultiLayerNetwork source = Models.lenet(10, new Adam(1e-3), SEED);
        MultiLayerNetwork kitNet = noWorkspaces(ModelTransfer.transfer(source, 10, 0, new Adam(1e-3), SEED), o);
        MultiLayerNetwork plainNet = noWorkspaces(ModelTransfer.transfer(source, 10, 0, new Adam(1e-3), SEED), o);
        List<DataSet> batches = SyntheticData.batches(data, 64, SEED);
        return new Workload("W6-finetune", "fine-tune all layers of a transferred W2 network, batch 64, Adam",
                "ModelTransfer.fineTune", "MultiLayerNetwork.fit(batch) on ready minibatches", 64,
                steps -> ModelTransfer.fineTune(kitNet, data, steps, 64, SEED),
                cycle(batches, plainNet::fit));
    }

    /** LeNet of the same sizes as {@code Models.lenet} with channels-last ([n, 28, 28, 1]) activations. */
    static MultiLayerNetwork lenetNhwc() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(SEED).updater(new Adam(1e-3)).weightInit(WeightInit.RELU)
                .list()
                .layer(new ConvolutionLayer.Builder(5, 5).name("conv1").nOut(20).stride(1, 1)
                        .dataFormat(CNN2DFormat.NHWC).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).name("pool1")
                        .dataFormat(CNN2DFormat.NHWC).kernelSize(2, 2).stride(2, 2).build())
                .layer(new ConvolutionLayer.Builder(5, 5).name("conv2").nOut(50).stride(1, 1)
                        .dataFormat(CNN2DFormat.NHWC).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).name("pool2")
                        .dataFormat(CNN2DFormat.NHWC).kernelSize(2, 2).stride(2, 2).build())
                .layer(new DenseLayer.Builder().name("fc1").nOut(500).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).name("out").nOut(10)
                        .activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER).build())
                .setInputType(InputType.convolutional(28, 28, 1, CNN2DFormat.NHWC))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static MultiLayerNetwork noWorkspaces(MultiLayerNetwork net, Options o) {
        if (o.noWorkspaces()) {
            net.getLayerWiseConfigurations().setTrainingWorkspaceMode(WorkspaceMode.NONE);
        }
        return net;
    }

    /** A plain loop: {@code fit} on the ready batches in turn, continuing where the previous call stopped. */
    private static <B> Workload.Steps cycle(List<B> batches, java.util.function.Consumer<B> fit) {
        int[] cursor = {0};
        return steps -> {
            for (int s = 0; s < steps; s++) {
                fit.accept(batches.get(cursor[0]++ % batches.size()));
            }
        };
    }
}
