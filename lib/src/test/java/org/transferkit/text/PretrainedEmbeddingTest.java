package org.transferkit.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.TreeSet;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The DL4J embedding-row trap: after one training step, an embedding initialised from vectors must have changed
 * exactly the rows of the tokens in the batch. The kit's way (XAVIER, then putRow) does; DL4J 1.0.0-M2.1's
 * {@code weightInit(vectors)} does not, which is why the kit has {@link PretrainedEmbedding}.
 */
class PretrainedEmbeddingTest {

    private static final int VOCABULARY = 1_000;
    private static final int DIMENSION = 8;
    private static final float[][] BATCH = {{3, 7, 7, 42, 999}, {5, 3, 100, 200, 0}};
    private static final Set<Integer> BATCH_TOKENS = Set.of(0, 3, 5, 7, 42, 100, 200, 999);

    private static INDArray vectors() {
        Nd4j.getRandom().setSeed(20);
        return Nd4j.rand(DataType.FLOAT, VOCABULARY, DIMENSION).subi(0.5);
    }

    private static MultiLayerNetwork network(EmbeddingSequenceLayer embedding) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).updater(new Sgd(0.5))
                .dataType(DataType.FLOAT).list()
                .layer(embedding)
                .layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(DIMENSION).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** Rows of the embedding weights that one fit step on {@link #BATCH} changed. */
    private static Set<Integer> rowsChangedByOneStep(MultiLayerNetwork net) {
        INDArray before = net.getLayer(0).getParam("W").dup();
        net.fit(Nd4j.createFromArray(BATCH), Nd4j.createFromArray(new float[][] {{1, 0}, {0, 1}}));
        INDArray after = net.getLayer(0).getParam("W");
        Set<Integer> changed = new TreeSet<>();
        for (int i = 0; i < VOCABULARY; i++) {
            if (!after.getRow(i).equalsWithEps(before.getRow(i), 1e-7)) {
                changed.add(i);
            }
        }
        return changed;
    }

    @Test
    void kitsWayStartsFromTheVectorsAndTrainsExactlyTheBatchRows() {
        INDArray vectors = vectors();
        MultiLayerNetwork net = network(PretrainedEmbedding.layer(vectors).inputLength(5).build());
        PretrainedEmbedding.copyInto(net.getLayer(0), vectors);
        assertTrue(net.getLayer(0).getParam("W").equalsWithEps(vectors, 0), "the weights are the vectors");
        assertEquals(BATCH_TOKENS, rowsChangedByOneStep(net));
    }

    @Test
    void dl4jWeightInitFromVectorsTrainsTheWrongRows() {
        INDArray vectors = vectors();
        MultiLayerNetwork net = network(new EmbeddingSequenceLayer.Builder().nIn(VOCABULARY).nOut(DIMENSION)
                .hasBias(false).inputLength(5).weightInit(vectors).build());
        assertTrue(net.getLayer(0).getParam("W").equalsWithEps(vectors, 0), "the copy itself is right");
        Set<Integer> changed = rowsChangedByOneStep(net);
        // If this fails, a DL4J upgrade fixed the trap and PretrainedEmbedding's detour may go.
        assertNotEquals(BATCH_TOKENS, changed, "DL4J's weightInit(vectors) now trains the right rows");
        assertTrue(changed.stream().anyMatch(r -> !BATCH_TOKENS.contains(r)), "rows outside the batch moved: " + changed);
    }

    @Test
    void copyIntoChecksShapes() {
        INDArray vectors = vectors();
        MultiLayerNetwork net = network(PretrainedEmbedding.layer(vectors).inputLength(5).build());
        assertThrows(IllegalArgumentException.class,
                () -> PretrainedEmbedding.copyInto(net.getLayer(0), Nd4j.zeros(DataType.FLOAT, 10, DIMENSION)));
        assertThrows(IllegalArgumentException.class, () -> PretrainedEmbedding.layer(Nd4j.zeros(DataType.FLOAT, 5)));
    }
}
