package org.transferkit.multitask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.transferkit.Kit;

class LenetSetupTest {

    @BeforeAll
    static void init() {
        Kit.init();
    }

    @Test
    void buildsTheLenetTrunkWithOneHeadPerTaskAndTheL2Penalty() {
        MultiTaskData data = ObjectScene.disjoint(StudyTest.fakeFashion(200, 1), 20, 100, 3);
        LenetSetup setup = new LenetSetup(1e-3, 1e-4, 5, 8);
        ComputationGraph g = setup.graph(7, data, List.of(ObjectScene.OBJECT, ObjectScene.SCENE));
        assertEquals(List.of(ObjectScene.OBJECT, ObjectScene.SCENE), HardSharing.taskNames(g));
        assertEquals(List.of("conv1", "conv2", "fc1", "fc2"), HardSharing.sharedLayerNames(g)); // layers with parameters
        assertEquals(10, g.getOutputLayer(0).getParam("W").size(1));
        assertEquals(3, g.getOutputLayer(1).getParam("W").size(1));
        BaseLayer conv1 = (BaseLayer) g.getLayer("conv1").conf().getLayer();
        assertTrue(conv1.getRegularization().stream().anyMatch(r -> r instanceof L2Regularization),
                "the L2 penalty reaches the trunk");
        // without L2 it is the network of Models.lenet5Heads, parameter for parameter
        ComputationGraph plain = new LenetSetup(1e-3, 0.0, 5, 8).graph(7, data, List.of(ObjectScene.OBJECT));
        assertEquals(org.transferkit.models.Models.lenet5Heads(new String[] {ObjectScene.OBJECT}, new int[] {10},
                new org.nd4j.linalg.learning.config.Adam(1e-3), 7).params(), plain.params());

        MultiTaskTrainResult r = setup.train(g, data, 7, TaskWeighting.equal());
        assertEquals(5, r.steps());
        assertTrue(Double.isFinite(r.finalTaskLoss(ObjectScene.SCENE, 5)));
    }

    @Test
    void rejectsBadSettings() {
        assertThrows(IllegalArgumentException.class, () -> new LenetSetup(0, 0, 5, 8));
        assertThrows(IllegalArgumentException.class, () -> new LenetSetup(1e-3, -1, 5, 8));
        assertThrows(IllegalArgumentException.class, () -> new LenetSetup(1e-3, 0, 0, 8));
    }
}
