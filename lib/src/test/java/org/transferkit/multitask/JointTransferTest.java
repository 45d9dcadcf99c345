package org.transferkit.multitask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.transferkit.models.Models;
import org.transferkit.training.Trainer;

class JointTransferTest {

    /** {@code n} random 28x28 images with labels cycling through {@code classes} classes. */
    static DataSet images(int n, int classes, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.rand(DataType.FLOAT, n, 784);
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, classes);
        for (int i = 0; i < n; i++) {
            y.putScalar(i, i % classes, 1);
        }
        return new DataSet(x, y);
    }

    static MultiLayerNetwork trainedSource() {
        MultiLayerNetwork source = Models.lenet5(4, new Adam(1e-3), 11);
        Trainer.fitSteps(source, images(24, 4, 1), 3, 8, 2);
        return source;
    }

    @Test
    void theTwoHeadedNetworkStartsFromTheSourcesLayers() {
        MultiLayerNetwork source = trainedSource();
        INDArray before = source.params().dup();
        ComputationGraph graph = JointTransfer.fromSource(source, 3, 1e-3, 5);
        assertEquals(List.of(JointTransfer.SOURCE, JointTransfer.TARGET), HardSharing.taskNames(graph));
        JointTransfer.copiedLayers().forEach((from, to) ->
                assertEquals(source.getLayer(from).params(), graph.getLayer(to).params(), from + " -> " + to));
        assertEquals(3, graph.getLayer(JointTransfer.TARGET).getParam("b").length());
        // the source head on the copied body predicts what the source network predicts
        INDArray x = images(6, 4, 3).getFeatures();
        assertEquals(source.output(x), graph.output(x)[0]);
        new JointTransfer("joint", true, 1.0, 1e-3).train(source, images(24, 4, 1), images(6, 3, 4), 4, 8, 9);
        assertEquals(before, source.params(), "training an arm must not change the source network");
    }

    @Test
    void aSourceWeightOfZeroLeavesTheSourceHeadAsPretrainingLeftIt() {
        MultiLayerNetwork source = trainedSource();
        ComputationGraph fineTuned = new JointTransfer("fine-tune", true, 0, 1e-2)
                .train(source, images(24, 4, 1), images(6, 3, 4), 5, 8, 9);
        assertEquals(source.getLayer("out").params(), fineTuned.getLayer(JointTransfer.SOURCE).params());
        assertNotEquals(source.getLayer("conv1").params(), fineTuned.getLayer("conv1").params());
        ComputationGraph joint = new JointTransfer("joint", true, 1, 1e-2)
                .train(source, images(24, 4, 1), images(6, 3, 4), 5, 8, 9);
        assertNotEquals(source.getLayer("out").params(), joint.getLayer(JointTransfer.SOURCE).params());
        // the same seed gives the same target batches and the same new head: a deterministic arm
        ComputationGraph again = new JointTransfer("joint", true, 1, 1e-2)
                .train(source, images(24, 4, 1), images(6, 3, 4), 5, 8, 9);
        assertEquals(joint.params(), again.params());
    }

    @Test
    void targetOnlyHasNoSourceHead() {
        JointTransfer targetOnly = new JointTransfer("target only", false, 0, 1e-3);
        ComputationGraph graph = targetOnly.train(null, images(24, 4, 1), images(6, 3, 4), 2, 8, 9);
        assertEquals(List.of(JointTransfer.TARGET), HardSharing.taskNames(graph));
        assertEquals(List.of(JointTransfer.SOURCE, JointTransfer.TARGET), HardSharing.taskNames(
                new JointTransfer("joint from scratch", false, 1, 1e-3).build(null, 3, 1)));
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new JointTransfer(" ", true, 1, 1e-3));
        assertThrows(IllegalArgumentException.class, () -> new JointTransfer("a", true, -1, 1e-3));
        assertThrows(IllegalArgumentException.class, () -> new JointTransfer("a", true, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> JointTransfer.fromSource(null, 3, 1e-3, 1));
        assertThrows(IllegalArgumentException.class, () -> Models.lenet5Heads(new String[] {"conv1"}, new int[] {2},
                new Adam(1e-3), 1));
    }
}
