package org.transferkit.transfer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.IUpdater;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.evaluation.LabelEvaluation;
import org.tribuo.classification.evaluation.LabelEvaluator;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.math.optimisers.AdaGrad;
import org.transferkit.data.FewShot;
import org.transferkit.data.ImageDataset;
import org.transferkit.models.Models;
import org.transferkit.training.TrainResult;
import org.transferkit.transfer.FeatureTransfer;
import org.transferkit.transfer.Featurizer;
import org.transferkit.transfer.FrozenFeaturizer;
import org.transferkit.transfer.ModelTransfer;

/**
 * Unsupervised transfer: features learned from unlabelled images (principal components, or the code of an
 * autoencoder), then a linear classifier trained on a few labelled target images in that feature space. The probe
 * is a Tribuo logistic regression with the same settings for every feature space, so the feature spaces are compared
 * and nothing else.
 */
public final class UnsupervisedFeatures {
    static {
        TribuoLogging.quiet();
    }

    private UnsupervisedFeatures() {
    }

    /**
     * A trained autoencoder: the network, how many of its layers form the encoder, and its training run.
     *
     * @param network       the autoencoder (encoder layers, mirrored decoder layers, sigmoid output)
     * @param encoderLayers number of encoder layers; the last of them is the code
     * @param training      the training run (loss curve, wall time)
     */
    public record Autoencoder(MultiLayerNetwork network, int encoderLayers, TrainResult training) {
        /** The encoder as a featurizer: the activations of the code layer (frozen, on a copy of the network). */
        public Featurizer encoder() {
            return new FrozenFeaturizer(network, encoderLayers - 1);
        }

        /** Reconstructions of {@code images} [n, 784], one row per image (for an image grid). */
        public float[][] reconstruct(INDArray images) {
            return network.output(images, false).toFloatMatrix();
        }
    }

    /**
     * Trains a dense autoencoder ({@link Models#autoencoder}) to reconstruct {@code images}: their labels are never
     * used, the images are their own targets. A fixed number of seeded steps with batches of
     * {@code min(batchSize, n)}.
     *
     * @param images  unlabelled images, features [n, 784] in [0, 1] (labels, if any, are ignored)
     * @param encoder widths of the encoder layers, the last one the code size
     */
    public static Autoencoder autoencoder(DataSet images, int[] encoder, IUpdater updater, int steps, int batchSize,
                                          long seed) {
        if (images == null || images.getFeatures() == null || images.numExamples() == 0) {
            throw new IllegalArgumentException("expected a non-empty set of images to learn from");
        }
        INDArray x = images.getFeatures();
        MultiLayerNetwork ae = Models.autoencoder((int) x.size(1), encoder, updater, seed);
        TrainResult r = org.transferkit.training.Trainer.fitSteps(ae, new DataSet(x, x), steps,
                Math.min(batchSize, images.numExamples()), seed);
        return new Autoencoder(ae, encoder.length, r);
    }

    /**
     * The reconstruction loss of the trivial autoencoder that outputs the pool's mean image for every input: binary
     * cross-entropy summed over pixels, averaged over images, with predictions clipped to [1e-5, 1 - 1e-5] as in
     * DL4J's XENT loss. An autoencoder whose loss is not clearly below this has learned nothing about the individual
     * images, which makes it the baseline a trained autoencoder's loss should be compared with.
     *
     * @param images unlabelled images, features [n, pixels] in [0, 1]
     */
    public static double meanImageLoss(DataSet images) {
        if (images == null || images.getFeatures() == null || images.numExamples() == 0) {
            throw new IllegalArgumentException("expected a non-empty set of images, features [n, pixels] in [0, 1]");
        }
        float[][] x = images.getFeatures().toFloatMatrix();
        int n = x.length, pixels = x[0].length;
        double[] mean = new double[pixels];
        for (float[] row : x) {
            for (int p = 0; p < pixels; p++) {
                mean[p] += row[p];
            }
        }
        double eps = 1e-5, total = 0;
        for (int p = 0; p < pixels; p++) {
            double m = Math.min(1 - eps, Math.max(eps, mean[p] / n));
            double logM = Math.log(m), log1M = Math.log(1 - m);
            for (float[] row : x) {
                total -= row[p] * logM + (1 - row[p]) * log1M;
            }
        }
        return total / n;
    }

    /** Raw pixels as a featurizer (the baseline every learned feature space must beat). */
    public static Featurizer rawPixels(int pixels) {
        if (pixels < 1) {
            throw new IllegalArgumentException("pixels must be at least 1, got " + pixels);
        }
        return new Featurizer() {
            @Override
            public DataSet featurize(DataSet data) {
                return new DataSet(data.getFeatures(), data.getLabels());
            }

            @Override
            public int featureCount() {
                return pixels;
            }
        };
    }

    /**
     * The probe: Tribuo's multinomial logistic regression (log loss, AdaGrad with learning rate 0.1, mini-batches of
     * one example) for {@code epochs} epochs, seeded.
     */
    public static Trainer<Label> logisticRegression(int epochs, long seed) {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        }
        return new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(0.1, 0.1), epochs, Integer.MAX_VALUE, 1, seed);
    }

    /**
     * Few-shot linear probes over several feature spaces: each run draws k labelled images per class from the target
     * pool (seeded), featurizes them, trains {@link #logisticRegression} and measures accuracy on the target test set.
     * The test set is featurized once per feature space.
     */
    public static final class Probe {
        private final ImageDataset pool;
        private final Map<String, Featurizer> featurizers;
        private final Map<String, MutableDataset<Label>> tests = new LinkedHashMap<>();
        private final String[] classNames;
        private final int epochs;

        /**
         * @param pool        labelled target images to draw the k-shot samples from
         * @param test        target test images
         * @param featurizers feature spaces by name, in the order to report them
         * @param epochs      epochs of the logistic regression, the same for every feature space
         */
        public Probe(ImageDataset pool, ImageDataset test, Map<String, Featurizer> featurizers, int epochs) {
            if (pool == null || test == null || featurizers == null || featurizers.isEmpty()) {
                throw new IllegalArgumentException("expected a target pool, a test set and at least one featurizer");
            }
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
            }
            this.pool = pool;
            this.featurizers = new LinkedHashMap<>(featurizers);
            this.classNames = pool.classNames();
            this.epochs = epochs;
            DataSet testData = test.toDataSet();
            for (Map.Entry<String, Featurizer> e : this.featurizers.entrySet()) {
                tests.put(e.getKey(), FeatureTransfer.toTribuo(e.getValue().featurize(testData), classNames,
                        e.getKey() + " (test)"));
            }
        }

        /** The feature spaces' names. */
        public List<String> names() {
            return List.copyOf(featurizers.keySet());
        }

        /** The trained probe of one run. */
        public Model<Label> train(String featurizer, int k, long seed) {
            Featurizer f = featurizers.get(featurizer);
            if (f == null) {
                throw new IllegalArgumentException("unknown feature space '" + featurizer + "'; expected one of " + names());
            }
            DataSet labelled = FewShot.sample(pool, k, seed).labelled().toDataSet();
            MutableDataset<Label> train = FeatureTransfer.toTribuo(f.featurize(labelled), classNames,
                    featurizer + " (" + k + "-shot, seed " + seed + ")");
            return logisticRegression(epochs, seed).train(train);
        }

        /** Tribuo's evaluation of one run on the test set. */
        public LabelEvaluation evaluate(String featurizer, int k, long seed) {
            Model<Label> model = train(featurizer, k, seed);
            return new LabelEvaluator().evaluate(model, tests.get(featurizer));
        }

        /** Test accuracy of one run: one cell of an experiment grid. */
        public double accuracy(String featurizer, int k, long seed) {
            return evaluate(featurizer, k, seed).accuracy();
        }
    }
}
