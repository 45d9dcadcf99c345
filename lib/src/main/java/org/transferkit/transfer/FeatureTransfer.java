package org.transferkit.transfer;

import org.transferkit.Arguments;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Feature-based transfer: featurize target data with a source network's frozen layers (or PCA), then train only a
 * new classifier on the features, either a Tribuo trainer (via {@link #toTribuo}) or a new DL4J softmax head
 * ({@link #fitHead}). {@link #toTribuo} on raw data gives the raw-pixel baseline the features must beat.
 */
public final class FeatureTransfer {
    private FeatureTransfer() {
    }

    /**
     * One-shot featurization: output of layer {@code frozenTill} of {@code trained} (layers 0..frozenTill frozen via
     * {@link org.deeplearning4j.nn.transferlearning.TransferLearningHelper}). The network is not modified. Use a
     * {@link FrozenFeaturizer} to featurize several data sets with the same layers.
     */
    public static DataSet featurize(MultiLayerNetwork trained, int frozenTill, DataSet data) {
        return new FrozenFeaturizer(trained, frozenTill).featurize(data);
    }

    /** Class names "0", "1", ..., "C-1" for data sets whose classes have no other names. */
    public static String[] classNames(int numClasses) {
        if (numClasses < 1) {
            throw new IllegalArgumentException("numClasses must be >= 1, got " + numClasses);
        }
        String[] names = new String[numClasses];
        for (int c = 0; c < numClasses; c++) {
            names[c] = Integer.toString(c);
        }
        return names;
    }

    /** {@link #toTribuo(DataSet, String[], String)} with class names "0".."C-1" and a generic description. */
    public static MutableDataset<Label> toTribuo(DataSet data) {
        Arguments.labelled(data, "data for Tribuo");
        return toTribuo(data, classNames((int) data.getLabels().size(1)), "transfer-kit features");
    }

    /**
     * Converts an ND4J DataSet (features [n, d] or images, labels one-hot [n, C]) to a Tribuo classification data
     * set: one {@link ArrayExample} per row, features named f0..f{d-1}, label {@code classNames[argmax(row)]}.
     * Tribuo trainers (e.g. {@code LogisticRegressionTrainer}) and {@code LabelEvaluator} then work on it.
     *
     * @param classNames  one name per label column
     * @param description recorded in the Tribuo provenance (say what the features are)
     */
    public static MutableDataset<Label> toTribuo(DataSet data, String[] classNames, String description) {
        Arguments.labelled(data, "data for Tribuo");
        INDArray labels = data.getLabels();
        if (classNames == null || classNames.length != labels.size(1)) {
            throw new IllegalArgumentException("expected " + labels.size(1) + " class names (one per label column), got "
                    + (classNames == null ? "null" : classNames.length));
        }
        INDArray features = data.getFeatures();
        int n = (int) features.size(0);
        if (features.rank() != 2) {
            features = features.reshape('c', n, features.length() / n);
        }
        int d = (int) features.size(1);
        String[] names = new String[d];
        for (int j = 0; j < d; j++) {
            names[j] = "f" + j;
        }
        double[][] x = features.toDoubleMatrix();
        int[] y = Nd4j.argMax(labels, 1).toIntVector();
        LabelFactory factory = new LabelFactory();
        MutableDataset<Label> dataset = new MutableDataset<>(
                new SimpleDataSourceProvenance(description == null ? "transfer-kit features" : description, factory),
                factory);
        for (int i = 0; i < n; i++) {
            dataset.add(new ArrayExample<>(new Label(classNames[y[i]]), names, x[i]));
        }
        return dataset;
    }

    /**
     * Trains a new DL4J softmax layer (cross-entropy, Xavier init, {@code seed}) on features: the "linear probe" on
     * frozen features. Runs exactly {@code steps} optimisation steps with {@link org.transferkit.training.Trainer}
     * on seeded shuffled mini-batches of {@code min(batchSize, n)} examples.
     *
     * @param features featurized training data (2-D features, one-hot labels)
     * @return the trained head; apply it with {@code head.output(featurizedX)}
     */
    public static MultiLayerNetwork fitHead(DataSet features, int steps, int batchSize, IUpdater updater, long seed) {
        Arguments.labelled(features, "featurized training data");
        if (features.getFeatures().rank() != 2) {
            throw new IllegalArgumentException("expected 2-D features [n, d] (featurize first), got rank "
                    + features.getFeatures().rank());
        }
        if (updater == null) {
            throw new IllegalArgumentException("expected an updater (e.g. new Adam(1e-2)), got null");
        }
        Arguments.positive(steps, "steps");
        Arguments.positive(batchSize, "batchSize");
        int nIn = (int) features.getFeatures().size(1);
        int nOut = (int) features.getLabels().size(1);
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(org.transferkit.Kit.nativeSeed(seed))
                .updater(updater)
                .dataType(features.getFeatures().dataType())
                .list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).name("out")
                        .nIn(nIn).nOut(nOut).activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER).build())
                .build();
        MultiLayerNetwork head = new MultiLayerNetwork(conf);
        head.init();
        ModelTransfer.fit(head, features, steps, batchSize, seed);
        return head;
    }
}
