package org.transferkit.transfer;

import org.transferkit.Arguments;

import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.transferlearning.TransferLearningHelper;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Feature-based transfer with a trained network: layers {@code 0..frozenTill} (inclusive, DL4J layer indices,
 * parameter-free layers such as pooling count) are frozen with DL4J's {@link TransferLearningHelper} and their output
 * is the feature vector. The helper freezes layers in place, so it works on a clone: the caller's network is left as
 * it was. Convolutional outputs [n, c, h, w] are flattened to [n, c*h*w].
 */
public final class FrozenFeaturizer implements Featurizer {
    private final TransferLearningHelper helper;
    private final int frozenTill;
    private int featureCount;

    /**
     * Freezes layers 0..frozenTill of a clone of {@code trained}.
     *
     * @param trained    a trained network without frozen layers (not modified)
     * @param frozenTill index of the last frozen layer; its activations are the features. Must be below the output
     *                   layer's index.
     */
    public FrozenFeaturizer(MultiLayerNetwork trained, int frozenTill) {
        Arguments.network(trained, "trained network");
        int outputIndex = trained.getnLayers() - 1;
        if (frozenTill < 0 || frozenTill >= outputIndex) {
            throw new IllegalArgumentException("frozenTill must be a layer index in [0, " + (outputIndex - 1)
                    + "] (below the output layer " + outputIndex + "), got " + frozenTill);
        }
        for (int i = 0; i < trained.getnLayers(); i++) {
            if (ModelTransfer.isFrozen(trained.getLayer(i))) {
                throw new IllegalArgumentException("expected a network without frozen layers; layer " + i
                        + " is already frozen (featurize the original source network)");
            }
        }
        this.frozenTill = frozenTill;
        this.helper = new TransferLearningHelper(trained.clone(), frozenTill);
        this.featureCount = trained.getLayer(frozenTill).conf().getLayer() instanceof DenseLayer
                ? trained.layerSize(frozenTill) : -1;
    }

    /**
     * Freezes a clone of {@code trained} up to and including the layer named {@code lastFrozenLayer} (e.g. "fc1" of
     * {@link org.transferkit.models.Models#lenet}); its activations are the features. Names avoid counting layers
     * by hand (pooling layers count too).
     *
     * @throws IllegalArgumentException for a name the network does not have (the message lists its layers)
     */
    public FrozenFeaturizer(MultiLayerNetwork trained, String lastFrozenLayer) {
        this(trained, ModelTransfer.layerIndex(trained, lastFrozenLayer));
    }

    /** Index of the last frozen layer. */
    public int frozenTill() {
        return frozenTill;
    }

    @Override
    public DataSet featurize(DataSet data) {
        Arguments.nonEmpty(data, "data to featurize");
        DataSet out = helper.featurize(data);
        INDArray features = out.getFeatures();
        if (features.rank() != 2) {
            features = features.reshape('c', features.size(0), features.length() / features.size(0));
        }
        featureCount = (int) features.size(1);
        return new DataSet(features, data.getLabels());
    }

    /**
     * Number of features; for dense layers known up front, for convolutional or pooling layers known after the first
     * {@link #featurize} call (-1 before).
     */
    @Override
    public int featureCount() {
        return featureCount;
    }
}
