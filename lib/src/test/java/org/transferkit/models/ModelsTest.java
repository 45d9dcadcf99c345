package org.transferkit.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Sgd;

class ModelsTest {

    static List<String> names(MultiLayerNetwork net) {
        List<String> n = new ArrayList<>();
        for (int i = 0; i < net.getnLayers(); i++) {
            n.add(net.getLayerWiseConfigurations().getConf(i).getLayer().getLayerName());
        }
        return n;
    }

    @Test
    void mlpHasNamedLayersAndShapes() {
        MultiLayerNetwork net = Models.mlp(784, new int[] {32, 16}, 10, new Adam(1e-3), 1);
        assertEquals(List.of("fc1", "fc2", "out"), names(net));
        INDArray out = net.output(Nd4j.rand(DataType.FLOAT, 3, 784));
        assertArrayEquals(new long[] {3, 10}, out.shape());
        assertEquals(DataType.FLOAT, out.dataType());
        assertEquals(List.of("out"), names(Models.mlp(4, new int[0], 2, new Sgd(0.1), 1)));
    }

    @Test
    void sameSeedSameWeights() {
        MultiLayerNetwork a = Models.mlp(20, new int[] {8}, 3, new Adam(1e-3), 7);
        MultiLayerNetwork b = Models.mlp(20, new int[] {8}, 3, new Adam(1e-3), 7);
        MultiLayerNetwork c = Models.mlp(20, new int[] {8}, 3, new Adam(1e-3), 8);
        assertEquals(a.params(), b.params());
        assertEquals(false, a.params().equals(c.params()));
    }

    @Test
    void lenetAcceptsFlatImages() {
        MultiLayerNetwork net = Models.lenet(5, new Adam(1e-3), 1);
        assertEquals(List.of("conv1", "pool1", "conv2", "pool2", "fc1", "out"), names(net));
        assertArrayEquals(new long[] {2, 5}, net.output(Nd4j.rand(DataType.FLOAT, 2, 784)).shape());
    }

    @Test
    void autoencoderMirrorsEncoder() {
        MultiLayerNetwork net = Models.autoencoder(784, new int[] {64, 8}, new Adam(1e-3), 1);
        assertEquals(List.of("enc1", "enc2", "dec1", "out"), names(net));
        INDArray out = net.output(Nd4j.rand(DataType.FLOAT, 2, 784));
        assertArrayEquals(new long[] {2, 784}, out.shape());
        assertEquals(1.0, out.maxNumber().doubleValue(), 1.0); // sigmoid range
        assertEquals(8, net.getLayer("enc2").getParam("b").length());
    }

    @Test
    void invalidArguments() {
        assertThrows(IllegalArgumentException.class, () -> Models.mlp(0, new int[] {4}, 2, new Adam(), 1));
        assertThrows(IllegalArgumentException.class, () -> Models.mlp(4, new int[] {0}, 2, new Adam(), 1));
        assertThrows(IllegalArgumentException.class, () -> Models.mlp(4, null, 2, new Adam(), 1));
        assertThrows(IllegalArgumentException.class, () -> Models.mlp(4, new int[] {4}, 2, null, 1));
        assertThrows(IllegalArgumentException.class, () -> Models.lenet(0, new Adam(), 1));
        assertThrows(IllegalArgumentException.class, () -> Models.autoencoder(784, new int[0], new Adam(), 1));
    }
}
