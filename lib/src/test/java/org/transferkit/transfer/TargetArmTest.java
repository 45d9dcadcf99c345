package org.transferkit.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.transferkit.models.Models;

class TargetArmTest {
    private static final int CLASSES = 3;

    private static DataSet data(int n, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.rand(n, 784);
        INDArray y = Nd4j.zeros(n, CLASSES);
        for (int i = 0; i < n; i++) {
            y.putScalar(i, i % CLASSES, 1);
        }
        return new DataSet(x, y);
    }

    private static MultiLayerNetwork source() {
        return Models.lenet5(4, new Adam(1e-3), 11);
    }

    private static INDArray layerParams(MultiLayerNetwork net, String name) {
        return net.getLayer(name).params().dup();
    }

    private static final TargetArm.Probe PROBE = new TargetArm.Probe("probe", "pool2", 400, CLASSES, 1e-2);

    @Test
    void probeKeepsTheTrunkFrozenTrainsANewHeadAndLeavesTheSourceAlone() {
        MultiLayerNetwork source = source();
        INDArray sourceParams = source.params().dup();
        MultiLayerNetwork probe = PROBE.train(source, data(12, 1), 5, 6, 3);
        assertEquals(5, probe.getnLayers(), "conv1, pool1, conv2, pool2, new head");
        assertEquals(layerParams(source, "conv1"), layerParams(probe, "conv1"));
        assertEquals(layerParams(source, "conv2"), layerParams(probe, "conv2"));
        assertEquals(400 * CLASSES + CLASSES, probe.getLayer(4).numParams());
        assertEquals(sourceParams, source.params(), "the source network must not change");
        MultiLayerNetwork untrained = PROBE.build(source, 3 + 1);
        assertNotEquals(untrained.getLayer(4).params(), probe.getLayer(4).params(), "the head was trained");
    }

    @Test
    void theSameSeedGivesTheSameNetwork() {
        MultiLayerNetwork source = source();
        DataSet d = data(12, 2);
        Nd4j.getRandom().setSeed(12345);    // the global generator's state must not matter
        INDArray a = PROBE.train(source, d, 4, 6, 9).params();
        Nd4j.rand(3, 3);
        INDArray b = PROBE.train(source, d, 4, 6, 9).params();
        assertEquals(a, b);
        assertNotEquals(a, PROBE.train(source, d, 4, 6, 10).params());
    }

    @Test
    void fineTuneChangesTheCopiedLayersAndScratchIgnoresTheSource() {
        MultiLayerNetwork source = source();
        DataSet d = data(12, 3);
        MultiLayerNetwork ft = new TargetArm.FineTune("ft", null, CLASSES, 1e-3).train(source, d, 3, 6, 5);
        assertNotEquals(layerParams(source, "conv1"), layerParams(ft, "conv1"));
        TargetArm.Scratch scratch = new TargetArm.Scratch("scratch", (u, s) -> Models.lenet5(CLASSES, u, s), 1e-3);
        INDArray fromA = scratch.train(source, d, 3, 6, 5).params();
        INDArray fromB = scratch.train(Models.lenet5(4, new Adam(1e-3), 99), d, 3, 6, 5).params();
        assertEquals(fromA, fromB);
    }

    @Test
    void probeThenFineTuneStartsFromTheProbeAndThenMovesEveryLayer() {
        MultiLayerNetwork source = source();
        DataSet d = data(12, 4);
        var lpft = new TargetArm.ProbeThenFineTune("lpft", PROBE, 0.5, 1e-4);
        MultiLayerNetwork net = lpft.train(source, d, 6, 6, 7);
        assertEquals(5, net.getnLayers());
        assertNotEquals(layerParams(source, "conv1"), layerParams(net, "conv1"), "the second phase trains the trunk");
        MultiLayerNetwork headOnly = PROBE.train(source, d, 3, 6, 7);
        // the second phase moves the head away from where the probe left it, but starts there: with a tiny rate
        // the head stays close to the probe's
        double distance = headOnly.getLayer(4).params().distance2(net.getLayer(4).params());
        assertTrue(distance > 0 && distance < 0.05, "head distance " + distance);
        assertThrows(IllegalArgumentException.class, () -> new TargetArm.ProbeThenFineTune("x", PROBE, 1.0, 1e-4));
    }
}
