package org.transferkit.lessons.negative;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.transferkit.Kit;
import org.transferkit.data.ImageDataset;

class AdversarialSourceTest {

    /* The copied LeNet computes exactly the DANN graph's label output. */
    @Test
    void copiedLenetGivesTheGraphsLabelOutput() {
        Kit.init();
        ComputationGraph graph = AdversarialSource.trainer(2, 3, 8, 0.01, 4).newNetwork();
        MultiLayerNetwork net = AdversarialSource.toLenet(graph, 2, 0.01, 9);
        INDArray x = PretrainedSourceTest.squares("x", 6, 3).toDataSet().getFeatures();
        INDArray expected = graph.output(false, x)[0];
        INDArray actual = net.output(x, false);
        assertArrayEquals(expected.reshape(expected.length()).toFloatVector(), actual.reshape(actual.length()).toFloatVector(), 1e-5f);
    }

    @Test
    void dannAndItsControlShareEverythingButLambdaAndAreSeeded() {
        Kit.init();
        GradedSources.Source source = new GradedSources.Source("src", "test",
                PretrainedSourceTest.squares("src", 16, 1), PretrainedSourceTest.squares("src test", 8, 2));
        ImageDataset pool = PretrainedSourceTest.squares("pool", 16, 3);
        ImageDataset test = PretrainedSourceTest.squares("test", 8, 4);
        Map<String, AdversarialSource.Result> a = AdversarialSource.trainWithControl(source, pool, test, 3, 8, 0.01, 5, 2);
        Map<String, AdversarialSource.Result> b = AdversarialSource.trainWithControl(source, pool, test, 3, 8, 0.01, 5, 1);
        assertEquals(1.0, a.get("DANN").lambdaMax());
        assertEquals(0.0, a.get("control").lambdaMax());
        assertEquals("src, DANN", a.get("DANN").pretrained().name());
        assertEquals("src, lambda 0", a.get("control").pretrained().name());
        for (String key : a.keySet()) {
            AdversarialSource.Result r = a.get(key);
            assertTrue(r.targetAccuracy() >= 0 && r.targetAccuracy() <= 1 && r.domainAccuracy() >= 0
                    && r.domainAccuracy() <= 1, key + ": " + r);
            // the same seed gives the same network, whatever the number of threads
            assertArrayEquals(r.pretrained().net().params().toFloatVector(),
                    b.get(key).pretrained().net().params().toFloatVector(), 0f);
            assertEquals(r.targetAccuracy(), b.get(key).targetAccuracy());
        }
        assertThrows(IllegalArgumentException.class,
                () -> AdversarialSource.trainWithControl(source, pool, test, 0, 8, 0.01, 5, 1));
        assertThrows(IllegalArgumentException.class,
                () -> AdversarialSource.trainWithControl(null, pool, test, 3, 8, 0.01, 5, 1));
    }
}
