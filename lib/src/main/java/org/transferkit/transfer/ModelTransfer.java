package org.transferkit.transfer;

import org.transferkit.Arguments;

import java.util.Locale;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.layers.FrozenLayer;
import org.deeplearning4j.nn.layers.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.transferkit.display.Progress;
import org.transferkit.training.TrainResult;
import org.transferkit.training.Trainer;

/**
 * Model-based transfer: copy a source network's parameters, replace its output layer by a new softmax head for the
 * target classes, freeze the first k layers, and fine-tune the rest, plainly or with the L2-SP penalty
 * ({@link L2SP}). Built on DL4J's {@link TransferLearning.Builder} and {@link FineTuneConfiguration}.
 *
 * <p>Counting convention: a network has L layers with DL4J indices 0..L-1, where L-1 is the output layer (the head).
 * Parameter-free layers (pooling, subsampling) count as layers. "Freeze k layers" means layers 0..k-1 keep their
 * source parameters; k = 0 freezes nothing (full fine-tuning) and k = L-1 freezes everything but the new head (a
 * linear probe on the frozen features). In DL4J terms this is {@code setFeatureExtractor(k - 1)}: that call freezes the
 * given layer <em>and</em> all layers below it.
 */
public final class ModelTransfer {
    /** Points of a training curve, as {@link Trainer} records them without a validation set. */
    private static final int CURVE_POINTS = 100;

    private ModelTransfer() {
    }

    /**
     * A new network for the target task: layers 0..L-2 copied from {@code source}, output layer replaced by a fresh
     * softmax head with {@code targetClasses} outputs (Xavier init), first {@code frozenLayers} layers frozen, all
     * trainable layers given {@code updater} (through a {@link FineTuneConfiguration} with {@code seed}). The head's
     * initial weights depend only on {@code seed}: DL4J's builder draws them from ND4J's global random generator, so
     * they are re-drawn from a network seeded with {@code seed}. The source network is not modified, and the
     * iteration and epoch counters start at 0.
     *
     * @param frozenLayers k in [0, L-1], see the class comment
     * @throws IllegalArgumentException if k is out of range, targetClasses &lt; 2, or the layer below the head has no
     *                                  known output size (it must be a feed-forward layer such as DenseLayer)
     */
    public static MultiLayerNetwork transfer(MultiLayerNetwork source, int targetClasses, int frozenLayers,
                                             IUpdater updater, long seed) {
        Arguments.network(source, "source network");
        int layers = source.getnLayers();
        if (layers < 2) {
            throw new IllegalArgumentException("expected a source network with at least one layer below the output layer, got "
                    + layers + " layer(s)");
        }
        if (frozenLayers < 0 || frozenLayers > layers - 1) {
            throw new IllegalArgumentException("frozenLayers must be in [0, " + (layers - 1)
                    + "] (0 = fine-tune all, " + (layers - 1) + " = all but the head), got " + frozenLayers);
        }
        if (targetClasses < 2) {
            throw new IllegalArgumentException("targetClasses must be >= 2, got " + targetClasses);
        }
        if (updater == null) {
            throw new IllegalArgumentException("expected an updater (e.g. new Adam(1e-3)), got null");
        }
        for (int i = 0; i < layers; i++) {
            if (isFrozen(source.getLayer(i))) {
                throw new IllegalArgumentException("expected a source network without frozen layers; layer " + i + " is frozen");
            }
        }
        Object below = source.getLayer(layers - 2).conf().getLayer();
        if (!(below instanceof FeedForwardLayer) || ((FeedForwardLayer) below).getNOut() <= 0) {
            throw new IllegalArgumentException("expected the layer below the head (index " + (layers - 2)
                    + ") to be a feed-forward layer with a known nOut, got " + below.getClass().getSimpleName());
        }
        long nIn = ((FeedForwardLayer) below).getNOut();

        FineTuneConfiguration fineTune = new FineTuneConfiguration.Builder().updater(updater).seed(org.transferkit.Kit.nativeSeed(seed)).build();
        TransferLearning.Builder builder = new TransferLearning.Builder(source.clone()).fineTuneConfiguration(fineTune);
        if (frozenLayers > 0) {
            builder.setFeatureExtractor(frozenLayers - 1);
        }
        MultiLayerNetwork target = builder.removeOutputLayer().addLayer(newHead(nIn, targetClasses)).build();
        // TransferLearning initialises added layers from ND4J's global random generator, whose state depends on
        // whatever ran before; re-initialise the head from a network seeded with `seed` so the result is reproducible.
        MultiLayerNetwork seededHead = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(org.transferkit.Kit.nativeSeed(seed))
                .dataType(source.getLayerWiseConfigurations().getDataType())
                .list()
                .layer(newHead(nIn, targetClasses))
                .build());
        seededHead.init();
        target.getLayer(layers - 1).setParams(seededHead.params().dup());
        target.setIterationCount(0);
        target.setEpochCount(0);
        return target;
    }

    /**
     * {@link #transfer(MultiLayerNetwork, int, int, IUpdater, long)} freezing every layer up to and including the one
     * named {@code lastFrozenLayer} (e.g. "pool2" to freeze the convolutions of {@link org.transferkit.models.Models#lenet},
     * "fc1" for all but the head); {@code null} freezes nothing (fine-tune everything).
     */
    public static MultiLayerNetwork transfer(MultiLayerNetwork source, int targetClasses, String lastFrozenLayer,
                                             IUpdater updater, long seed) {
        int frozen = lastFrozenLayer == null ? 0 : layerIndex(source, lastFrozenLayer) + 1;
        return transfer(source, targetClasses, frozen, updater, seed);
    }

    /**
     * Index of the layer called {@code name} in {@code net}.
     *
     * @throws IllegalArgumentException for an unknown name; the message lists the network's layers in order
     */
    public static int layerIndex(MultiLayerNetwork net, String name) {
        Arguments.network(net, "network");
        java.util.List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < net.getnLayers(); i++) {
            String n = net.getLayer(i).conf().getLayer().getLayerName();
            if (n != null && n.equals(name)) {
                return i;
            }
            names.add(i + ": " + n);
        }
        throw new IllegalArgumentException("the network has no layer named '" + name + "'; its layers are " + names);
    }

    private static OutputLayer newHead(long nIn, int classes) {
        return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).name("out")
                .nIn(nIn).nOut(classes).activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER).build();
    }

    /** Number of frozen layers (DL4J {@code FrozenLayer}s) in {@code net}. */
    public static int frozenLayerCount(MultiLayerNetwork net) {
        Arguments.network(net, "network");
        int count = 0;
        for (Layer layer : net.getLayers()) {
            if (isFrozen(layer)) {
                count++;
            }
        }
        return count;
    }

    /** Number of parameters that training can change: all parameters outside frozen layers. */
    public static long trainableParams(MultiLayerNetwork net) {
        Arguments.network(net, "network");
        long count = 0;
        for (Layer layer : net.getLayers()) {
            if (!isFrozen(layer)) {
                count += layer.numParams();
            }
        }
        return count;
    }

    /**
     * Plain fine-tuning with {@link Trainer#fitSteps(MultiLayerNetwork, DataSet, int, int, long)}: exactly
     * {@code steps} optimisation steps ({@code net.fit(batch)}) on seeded shuffled mini-batches of
     * {@code min(batchSize, n)} examples of {@code train}. Frozen layers stay unchanged.
     *
     * @return the training-loss curve as the Trainer records it ({@link TrainResult#trainLoss()}): the mean
     *         cross-entropy on the batch before each update, one value per step for up to 100 steps, otherwise the
     *         mean over each of about 100 equal intervals of steps
     */
    public static double[] fineTune(MultiLayerNetwork net, DataSet train, int steps, int batchSize, long seed) {
        checkTrainable(net, train, "fine-tuning data");
        return curve(fit(net, train, steps, batchSize, seed));
    }

    /**
     * Fine-tuning with the L2-SP penalty (Li, Grandvalet, Davoine 2018), anchored at {@code net}'s current
     * parameters, so call it on a network fresh from {@link #transfer}: the objective is mean loss +
     * alpha/2 ||w - w_src||^2 over the trainable transferred layers + beta/2 ||w_head||^2. See {@link L2SP}.
     * It uses the same mini-batches as {@link #fineTune}, so alpha = beta = 0 is exactly {@link #fineTune}.
     *
     * @return the training objective (loss + penalty) before each update, recorded like {@link #fineTune}'s curve
     */
    public static double[] fineTuneL2SP(MultiLayerNetwork net, DataSet train, int steps, int batchSize,
                                        double alpha, double beta, long seed) {
        checkTrainable(net, train, "fine-tuning data");
        L2SP penalty = L2SP.anchoredAt(net, alpha, beta);
        Arguments.positive(steps, "steps");
        MiniBatches batches = new MiniBatches(train, batchSize, seed);
        int every = Math.max(1, steps / CURVE_POINTS);
        double[] curve = new double[(steps + every - 1) / every];
        double sum = 0;
        int count = 0;
        try (Progress progress = Progress.start("fine-tune (L2-SP)", steps)) {
            for (int s = 1; s <= steps; s++) {
                double objective = penalty.step(net, batches.next());
                sum += objective;
                count++;
                if (s % every == 0 || s == steps) {
                    curve[(s - 1) / every] = sum / count;
                    sum = 0;
                    count = 0;
                }
                progress.step(String.format(Locale.ROOT, "objective %.4f", objective));
            }
        }
        return curve;
    }

    /**
     * {@link Trainer#fitSteps(MultiLayerNetwork, DataSet, int, int, long)} with the batch size capped at the number
     * of examples (so k-shot sets smaller than the batch size train on all their examples each step).
     */
    static TrainResult fit(MultiLayerNetwork net, DataSet train, int steps, int batchSize, long seed) {
        Arguments.labelled(train, "training data");
        Arguments.positive(steps, "steps");
        Arguments.positive(batchSize, "batchSize");
        return Trainer.fitSteps(net, train, steps, Math.min(batchSize, train.numExamples()), seed);
    }

    private static double[] curve(TrainResult result) {
        return result.trainLoss().stream().mapToDouble(Double::doubleValue).toArray();
    }

    static boolean isFrozen(Layer layer) {
        return layer instanceof FrozenLayer || layer instanceof FrozenLayerWithBackprop;
    }

    private static void checkTrainable(MultiLayerNetwork net, DataSet train, String what) {
        Arguments.network(net, "network");
        Arguments.labelled(train, what);
        long outputs = net.layerSize(net.getnLayers() - 1);
        if (outputs > 0 && train.getLabels().size(1) != outputs) {
            throw new IllegalArgumentException(what + ": expected " + outputs + " label columns (the head's nOut), got "
                    + train.getLabels().size(1));
        }
    }
}
