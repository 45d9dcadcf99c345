package org.transferkit.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.transferkit.data.ImageDataset;
import org.transferkit.models.Models;

class KShotProtocolTest {
    /** 3 classes x 8 images of random pixels: enough to sample k <= 8 per class. */
    private static ImageDataset pool() {
        java.util.Random r = new java.util.Random(5);
        float[][] px = new float[24][784];
        int[] labels = new int[24];
        for (int i = 0; i < 24; i++) {
            labels[i] = i % 3;
            for (int j = 0; j < 784; j++) {
                px[i][j] = r.nextFloat();
            }
        }
        return new ImageDataset("tiny", 28, 28, 1, px, labels, new String[] {"a", "b", "c"});
    }

    @Test
    void everyArmOfASeedSeesTheSameImagesAndTheSameSeedGivesTheSameAccuracy() {
        ImageDataset pool = pool();
        DataSet eval = pool.toDataSet();
        KShotProtocol protocol = new KShotProtocol(pool, eval, 4, 32);
        assertEquals(protocol.sample(2, 9).getFeatures(), protocol.sample(2, 9).getFeatures());
        assertNotEquals(protocol.sample(2, 9).getFeatures(), protocol.sample(2, 10).getFeatures());
        assertEquals(6, protocol.sample(2, 9).numExamples());
        assertEquals(6, protocol.batchSize(6));
        assertEquals(32, protocol.batchSize(500));
        MultiLayerNetwork source = Models.lenet5(4, new Adam(1e-3), 1);
        var probe = new TargetArm.Probe("probe", "pool2", 400, 3, 1e-2);
        double a = protocol.accuracy(probe, source, 2, 9);
        double b = protocol.accuracy(probe, source, 2, 9);
        assertEquals(a, b, "deterministic, and freeing the trained network's memory leaves the source usable");
        assertTrue(a >= 0 && a <= 1);
        assertEquals(protocol.train(probe, source, 2, 9).params(), protocol.train(probe, source, 2, 9).params());
    }
}
