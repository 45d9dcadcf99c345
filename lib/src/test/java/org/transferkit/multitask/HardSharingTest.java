package org.transferkit.multitask;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.transferkit.Kit;

class HardSharingTest {

    @BeforeAll
    static void setUp() {
        Kit.threads(1, 1); // tiny networks: one thread is faster and stable on a shared machine
    }

    private static ComputationGraph mlp(long seed) {
        return HardSharing.builder().mlpTrunk(6, 8, 5).task("a", 3).task("b", 2, 0.5)
                .updater(new Sgd(0.1)).seed(seed).dataType(DataType.DOUBLE).build();
    }

    private static MultiDataSet batch(ComputationGraph g, int n, long seed) {
        return Synthetic.twoTasks(n, 6, seed).castTo(DataType.DOUBLE).toMultiDataSet(HardSharing.taskNames(g));
    }

    /** Full flattened gradient (sum over the batch, as DL4J leaves it in the view) for the given weights. */
    private static INDArray gradient(ComputationGraph g, MultiDataSet b, double... w) {
        HardSharing.setTaskWeights(g, w);
        g.setInputs(b.getFeatures());
        g.setLabels(b.getLabels());
        g.setLayerMaskArrays(null, b.getLabelsMaskArrays());
        g.computeGradientAndScore();
        INDArray out = g.getFlattenedGradients().dup();
        g.clearLayerMaskArrays();
        g.clearLayersStates();
        return out;
    }

    private static INDArray layerGradient(ComputationGraph g, String layer) {
        return g.getLayer(layer).getGradientsViewArray().dup();
    }

    @Test
    void structureNamesAndWeights() {
        ComputationGraph g = mlp(1);
        assertEquals(List.of("a", "b"), HardSharing.taskNames(g));
        assertEquals(List.of("fc1", "fc2"), HardSharing.sharedLayerNames(g));
        assertArrayEquals(new double[] {1.0, 0.5}, HardSharing.taskWeights(g));
        HardSharing.setTaskWeight(g, "a", 2.0);
        assertEquals(2.0, HardSharing.taskWeight(g, "a"));
        INDArray[] out = g.output(Nd4j.rand(DataType.DOUBLE, 4, 6));
        assertArrayEquals(new long[] {4, 3}, out[0].shape());
        assertArrayEquals(new long[] {4, 2}, out[1].shape());
        assertEquals(1.0, out[0].getRow(0).sumNumber().doubleValue(), 1e-9);
    }

    @Test
    void l2PenalisesAllWeights() {
        ComputationGraph g = HardSharing.builder().mlpTrunk(6, 8).task("a", 3).task("b", 2).l2(0.1)
                .updater(new Sgd(0.1)).seed(2).dataType(DataType.DOUBLE).build();
        double sumSq = 0;
        for (String layer : List.of("fc1", "a", "b")) {
            double n = g.getLayer(layer).getParam("W").norm2Number().doubleValue();
            sumSq += n * n;
        }
        assertEquals(0.5 * 0.1 * sumSq, g.calcRegularizationScore(true), 1e-10);
        assertEquals(0.0, mlp(1).calcRegularizationScore(true), 0.0);
        assertThrows(IllegalArgumentException.class, () -> HardSharing.builder().l2(-0.1));
    }

    @Test
    void invalidInputsAreRejected() {
        ComputationGraph g = mlp(1);
        assertThrows(IllegalArgumentException.class, () -> HardSharing.setTaskWeight(g, "nope", 1.0));
        assertThrows(IllegalArgumentException.class, () -> HardSharing.setTaskWeight(g, "a", -1.0));
        assertThrows(IllegalArgumentException.class, () -> HardSharing.setTaskWeight(g, "a", Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> HardSharing.setTaskWeights(g, 1.0));
        assertThrows(IllegalArgumentException.class, () -> HardSharing.builder().task("a", 2).build());
        assertThrows(IllegalArgumentException.class, () -> HardSharing.builder().mlpTrunk(4, 3).build());
        assertThrows(IllegalArgumentException.class,
                () -> HardSharing.builder().mlpTrunk(4, 3).task("fc1", 2).build());
        assertThrows(IllegalArgumentException.class, () -> HardSharing.builder().task("a", 2).task("a", 3));
        assertThrows(IllegalArgumentException.class, () -> HardSharing.builder().task("a", 1));
    }

    @Test
    void zeroWeightHeadGivesNoGradient() {
        ComputationGraph g = mlp(2);
        MultiDataSet b = batch(g, 16, 3);
        // labels of task a replaced by other labels: with w_a = 0 nothing may change
        MultiDataSet other = b.copy();
        INDArray shuffled = other.getLabels(0).dup();
        for (int i = 0; i < 16; i++) {
            other.getLabels(0).getRow(i).assign(shuffled.getRow((i + 5) % 16));
        }
        assertNotEquals(b.getLabels(0), other.getLabels(0));

        gradient(g, b, 0.0, 1.0);
        INDArray trunk1 = layerGradient(g, "fc1");
        INDArray headA = layerGradient(g, "a");
        gradient(g, other, 0.0, 1.0);
        INDArray trunk2 = layerGradient(g, "fc1");
        assertEquals(trunk1, trunk2, "trunk gradient must not depend on a zero-weight task's labels");
        assertEquals(0.0, headA.amaxNumber().doubleValue(), 0.0, "zero-weight head gets no gradient");

        gradient(g, b, 0.0, 0.0);
        assertEquals(0.0, layerGradient(g, "fc1").amaxNumber().doubleValue(), 0.0);
        assertEquals(0.0, layerGradient(g, "fc2").amaxNumber().doubleValue(), 0.0);
        // the zero-weight task's score is 0
        assertEquals(0.0, g.getOutputLayer(0).score(), 0.0);
    }

    @Test
    void gradientIsLinearInTheWeights() {
        ComputationGraph g = mlp(4);
        MultiDataSet b = batch(g, 12, 5);
        INDArray ga = gradient(g, b, 1.0, 0.0);
        INDArray gb = gradient(g, b, 0.0, 1.0);
        INDArray mix = gradient(g, b, 0.3, 1.7);
        INDArray expected = ga.mul(0.3).addi(gb.mul(1.7));
        assertTrue(mix.sub(expected).amaxNumber().doubleValue() < 1e-12, "w_a g_a + w_b g_b");
    }

    @Test
    void weightsTravelWithTheConfiguration() {
        ComputationGraph g = mlp(5);
        HardSharing.setTaskWeight(g, "b", 0.25);
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(g.getConfiguration().toJson());
        LayerVertex v = (LayerVertex) back.getVertices().get("b");
        BaseOutputLayer b = (BaseOutputLayer) v.getLayerConf().getLayer();
        assertTrue(b.getLossFn() instanceof WeightedLoss);
        assertEquals(0.25, ((WeightedLoss) b.getLossFn()).weight());
    }

    @Test
    void lenetTrunkOnFlat28x28() {
        ComputationGraph g = HardSharing.builder().lenetTrunk(2, 3, 8).task("digit", 10).task("parity", 2)
                .updater(new Sgd(0.01)).seed(7).build();
        assertEquals(List.of("conv1", "conv2", "fc1"), HardSharing.sharedLayerNames(g));
        INDArray x = Nd4j.rand(DataType.FLOAT, 3, 784);
        INDArray[] out = g.output(x);
        assertArrayEquals(new long[] {3, 10}, out[0].shape());
        assertArrayEquals(new long[] {3, 2}, out[1].shape());
        INDArray y1 = Synthetic.oneHot(new int[] {1, 2, 3}, 10, DataType.FLOAT);
        INDArray y2 = Synthetic.oneHot(new int[] {1, 0, 1}, 2, DataType.FLOAT);
        g.fit(new MultiDataSet(new INDArray[] {x}, new INDArray[] {y1, y2}));
        assertTrue(Double.isFinite(g.score()));
    }
}
