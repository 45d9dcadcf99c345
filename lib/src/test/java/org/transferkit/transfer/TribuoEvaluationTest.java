package org.transferkit.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.tribuo.classification.evaluation.LabelEvaluation;
import org.transferkit.training.Trainer;

class TribuoEvaluationTest {
    @Test
    void aNetworkIsReportedLikeATribuoModel() {
        MultiLayerNetwork net = ModelTransfer.transfer(TinyData.trainedSource(), 2, 1, new Adam(5e-2), 3);
        ModelTransfer.fineTune(net, TinyData.target(120, 21), 15, 16, 9);
        DataSet test = TinyData.target(90, 22);
        String[] names = {"low", "high"};
        LabelEvaluation evaluation = TribuoEvaluation.evaluate(net, test, names, "tiny target test");
        assertEquals(Trainer.accuracy(net, test), evaluation.accuracy(), 1e-12);
        int[][] confusion = TribuoEvaluation.confusion(evaluation, names);
        int[][] expected = Trainer.confusion(net, test);
        for (int t = 0; t < 2; t++) {
            assertArrayEquals(expected[t], confusion[t], "row " + t);
        }
        assertEquals(90, confusion[0][0] + confusion[0][1] + confusion[1][0] + confusion[1][1]);
        assertTrue(evaluation.toString().contains("high"));
    }

    @Test
    void invalidInputIsRejected() {
        MultiLayerNetwork net = TinyData.trainedSource(); // 4 outputs
        DataSet test = TinyData.target(10, 1);             // 2 classes
        assertThrows(IllegalArgumentException.class, () -> TribuoEvaluation.evaluate(net, test, new String[] {"a", "b"}, "x"));
        assertThrows(IllegalArgumentException.class, () -> TribuoEvaluation.confusion(null, new String[] {"a"}));
    }
}
