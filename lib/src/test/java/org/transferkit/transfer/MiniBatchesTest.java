package org.transferkit.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.transferkit.Kit;
import org.transferkit.training.Trainer;

class MiniBatchesTest {

    private static MultiLayerNetwork softmax() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(3).updater(new Sgd(0.1))
                .list().layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(4).nOut(3)
                        .activation(Activation.SOFTMAX).build()).build());
        net.init();
        return net;
    }

    /** A loop over MiniBatches trains exactly as Trainer.fitSteps with the same seed (batches carry over passes). */
    @Test
    void givesTheTrainersBatches() {
        Kit.init();
        Nd4j.getRandom().setSeed(11);
        DataSet data = new DataSet(Nd4j.rand(DataType.FLOAT, 10, 4),
                Nd4j.eye(3).castTo(DataType.FLOAT).getRows(0, 1, 2, 0, 1, 2, 0, 1, 2, 0));
        MultiLayerNetwork byTrainer = softmax(), byLoop = softmax();
        Trainer.fitSteps(byTrainer, data, 7, 4, 5);   // 7 batches of 4 from 10 rows: the batches straddle passes
        MiniBatches batches = new MiniBatches(data, 4, 5);
        for (int s = 0; s < 7; s++) {
            byLoop.fit(batches.next());
        }
        assertEquals(byTrainer.params(), byLoop.params());
    }
}
