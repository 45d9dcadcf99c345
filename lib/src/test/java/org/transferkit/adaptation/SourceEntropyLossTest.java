package org.transferkit.adaptation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

class SourceEntropyLossTest {

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @AfterAll
    static void restoreFloat() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    private static INDArray preOutput() {
        Random rnd = new Random(5);
        INDArray z = Nd4j.create(DataType.DOUBLE, 6, 3);
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 3; j++) {
                z.putScalar(i, j, 2 * rnd.nextGaussian());
            }
        }
        return z;
    }

    /** Rows 0-3 labelled, rows 4-5 unlabelled (all zero). */
    private static INDArray labels() {
        INDArray y = Nd4j.zeros(DataType.DOUBLE, 6, 3);
        y.putScalar(0, 0, 1);
        y.putScalar(1, 2, 1);
        y.putScalar(2, 1, 1);
        y.putScalar(3, 2, 1);
        return y;
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        SourceEntropyLoss loss = new SourceEntropyLoss(0.3);
        INDArray z = preOutput();
        INDArray y = labels();
        ActivationSoftmax softmax = new ActivationSoftmax();
        INDArray grad = loss.computeGradient(y, z.dup(), softmax, null);
        double h = 1e-6;
        double maxRel = 0;
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 3; j++) {
                INDArray zp = z.dup();
                zp.putScalar(i, j, z.getDouble(i, j) + h);
                INDArray zm = z.dup();
                zm.putScalar(i, j, z.getDouble(i, j) - h);
                double fd = (loss.computeScore(y, zp, softmax, null, false) - loss.computeScore(y, zm, softmax, null,
                        false)) / (2 * h);
                double a = grad.getDouble(i, j);
                double denom = Math.abs(a) + Math.abs(fd);
                maxRel = Math.max(maxRel, denom < 1e-10 ? 0 : Math.abs(a - fd) / denom);
            }
        }
        assertTrue(maxRel < 1e-6, "max relative error " + maxRel);
    }

    @Test
    void withoutEntropyItEqualsTheMaskedCrossEntropy() {
        INDArray z = preOutput();
        INDArray y = labels();
        // the trainer's mask: n / nLabelled on labelled rows, 0 on the others
        INDArray mask = Nd4j.create(new double[][] {{1.5}, {1.5}, {1.5}, {1.5}, {0}, {0}});
        ActivationSoftmax softmax = new ActivationSoftmax();
        double ours = new SourceEntropyLoss(0).computeScore(y, z.dup(), softmax, null, true);
        double dl4j = new LossMCXENT().computeScore(y, z.dup(), softmax, mask, true);
        assertEquals(dl4j, ours, 1e-9);
        INDArray gOurs = new SourceEntropyLoss(0).computeGradient(y, z.dup(), softmax, null);
        INDArray gDl4j = new LossMCXENT().computeGradient(y, z.dup(), softmax, mask);
        assertEquals(0, gOurs.sub(gDl4j).amaxNumber().doubleValue(), 1e-9);
    }

    @Test
    void serialisesInsideANetworkConfiguration() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().graphBuilder().addInputs("in")
                .setInputTypes(InputType.feedForward(4))
                .addLayer("out", new OutputLayer.Builder(new SourceEntropyLoss(0.25)).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "in")
                .setOutputs("out").build();
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(conf.toJson());
        assertEquals(conf, back);
    }

    @Test
    void rejectsBadUse() {
        assertThrows(IllegalArgumentException.class, () -> new SourceEntropyLoss(-1));
        assertThrows(IllegalArgumentException.class,
                () -> new SourceEntropyLoss(1).computeGradient(labels(), preOutput(), new ActivationSigmoid(), null));
    }
}
