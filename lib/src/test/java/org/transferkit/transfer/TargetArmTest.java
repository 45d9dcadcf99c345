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

    /** n random 28x28 images, labels cycling through the classes. */
    private static org.transferkit.data.ImageDataset images(int n, long seed) {
        java.util.Random random = new java.util.Random(seed);
        float[][] pixels = new float[n][784];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 784; j++) {
                pixels[i][j] = random.nextFloat();
            }
            labels[i] = i % CLASSES;
        }
        return new org.transferkit.data.ImageDataset("random images", 28, 28, 1, pixels, labels, new String[] {"a", "b", "c"});
    }

    private static double copiedDrift(MultiLayerNetwork source, MultiLayerNetwork net) {
        double sum = 0;
        for (String layer : new String[] {"conv1", "conv2", "fc1", "fc2"}) {
            INDArray d = net.getLayer(layer).params().sub(source.getLayer(layer).params());
            sum += d.mul(d).sumNumber().doubleValue();
        }
        return sum;
    }

    @Test
    void l2spWithAlphaZeroIsPlainFineTuning() {
        MultiLayerNetwork source = source();
        DataSet d = data(12, 5);
        INDArray plain = new TargetArm.FineTune("ft", null, CLASSES, 1e-3).train(source, d, 4, 6, 8).params();
        INDArray l2sp = new TargetArm.FineTuneL2SP("l2sp", 0, CLASSES, 1e-3).train(source, d, 4, 6, 8).params();
        assertEquals(0, plain.distance2(l2sp), 1e-5);
    }

    @Test
    void aLargeAlphaKeepsTheCopiedWeightsNearTheSource() {
        MultiLayerNetwork source = source();
        DataSet d = data(12, 6);
        double plain = copiedDrift(source, new TargetArm.FineTune("ft", null, CLASSES, 1e-2).train(source, d, 20, 6, 8));
        double pulled = copiedDrift(source, new TargetArm.FineTuneL2SP("l2sp", 10, CLASSES, 1e-2).train(source, d, 20, 6, 8));
        assertTrue(plain > 0 && pulled < 0.5 * plain, "squared drift: plain " + plain + ", L2-SP alpha 10 " + pulled);
    }

    @Test
    void theL2spPenaltyIsAlphaTimesTheSumOfSquaredDriftsOfTheCopiedParameters() {
        MultiLayerNetwork source = source();
        var arm = new TargetArm.FineTuneL2SP("l2sp", 0.3, CLASSES, 1e-3);
        MultiLayerNetwork net = arm.build(source, 2);
        L2SP penalty = arm.penalty(net);
        assertEquals(0, penalty.penalty(net), 0);
        // move one copied weight (fc1) by 0.5 and one head weight by 2: the head is not penalised
        net.getLayer("fc1").getParam("W").putScalar(0, 0, net.getLayer("fc1").getParam("W").getDouble(0, 0) + 0.5);
        net.getLayer("out").getParam("W").putScalar(0, 0, net.getLayer("out").getParam("W").getDouble(0, 0) + 2);
        assertEquals(0.3 * 0.25, penalty.penalty(net), 1e-6);
        assertEquals(2 * 0.3 * 0.5, penalty.gradient(net).maxNumber().doubleValue(), 1e-6);
        assertThrows(IllegalArgumentException.class, () -> new TargetArm.FineTuneL2SP("x", -1, CLASSES, 1e-3));
    }

    @Test
    void aCheckpointCurveEqualsSeparateRunsOfEachBudget() {
        MultiLayerNetwork source = source();
        org.transferkit.data.ImageDataset pool = images(30, 3);
        KShotProtocol twoSteps = new KShotProtocol(pool, pool.toDataSet(), 2, 4);
        KShotProtocol fiveSteps = new KShotProtocol(pool, pool.toDataSet(), 5, 4);
        for (TargetArm arm : new TargetArm[] {
                new TargetArm.Scratch("scratch", (u, s) -> Models.lenet5(CLASSES, u, s), 1e-2),
                new TargetArm.FineTune("ft", null, CLASSES, 1e-2),
                new TargetArm.FineTuneL2SP("l2sp", 0.1, CLASSES, 1e-2), PROBE}) {
            double[] curve = twoSteps.accuracyCurve(arm, source, 3, 9, 2, 5);
            assertEquals(twoSteps.accuracy(arm, source, 3, 9), curve[0], 1e-9, arm.name());
            assertEquals(fiveSteps.accuracy(arm, source, 3, 9), curve[1], 1e-9, arm.name());
        }
        assertThrows(IllegalArgumentException.class, () -> twoSteps.accuracyCurve(PROBE, source, 3, 9, 5, 2));
    }
}
