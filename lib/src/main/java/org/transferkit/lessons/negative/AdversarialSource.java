package org.transferkit.lessons.negative;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.transferkit.adaptation.DannModel;
import org.transferkit.adaptation.DannTrainer;
import org.transferkit.adaptation.Schedule;
import org.transferkit.data.ImageDataset;
import org.transferkit.models.Models;
import org.transferkit.training.Trainer;

/**
 * A source that shares the target's task, pretrained with domain-adversarial training (DANN, {@link DannTrainer})
 * instead of plain supervised training, so that it can be used by every arm of the {@link TargetProtocol} like a
 * {@link PretrainedSource}. The network is the lesson's LeNet ({@link Models#lenet}: conv 5x5x20, max-pool,
 * conv 5x5x50, max-pool, dense 500) whose dense layer is DANN's feature layer: the label head is the softmax on it,
 * and a domain head (dense 100, sigmoid) sits behind a gradient reversal on it. Each step takes {@code batchSize}
 * labelled source images and {@code batchSize} unlabelled images of the target pool (target labels are never used
 * here), with SGD, Nesterov momentum 0.9, a constant learning rate and the paper's lambda ramp. After training the
 * graph's LeNet layers are copied into a {@link Models#lenet} network (same layers, same parameters).
 *
 * <p>The control is the same trainer with lambda fixed to 0 ({@link DannTrainer#sourceOnly()}): same initial weights,
 * same batches, same schedule, so that DANN minus control isolates the adversarial term.
 */
public final class AdversarialSource {
    /** Units of the domain head's hidden layer. */
    static final int DOMAIN_HIDDEN = 100;
    /** Target rows per domain used for the final domain-accuracy measurement. */
    static final int DOMAIN_EVAL_ROWS = 500;

    private AdversarialSource() {
    }

    /**
     * A source network trained with (or without) the adversarial term, and what it reads without any target label.
     *
     * @param pretrained       the network as a lesson source (a {@link Models#lenet} with the source's classes)
     * @param lambdaMax        the largest reversal strength of the run (0 for the control)
     * @param targetAccuracy   accuracy of its label head on the target test set, with no target label used at all
     *                         (meaningful because the source has the target's classes, in the same order)
     * @param domainAccuracy   accuracy of its own domain head telling held-out source images from target test
     *                         images (0.5: the features no longer reveal the domain)
     */
    public record Result(PretrainedSource pretrained, double lambdaMax, double targetAccuracy, double domainAccuracy) {
    }

    /**
     * Trains DANN and its lambda = 0 control on {@code source} (labelled) and the {@code targetPool} images
     * (unlabelled), side by side on up to {@code threads} threads; returns them keyed "DANN" and "control". Their
     * sources are named after {@code source}: "..., DANN" and "..., lambda 0".
     *
     * @param targetTest    only to measure the zero-label target accuracy and the domain accuracy after training
     * @param steps         optimisation steps (each {@code batchSize} source + {@code batchSize} target images)
     * @param learningRate  constant learning rate of the Nesterov SGD (momentum 0.9)
     * @param seed          seed of the initialisation and the batches (the same for both runs)
     * @throws IllegalArgumentException when the source and the target have different classes or image sizes
     */
    public static Map<String, Result> trainWithControl(GradedSources.Source source, ImageDataset targetPool,
                                                       ImageDataset targetTest, int steps, int batchSize,
                                                       double learningRate, long seed, int threads) {
        if (source == null || targetPool == null || targetTest == null) {
            throw new IllegalArgumentException("expected a source, a target pool and a target test set, got null");
        }
        if (source.numClasses() != targetTest.numClasses() || source.train().featureCount() != 28 * 28
                || targetPool.featureCount() != 28 * 28 || targetTest.featureCount() != 28 * 28) {
            throw new IllegalArgumentException("expected 28x28 grey images and the same classes in source and target, got "
                    + source.train() + ", " + targetPool + " and " + targetTest);
        }
        if (steps < 1 || batchSize < 1 || !(learningRate > 0)) {
            throw new IllegalArgumentException("steps, batchSize and learningRate must be positive, got " + steps + ", "
                    + batchSize + ", " + learningRate);
        }
        DannTrainer dann = trainer(source.numClasses(), steps, batchSize, learningRate, seed);
        List<DannTrainer> runs = List.of(dann, dann.sourceOnly());
        List<String> keys = List.of("DANN", "control");
        Result[] results = new Result[2];
        // converted once, shared read-only by both runs
        Data data = new Data(source.train().toDataSet(), source.heldOut().toDataSet(),
                targetPool.toDataSet().getFeatures(), targetTest.toDataSet());
        Map<String, ParallelArms.Arm> job = new LinkedHashMap<>();
        job.put("DANN pretraining", row -> {
            int i = (int) row;
            Result r = train(runs.get(i), i == 0 ? 1.0 : 0.0, source, i == 0 ? ", DANN" : ", lambda 0", data, steps,
                    batchSize, learningRate, seed);
            synchronized (results) {
                results[i] = r;
            }
            return r.targetAccuracy();
        });
        ParallelArms.run("DANN and its lambda = 0 control", job, 0, new long[] {0, 1}, threads);
        Map<String, Result> out = new LinkedHashMap<>();
        synchronized (results) {
            for (int i = 0; i < 2; i++) {
                out.put(keys.get(i), results[i]);
            }
        }
        return out;
    }

    /** The DANN trainer around the lesson's LeNet layers (visible for tests). */
    static DannTrainer trainer(int classes, int steps, int batchSize, double learningRate, long seed) {
        DannTrainer.FeatureExtractor lenet =
                DannTrainer.lenetFeatures(Models.LENET_CONV1, Models.LENET_CONV2, Models.LENET_DENSE);
        return DannTrainer.custom(InputType.convolutionalFlat(28, 28, 1), lenet, classes).labelHidden()
                .domainHidden(DOMAIN_HIDDEN).headActivation(Activation.RELU)
                .learningRate(Schedule.constant(learningRate)).momentum(0.9).batchSize(batchSize).steps(steps)
                .evalEvery(steps).domainEvalRows(DOMAIN_EVAL_ROWS).seed(seed).build();
    }

    /** The arrays both runs train and measure on. */
    private record Data(DataSet sourceTrain, DataSet sourceHeldOut, INDArray targetPool, DataSet targetTest) {
    }

    private static Result train(DannTrainer trainer, double lambdaMax, GradedSources.Source source, String suffix,
                                Data data, int steps, int batchSize, double learningRate, long seed) {
        long start = System.nanoTime();
        DataSet sourceHeldOut = data.sourceHeldOut();
        DataSet test = data.targetTest();
        DannModel model = trainer.fit(data.sourceTrain(), data.targetPool(), sourceHeldOut, test.getFeatures());
        double targetAccuracy = model.accuracy(test);
        double domainAccuracy = model.domainAccuracy(sourceHeldOut.getFeatures(), test.getFeatures());
        MultiLayerNetwork net = toLenet(model.network(), source.numClasses(), learningRate, seed);
        model.network().close();
        ImageDataset train = source.train();
        ImageDataset trainSample = train.size() > PretrainedSource.ACCURACY_SAMPLE
                ? train.sample(PretrainedSource.ACCURACY_SAMPLE, seed) : train;
        double trainAccuracy = Trainer.accuracy(net, trainSample.toDataSet());
        double heldOutAccuracy = Trainer.accuracy(net, sourceHeldOut);
        GradedSources.Source named = new GradedSources.Source(source.name() + suffix,
                source.relation() + (lambdaMax > 0 ? "; DANN with the unlabelled target pool"
                        : "; the same trainer with lambda = 0"), source.train(), source.heldOut());
        PretrainedSource p = new PretrainedSource(named, net, steps, batchSize, trainAccuracy, heldOutAccuracy,
                (System.nanoTime() - start) / 1e9);
        return new Result(p, lambdaMax, targetAccuracy, domainAccuracy);
    }

    /**
     * The graph's LeNet layers (conv1, conv2, fc1 and the label head) copied into a {@link Models#lenet} network with
     * the same layers; the domain head is left behind (visible for tests).
     */
    static MultiLayerNetwork toLenet(ComputationGraph graph, int classes, double learningRate, long seed) {
        MultiLayerNetwork net = Models.lenet(classes, new Nesterovs(learningRate, 0.9), seed);
        String[][] pairs = {{"conv1", "conv1"}, {"conv2", "conv2"}, {"fc1", "fc1"}, {"out", DannTrainer.LABEL_OUTPUT}};
        for (String[] pair : pairs) {
            var to = net.getLayer(pair[0]);
            var from = graph.getLayer(pair[1]);
            for (String param : List.of("W", "b")) {
                INDArray value = from.getParam(param);
                if (!java.util.Arrays.equals(value.shape(), to.getParam(param).shape())) {
                    throw new IllegalStateException("layer " + pair[0] + " parameter " + param + ": shape "
                            + java.util.Arrays.toString(value.shape()) + " does not fit "
                            + java.util.Arrays.toString(to.getParam(param).shape()));
                }
                to.setParam(param, value.dup());
            }
        }
        return net;
    }
}
