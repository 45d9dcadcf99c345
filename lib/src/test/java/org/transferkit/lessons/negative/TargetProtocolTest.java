package org.transferkit.lessons.negative;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Sgd;
import org.transferkit.Kit;
import org.transferkit.data.ImageDataset;
import org.transferkit.models.Models;
import org.transferkit.training.Trainer;
import org.transferkit.transfer.ModelTransfer;

/** The protocol on tiny 4x4 "images" (Gaussian blobs) and small MLPs, so that it runs in a few seconds. */
class TargetProtocolTest {
    private static ImageDataset pool;
    private static ImageDataset test;
    private static MultiLayerNetwork source;

    /** Class c puts mean 3.5 on pixel c (plus an offset pixel for the 4-class source), unit noise. */
    static ImageDataset blobs(String name, int n, int classes, int offset, long seed) {
        Random random = new Random(seed);
        float[][] pixels = new float[n][16];
        int[] labels = new int[n];
        String[] names = new String[classes];
        for (int c = 0; c < classes; c++) {
            names[c] = "c" + c;
        }
        for (int i = 0; i < n; i++) {
            labels[i] = i % classes;
            for (int j = 0; j < 16; j++) {
                pixels[i][j] = (float) (random.nextGaussian() + (j == labels[i] + offset ? 3.5 : 0));
            }
        }
        return new ImageDataset(name, 4, 4, 1, pixels, labels, names);
    }

    @BeforeAll
    static void setUp() {
        Kit.init();
        pool = blobs("pool", 120, 3, 0, 1);
        test = blobs("test", 300, 3, 0, 2);
        source = Models.mlp(16, new int[] {12, 8}, 4, new Sgd(0.1), 3);
        Trainer.fitSteps(source, blobs("source", 400, 4, 1, 4).toDataSet(), 100, 32, 5);
    }

    private static TargetProtocol protocol(int k, int steps) {
        return new TargetProtocol(pool, test, k, steps, new Sgd(0.1),
                seed -> Models.mlp(16, new int[] {12, 8}, 3, new Sgd(0.1), seed));
    }

    @Test
    void batchIsMinOf32AndClassesTimesK() {
        assertEquals(6, protocol(2, 5).batchSize());
        assertEquals(30, protocol(10, 5).batchSize());
        assertEquals(32, protocol(20, 5).batchSize());
        assertEquals(3, protocol(2, 5).classes());
        DataSet labelled = protocol(2, 5).labelled(9);
        assertEquals(6, labelled.numExamples());
        assertArrayEquals(new float[] {2, 2, 2}, labelled.getLabels().sum(0).toFloatVector(), "k = 2 per class");
    }

    @Test
    void armsAreDeterministicAndScratchLearns() {
        TargetProtocol p = protocol(5, 60);
        double scratch = p.scratch(4);
        assertEquals(scratch, protocol(5, 60).scratch(4));
        assertTrue(scratch < 0.4, "chance is 2/3, scratch error " + scratch);
        assertEquals(p.fineTune(source, 4), protocol(5, 60).fineTune(source, 4));
        assertEquals(p.probe(source, 4), protocol(5, 60).probe(source, 4));
    }

    /*
     * Frozen layers are computed once through TransferLearningHelper; the model must be exactly the one obtained by
     * running the whole network with those layers frozen on the same batches.
     */
    @Test
    void frozenArmsEqualTrainingTheWholeFrozenNetwork() {
        TargetProtocol p = protocol(5, 20);
        for (int frozen = 1; frozen <= 2; frozen++) {
            MultiLayerNetwork net = ModelTransfer.transfer(source, 3, frozen, new Sgd(0.1), 8);
            DataSet train = p.labelled(8);
            for (int[] idx : new SameBatches(train.numExamples(), p.batchSize(), 8).indices(20)) {
                net.fit(SameBatches.rows(train, idx));
            }
            INDArray expected = net.output(p.test().getFeatures(), false);
            INDArray actual = p.fineTuneOutput(source, frozen, 8);
            assertTrue(expected.equalsWithEps(actual, 1e-5), "frozen " + frozen);
        }
        assertEquals(p.fineTune(source, 2, 8), p.probe(source, 8), "the probe freezes all but the head");
    }

    @Test
    void l2spWithZeroPenaltyIsPlainFineTuningAndAStrongPullStaysNearTheSource() {
        TargetProtocol p = protocol(5, 20);
        assertTrue(p.fineTuneOutput(source, 0, 6).equalsWithEps(p.l2spOutput(source, 0, 0, 6), 1e-6));
        assertTrue(!p.fineTuneOutput(source, 0, 6).equalsWithEps(p.l2spOutput(source, 1.0, 0, 6), 1e-6),
                "a penalty changes the model");
    }

    @Test
    void errorCountsWrongArgmaxRows() {
        INDArray out = org.nd4j.linalg.factory.Nd4j.createFromArray(new float[][] {{0.9f, 0.1f}, {0.4f, 0.6f},
            {0.7f, 0.3f}, {0.2f, 0.8f}});
        INDArray labels = org.nd4j.linalg.factory.Nd4j.createFromArray(new float[][] {{1, 0}, {1, 0}, {1, 0}, {0, 1}});
        assertEquals(0.25, TargetProtocol.error(out, labels), 1e-12);
    }

    @Test
    void invalidArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> protocol(0, 5));
        assertThrows(IllegalArgumentException.class, () -> protocol(2, 0));
        assertThrows(IllegalArgumentException.class, () -> new TargetProtocol(pool, blobs("t4", 8, 4, 0, 1), 2, 5,
                new Sgd(0.1), s -> Models.mlp(16, new int[] {4}, 3, new Sgd(0.1), s)));
        assertThrows(IllegalArgumentException.class, () -> new TargetProtocol(pool, test, 2, 5, null,
                s -> Models.mlp(16, new int[] {4}, 3, new Sgd(0.1), s)));
        TargetProtocol wrongWidth = new TargetProtocol(pool, test, 2, 5, new Sgd(0.1),
                s -> Models.mlp(16, new int[] {4}, 5, new Sgd(0.1), s));
        assertThrows(IllegalArgumentException.class, () -> wrongWidth.scratch(1));
        assertThrows(IllegalArgumentException.class, () -> protocol(50, 5).labelled(1), "k larger than the pool");
    }
}
