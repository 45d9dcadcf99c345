package org.transferkit.transfer;

import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.transferkit.Arguments;
import org.transferkit.Kit;
import org.transferkit.training.Trainer;

/**
 * One way of training a network for a target task from a source network: the arms that transfer lessons compare.
 * Every arm builds its network from a seed, trains it for a given number of steps on the target examples (the
 * batches of {@link Trainer#fitSteps} with {@code seed + 7}, so arms given the same seed see the same batches) and
 * never changes the source network.
 *
 * <ul>
 *   <li>{@link Scratch}: a fresh network, the source ignored (no transfer);</li>
 *   <li>{@link Probe}: the source's layers up to a cut frozen, the layers above removed, a new linear softmax head
 *       (feature-based transfer);</li>
 *   <li>{@link FineTune}: the source copied with a new head, the layers up to an optional cut frozen, the rest
 *       trained (model-based transfer);</li>
 *   <li>{@link ProbeThenFineTune}: a probe's head trained first, then every layer at a lower rate (LP-FT);</li>
 *   <li>{@link FineTuneL2SP}: fine-tuning with a penalty that pulls the copied weights back to the source's (L2-SP).</li>
 * </ul>
 */
public sealed interface TargetArm permits TargetArm.Scratch, TargetArm.Probe, TargetArm.FineTune,
        TargetArm.ProbeThenFineTune, TargetArm.FineTuneL2SP {

    /** The arm's name in result tables. */
    String name();

    /**
     * Builds this arm's network from {@code source} and trains it.
     *
     * @param source    the source network (not modified; ignored by {@link Scratch})
     * @param target    labelled target examples
     * @param steps     optimisation steps
     * @param batchSize examples per step
     * @param seed      seed of the new weights and of the batches
     */
    MultiLayerNetwork train(MultiLayerNetwork source, DataSet target, int steps, int batchSize, long seed);

    /** Builds a fresh network for the target task with the given optimiser and seed. */
    @FunctionalInterface
    interface NetworkFactory {
        /** A new, initialised network. */
        MultiLayerNetwork create(IUpdater updater, long seed);
    }

    /** Training from scratch: a fresh network from {@code factory}, Adam at {@code learningRate}. */
    record Scratch(String name, NetworkFactory factory, double learningRate) implements TargetArm {
        /** Validates the arguments. */
        public Scratch {
            Arguments.notBlank(name, "arm name");
            if (factory == null) {
                throw new IllegalArgumentException("expected a network factory, e.g. (u, s) -> Models.lenet5(5, u, s)");
            }
            Arguments.positive(learningRate, "learning rate");
        }

        /** The untrained network of seed {@code seed}. */
        public MultiLayerNetwork build(long seed) {
            return factory.create(new Adam(learningRate), seed);
        }

        @Override
        public MultiLayerNetwork train(MultiLayerNetwork source, DataSet target, int steps, int batchSize, long seed) {
            MultiLayerNetwork net = build(seed);
            Trainer.fitSteps(net, target, steps, batchSize, seed + 7);
            return net;
        }
    }

    /**
     * Feature-based transfer: the source's layers up to and including {@code cutLayer} frozen, every layer above it
     * removed, and a new softmax head ({@code targetClasses} outputs on the cut's {@code features} outputs, Xavier
     * weights) trained with Adam at {@code learningRate}.
     */
    record Probe(String name, String cutLayer, int features, int targetClasses, double learningRate)
            implements TargetArm {
        /** Validates the arguments. */
        public Probe {
            Arguments.notBlank(name, "arm name");
            Arguments.notBlank(cutLayer, "cut layer");
            Arguments.positive(features, "features at the cut");
            Arguments.positive(targetClasses, "target classes");
            Arguments.positive(learningRate, "learning rate");
        }

        /** The untrained probe: frozen layers up to the cut, a new head drawn from {@code seed}. */
        public MultiLayerNetwork build(MultiLayerNetwork source, long seed) {
            return build(source, seed, learningRate, true);
        }

        /** The probe's layers, the ones up to the cut frozen or not, trained with Adam at {@code rate}. */
        MultiLayerNetwork build(MultiLayerNetwork source, long seed, double rate, boolean frozen) {
            int cut = ModelTransfer.layerIndex(source, cutLayer);
            Nd4j.getRandom().setSeed(Kit.nativeSeed(seed));     // TransferLearning draws new layers from this generator
            TransferLearning.Builder builder = new TransferLearning.Builder(source.clone())
                    .fineTuneConfiguration(new FineTuneConfiguration.Builder()
                            .updater(new Adam(rate)).seed(Kit.nativeSeed(seed)).build());
            if (frozen) {
                builder.setFeatureExtractor(cut);
            }
            return builder.removeLayersFromOutput(source.getnLayers() - 1 - cut)
                    .addLayer(new OutputLayer.Builder(LossFunction.MCXENT).name("out").nIn(features)
                            .nOut(targetClasses).activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER).build())
                    .build();
        }

        @Override
        public MultiLayerNetwork train(MultiLayerNetwork source, DataSet target, int steps, int batchSize, long seed) {
            MultiLayerNetwork net = build(source, seed);
            Trainer.fitSteps(net, target, steps, batchSize, seed + 7);
            return net;
        }
    }

    /**
     * Model-based transfer: the source copied with a new head ({@link ModelTransfer#transfer}), the layers up to and
     * including {@code lastFrozenLayer} frozen ({@code null}: none), the rest trained with Adam at
     * {@code learningRate}.
     */
    record FineTune(String name, String lastFrozenLayer, int targetClasses, double learningRate) implements TargetArm {
        /** Validates the arguments. */
        public FineTune {
            Arguments.notBlank(name, "arm name");
            Arguments.positive(targetClasses, "target classes");
            Arguments.positive(learningRate, "learning rate");
        }

        /** The untrained copy: the source's layers, a new head drawn from {@code seed}, the cut frozen. */
        public MultiLayerNetwork build(MultiLayerNetwork source, long seed) {
            return ModelTransfer.transfer(source, targetClasses, lastFrozenLayer, new Adam(learningRate), seed);
        }

        @Override
        public MultiLayerNetwork train(MultiLayerNetwork source, DataSet target, int steps, int batchSize, long seed) {
            MultiLayerNetwork net = build(source, seed);
            Trainer.fitSteps(net, target, steps, batchSize, seed + 7);
            return net;
        }
    }

    /**
     * LP-FT (Kumar et al., 2022): the {@code probe} trained for {@code headFraction} of the steps, then the same
     * network with every layer trainable (the probe's parameters copied into an unfrozen twin) for the rest, with Adam
     * at the lower {@code fineTuneRate}, so fine-tuning starts from a head that already fits the features.
     */
    record ProbeThenFineTune(String name, Probe probe, double headFraction, double fineTuneRate) implements TargetArm {
        /** Validates the arguments. */
        public ProbeThenFineTune {
            Arguments.notBlank(name, "arm name");
            if (probe == null) {
                throw new IllegalArgumentException("expected the probe of the first phase");
            }
            if (!(headFraction > 0 && headFraction < 1)) {
                throw new IllegalArgumentException("headFraction must be in (0, 1), got " + headFraction);
            }
            Arguments.positive(fineTuneRate, "fine-tuning learning rate");
        }

        @Override
        public MultiLayerNetwork train(MultiLayerNetwork source, DataSet target, int steps, int batchSize, long seed) {
            int headSteps = (int) Math.round(steps * headFraction);
            MultiLayerNetwork head = probe.build(source, seed);
            Trainer.fitSteps(head, target, headSteps, batchSize, seed + 7);
            MultiLayerNetwork all = probe.build(source, seed, fineTuneRate, false);
            all.setParams(head.params().dup());      // same layers in the same order, now all trainable
            Trainer.fitSteps(all, target, steps - headSteps, batchSize, seed + 8);
            return all;
        }
    }

    /**
     * L2-SP fine-tuning (Li, Grandvalet and Davoine, 2018): the source copied with a new head, every layer trained
     * with Adam at {@code learningRate} on the mean cross-entropy plus
     * <pre>  alpha * SUM over the copied weights and biases of (w - w_source)^2</pre>
     * (a sum over all copied parameters, not a mean; the new head is not penalised). This is {@link L2SP} with its
     * alpha/2 convention at 2 * alpha and beta = 0. alpha = 0 is {@link FineTune} with no frozen layer.
     */
    record FineTuneL2SP(String name, double alpha, int targetClasses, double learningRate) implements TargetArm {
        /** Validates the arguments. */
        public FineTuneL2SP {
            Arguments.notBlank(name, "arm name");
            Arguments.nonNegative(alpha, "alpha");
            Arguments.positive(targetClasses, "target classes");
            Arguments.positive(learningRate, "learning rate");
        }

        /** The untrained copy: the source's layers, a new head drawn from {@code seed}, nothing frozen. */
        public MultiLayerNetwork build(MultiLayerNetwork source, long seed) {
            return ModelTransfer.transfer(source, targetClasses, (String) null, new Adam(learningRate), seed);
        }

        /** The penalty anchored at {@code net}'s current parameters (call it on a fresh {@link #build}). */
        public L2SP penalty(MultiLayerNetwork net) {
            return L2SP.anchoredAt(net, 2 * alpha, 0);
        }

        @Override
        public MultiLayerNetwork train(MultiLayerNetwork source, DataSet target, int steps, int batchSize, long seed) {
            MultiLayerNetwork net = build(source, seed);
            ModelTransfer.fineTuneL2SP(net, target, steps, batchSize, 2 * alpha, 0, seed + 7);
            return net;
        }
    }
}
