package org.transferkit.multitask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.transferkit.Kit;

class HeadLearningRatesTest {

    @BeforeAll
    static void setUp() {
        Kit.threads(1, 1);
    }

    private static final List<String> TASKS = List.of("a", "b");

    /** Largest absolute change of a layer's parameters. */
    private static double moved(ComputationGraph before, ComputationGraph after, String layer) {
        INDArray d = after.getLayer(layer).params().sub(before.getLayer(layer).params());
        return d.amaxNumber().doubleValue();
    }

    @Test
    void aHeadTakesAdamStepsOfItsOwnSize() {
        MultiTaskData d = Synthetic.twoTasks(48, 784, 6);
        MlpSetup setup = new MlpSetup(new int[] {8}, 1e-2, 0.0, 1, 8);
        HeadLearningRates slowB = new HeadLearningRates(setup, Map.of("b", 1e-4));
        ComputationGraph start = slowB.graph(3, d, TASKS);
        ComputationGraph g = slowB.graph(3, d, TASKS);
        assertEquals(0.0, start.params().sub(setup.graph(3, d, TASKS).params()).amaxNumber().doubleValue(), 0.0,
                "same initial parameters as the inner set-up");
        assertEquals(1e-4, ((Adam) ((BaseLayer) g.getLayer("b").conf().getLayer()).getIUpdater()).getLearningRate(),
                0.0);
        slowB.train(g, d, 3, TaskWeighting.equal(), null, 0);
        // Adam's first step moves every parameter with a non-negligible gradient by about its learning rate
        assertEquals(1e-2, moved(start, g, "a"), 1e-2 * 1e-3);
        assertEquals(1e-2, moved(start, g, "fc1"), 1e-2 * 1e-3);
        assertEquals(1e-4, moved(start, g, "b"), 1e-4 * 1e-2);
    }

    @Test
    void theSameRateTrainsAsTheInnerSetUp() {
        MultiTaskData d = Synthetic.twoTasks(48, 784, 7);
        MlpSetup setup = new MlpSetup(new int[] {8}, 1e-2, 1e-3, 6, 8);
        ComputationGraph plain = setup.graph(4, d, TASKS);
        setup.train(plain, d, 4, TaskWeighting.equal());
        HeadLearningRates same = new HeadLearningRates(setup, Map.of("b", 1e-2));
        ComputationGraph g = same.graph(4, d, TASKS);
        same.train(g, d, 4, TaskWeighting.equal());
        assertEquals(0.0, plain.params().sub(g.params()).amaxNumber().doubleValue(), 1e-7);
        assertTrue(same.toString().contains("head b learning rate"));
        assertThrows(IllegalArgumentException.class, () -> new HeadLearningRates(setup, Map.of("b", 0.0)));
        assertThrows(IllegalArgumentException.class, () -> new HeadLearningRates(setup, Map.of()));
        assertThrows(IllegalArgumentException.class,
                () -> HeadLearningRates.setLearningRate(plain, "no such layer", 1e-3));
    }
}
