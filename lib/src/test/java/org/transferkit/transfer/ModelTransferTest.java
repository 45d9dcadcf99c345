package org.transferkit.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Sgd;

class ModelTransferTest {
    private static MultiLayerNetwork source;
    private static INDArray sourceParams;
    private static DataSet targetTrain;

    @BeforeAll
    static void setUp() {
        source = TinyData.trainedSource();
        sourceParams = source.params().dup();
        targetTrain = TinyData.target(120, 21);
    }

    @Test
    void transferReplacesTheHeadAndCopiesTheRest() {
        MultiLayerNetwork target = ModelTransfer.transfer(source, 2, 0, new Adam(1e-2), 1);
        assertEquals(3, target.getnLayers());
        assertEquals(2, target.layerSize(2));
        assertEquals(0, target.getIterationCount());
        for (int i = 0; i < 2; i++) {
            assertEquals(source.getLayer(i).params(), target.getLayer(i).params(), "layer " + i + " copied");
        }
        // the head's initialisation is seeded
        assertEquals(target.getLayer(2).params(), ModelTransfer.transfer(source, 2, 0, new Adam(1e-2), 1).getLayer(2).params());
        assertNotEquals(target.getLayer(2).params(), ModelTransfer.transfer(source, 2, 0, new Adam(1e-2), 2).getLayer(2).params());
    }

    @Test
    void trainableParameterCounts() {
        // 8-16-8 body: fc1 8*16+16 = 144, fc2 16*8+8 = 136; new head 8*2+2 = 18
        long[] expected = {144 + 136 + 18, 136 + 18, 18};
        for (int k = 0; k <= 2; k++) {
            MultiLayerNetwork target = ModelTransfer.transfer(source, 2, k, new Adam(1e-2), 1);
            assertEquals(k, ModelTransfer.frozenLayerCount(target));
            assertEquals(expected[k], ModelTransfer.trainableParams(target), "k = " + k);
            assertEquals(298, target.numParams());
        }
    }

    @Test
    void freezingKLayersKeepsExactlyThoseLayersFixed() {
        for (int k = 0; k <= 2; k++) {
            for (boolean l2sp : new boolean[] {false, true}) {
                MultiLayerNetwork target = ModelTransfer.transfer(source, 2, k, new Sgd(0.05), 1);
                INDArray head = target.getLayer(2).params().dup();
                double[] losses = l2sp
                        ? ModelTransfer.fineTuneL2SP(target, targetTrain, 4, 16, 0.1, 0.01, 4)
                        : ModelTransfer.fineTune(target, targetTrain, 4, 16, 4);
                assertEquals(4, losses.length);
                String what = "k = " + k + (l2sp ? " (L2-SP)" : "");
                for (int i = 0; i < 2; i++) {
                    boolean same = source.getLayer(i).params().equals(target.getLayer(i).params());
                    assertEquals(i < k, same, what + ", layer " + i + (i < k ? " must stay frozen" : " must train"));
                }
                assertNotEquals(head, target.getLayer(2).params(), what + ": the head must train");
            }
        }
        assertEquals(sourceParams, source.params(), "fine-tuning must not touch the source network");
    }

    @Test
    void fineTuningIsDeterministicAndLearns() {
        MultiLayerNetwork a = ModelTransfer.transfer(source, 2, 1, new Adam(5e-2), 3);
        MultiLayerNetwork b = ModelTransfer.transfer(source, 2, 1, new Adam(5e-2), 3);
        double[] la = ModelTransfer.fineTune(a, targetTrain, 15, 16, 9);
        ModelTransfer.fineTune(b, targetTrain, 15, 16, 9);
        assertEquals(a.params(), b.params());
        assertEquals(15, a.getIterationCount());
        double accuracy = TinyData.accuracy(a.output(targetTrain.getFeatures()), targetTrain.getLabels());
        assertTrue(accuracy > 0.8, "accuracy " + accuracy + ", losses " + la[0] + " -> " + la[14]);
    }

    /** The same API on a LeNet-shaped CNN: conv/pool layers count as layers, conv outputs are flattened. */
    @Test
    void convolutionalNetworks() {
        MultiLayerNetwork cnn = TinyData.tinyCnn(3, 5);
        DataSet images = TinyData.randomImages(8, 2, 6);
        MultiLayerNetwork target = ModelTransfer.transfer(cnn, 2, 2, new Sgd(0.1), 1);
        assertEquals(2, ModelTransfer.frozenLayerCount(target));
        // fc1: (2 * 12 * 12) * 8 + 8 = 2312, out: 8 * 2 + 2 = 18
        assertEquals(2312 + 18, ModelTransfer.trainableParams(target));
        INDArray conv = cnn.getLayer(0).params().dup();
        INDArray fc1 = target.getLayer(2).params().dup();
        ModelTransfer.fineTuneL2SP(target, images, 2, 4, 0.1, 0.01, 2);
        assertEquals(conv, target.getLayer(0).params());
        assertNotEquals(fc1, target.getLayer(2).params());

        FrozenFeaturizer pooled = new FrozenFeaturizer(cnn, 1);
        assertEquals(-1, pooled.featureCount());
        assertEquals(288, pooled.featurize(images).getFeatures().size(1));
        assertEquals(288, pooled.featureCount());
        assertEquals(8, new FrozenFeaturizer(cnn, 2).featureCount());
    }

    /** Layers by name: "pool1" is index 1, so freezing through it freezes two layers; unknown names list the layers. */
    @Test
    void layersByName() {
        MultiLayerNetwork cnn = TinyData.tinyCnn(3, 5);
        assertEquals(1, ModelTransfer.layerIndex(cnn, "pool1"));
        assertEquals(2, ModelTransfer.frozenLayerCount(ModelTransfer.transfer(cnn, 2, "pool1", new Sgd(0.1), 1)));
        assertEquals(0, ModelTransfer.frozenLayerCount(ModelTransfer.transfer(cnn, 2, (String) null, new Sgd(0.1), 1)));
        assertEquals(new FrozenFeaturizer(cnn, 1).frozenTill(), new FrozenFeaturizer(cnn, "pool1").frozenTill());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new FrozenFeaturizer(cnn, "pool2"));
        assertTrue(e.getMessage().contains("'pool2'") && e.getMessage().contains("[0: conv1, 1: pool1, 2: fc1, 3: out]"),
                e.getMessage());
    }

    @Test
    void invalidInputIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> ModelTransfer.transfer(source, 2, 3, new Adam(), 1));
        assertThrows(IllegalArgumentException.class, () -> ModelTransfer.transfer(source, 2, -1, new Adam(), 1));
        assertThrows(IllegalArgumentException.class, () -> ModelTransfer.transfer(source, 1, 0, new Adam(), 1));
        assertThrows(IllegalArgumentException.class, () -> ModelTransfer.transfer(source, 2, 0, null, 1));
        assertThrows(IllegalArgumentException.class, () -> ModelTransfer.transfer(null, 2, 0, new Adam(), 1));
        MultiLayerNetwork target = ModelTransfer.transfer(source, 2, 1, new Adam(), 1);
        assertThrows(IllegalArgumentException.class, () -> ModelTransfer.transfer(target, 2, 0, new Adam(), 1));
        assertThrows(IllegalArgumentException.class,
                () -> ModelTransfer.fineTuneL2SP(target, targetTrain, 5, 16, -0.1, 0, 1));
        assertThrows(IllegalArgumentException.class,
                () -> ModelTransfer.fineTuneL2SP(target, targetTrain, 5, 16, 0.1, Double.NaN, 1));
        assertThrows(IllegalArgumentException.class, () -> ModelTransfer.fineTune(target, targetTrain, 0, 16, 1));
        assertThrows(IllegalArgumentException.class, () -> ModelTransfer.fineTune(target, targetTrain, 5, 0, 1));
        assertThrows(IllegalArgumentException.class, // 4 label columns for a 2-class head
                () -> ModelTransfer.fineTune(target, TinyData.source(20, 1), 5, 16, 1));
    }
}
