package org.transferkit.lessons.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Nesterovs;

class LessonNetsTest {
    @Test
    void lenet5HasTheClassicWidthsAndNamedLayers() {
        MultiLayerNetwork net = LessonNets.lenet5(5, new Nesterovs(0.01, 0.9), 1);
        String[] names = {"conv1", "pool1", "conv2", "pool2", "fc1", "fc2", "out"};
        assertEquals(names.length, net.getnLayers());
        for (int i = 0; i < names.length; i++) {
            assertEquals(names[i], net.getLayer(i).conf().getLayer().getLayerName());
        }
        // conv1 5*5*6+6, conv2 5*5*6*16+16, fc1 (16*4*4)*120+120, fc2 120*84+84, out 84*5+5
        long expected = 156 + 2416 + 30840 + 10164 + 425;
        assertEquals(expected, net.numParams());
        assertArrayEquals(new long[] {3, 5}, net.output(Nd4j.rand(3, 784)).shape());
        assertEquals(net.params(), LessonNets.lenet5(5, new Nesterovs(0.01, 0.9), 1).params(), "seeded init");
        MultiLayerNetwork zero = LessonNets.lenet5(5, new Nesterovs(0.01, 0.9), 0);
        Nd4j.rand(20, 20);
        assertEquals(zero.params(), LessonNets.lenet5(5, new Nesterovs(0.01, 0.9), 0).params(), "seed 0 too");
    }

    @Test
    void invalidArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> LessonNets.lenet5(1, new Nesterovs(), 1));
        assertThrows(IllegalArgumentException.class, () -> LessonNets.lenet5(5, null, 1));
    }
}
