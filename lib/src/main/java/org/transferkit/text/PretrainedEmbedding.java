package org.transferkit.text;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An embedding layer initialised from pretrained word vectors, the way that trains correctly in DL4J 1.0.0-M2.1.
 *
 * <p><b>The trap.</b> {@code EmbeddingSequenceLayer.Builder.weightInit(vectors)} copies the vectors into the layer,
 * but stores them in the wrong memory order for the layer's parameter view: after {@code fit} the rows of the batch's
 * tokens stay as they were and other rows (a strided pattern) change instead. Initialising with
 * {@link WeightInit#XAVIER} and then copying the vectors in row by row with {@code putRow} keeps the parameter view's
 * order, and a training step changes exactly the rows of the tokens in the batch (tested in
 * {@code PretrainedEmbeddingTest}).
 *
 * <pre>{@code
 * INDArray vectors = WordVectors.glove().matrix(vocabulary);          // [vocabulary, 100]
 * ... .layer(PretrainedEmbedding.layer(vectors).inputLength(200).build()) ...
 * net.init();
 * PretrainedEmbedding.copyInto(net.getLayer(0), vectors);
 * }</pre>
 */
public final class PretrainedEmbedding {

    private PretrainedEmbedding() {
    }

    /**
     * A builder for an {@link EmbeddingSequenceLayer} with one row per row of {@code vectors}, their width, no bias,
     * and XAVIER initialisation; after the network's {@code init()}, call {@link #copyInto(Layer, INDArray)}.
     */
    public static EmbeddingSequenceLayer.Builder layer(INDArray vectors) {
        requireMatrix(vectors);
        return new EmbeddingSequenceLayer.Builder().nIn(vectors.rows()).nOut(vectors.columns()).hasBias(false)
                .weightInit(WeightInit.XAVIER);
    }

    /**
     * Copies {@code vectors} into the weights of an initialised embedding layer, row by row.
     *
     * @throws IllegalArgumentException when the shapes differ or the layer has no weight matrix
     */
    public static void copyInto(Layer layer, INDArray vectors) {
        requireMatrix(vectors);
        INDArray weights = layer.getParam(DefaultParamInitializer.WEIGHT_KEY);
        if (weights == null) {
            throw new IllegalArgumentException("layer " + layer.getIndex() + " has no weight matrix 'W'");
        }
        if (weights.rows() != vectors.rows() || weights.columns() != vectors.columns()) {
            throw new IllegalArgumentException("the layer's weights are " + weights.rows() + " x " + weights.columns()
                    + " but the vectors are " + vectors.rows() + " x " + vectors.columns());
        }
        INDArray cast = vectors.castTo(weights.dataType());
        for (int i = 0; i < vectors.rows(); i++) {
            weights.putRow(i, cast.getRow(i));
        }
    }

    private static void requireMatrix(INDArray vectors) {
        if (vectors.rank() != 2 || vectors.rows() == 0 || vectors.columns() == 0) {
            throw new IllegalArgumentException("vectors must be a non-empty matrix [words, dimension], got shape "
                    + java.util.Arrays.toString(vectors.shape()));
        }
    }
}
