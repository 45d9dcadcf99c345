package org.transferkit.adaptation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** The hand-written parts of the DANN recipe: plain momentum, the uniform initialisation, the step's loss scaling. */
class DannSgdTest {

    @BeforeAll
    static void floatDefault() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    @Test
    void plainMomentumMatchesHandComputedSteps() {
        // v1 = g1 = (1, -2); w1 = w0 - 0.1 v1 = (0.9, 2.2)
        // v2 = 0.9 v1 + g2 = (0.9 + 0.5, -1.8 + 0.5) = (1.4, -1.3); w2 = w1 - 0.2 v2 = (0.62, 2.46)
        INDArray w = Nd4j.createFromArray(1.0, 2.0);
        PlainMomentum m = new PlainMomentum(0.9);
        m.step(w, Nd4j.createFromArray(1.0, -2.0), 0.1);
        assertArrayEquals(new double[] {0.9, 2.2}, w.toDoubleVector(), 1e-12);
        m.step(w, Nd4j.createFromArray(0.5, 0.5), 0.2);
        assertArrayEquals(new double[] {1.4, -1.3}, m.velocity().toDoubleVector(), 1e-12);
        assertArrayEquals(new double[] {0.62, 2.46}, w.toDoubleVector(), 1e-12);
    }

    @Test
    void plainMomentumRejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> new PlainMomentum(1.0));
        PlainMomentum m = new PlainMomentum(0.5);
        assertThrows(IllegalArgumentException.class,
                () -> m.step(Nd4j.zeros(2), Nd4j.zeros(3), 0.1));
        assertThrows(IllegalArgumentException.class, () -> m.step(Nd4j.zeros(2), Nd4j.zeros(2), 0));
    }

    @Test
    void uniformInitCoversWeightsAndBiasesWithinOneOverSqrtFanIn() {
        ComputationGraph net = DannNetworks.mlp(50, new int[] {20, 8}, 3, new int[] {6}, 1.0, 4);
        for (Layer layer : net.getLayers()) {
            INDArray w = layer.getParam("W");
            INDArray b = layer.getParam("b");
            double bound = (1 + 1e-6) / Math.sqrt(w.size(0));
            assertTrue(Transforms.abs(w, true).maxNumber().doubleValue() <= bound);
            assertTrue(Transforms.abs(b, true).maxNumber().doubleValue() <= bound);
            // biases are drawn too (DL4J's default would be 0)
            assertTrue(Transforms.abs(b, true).maxNumber().doubleValue() > 0);
            // the weights spread over the interval
            assertTrue(Transforms.abs(w, true).maxNumber().doubleValue() > bound / 2);
        }
        ComputationGraph same = DannNetworks.mlp(50, new int[] {20, 8}, 3, new int[] {6}, 1.0, 4);
        assertEquals(net.params(), same.params());
    }

    @Test
    void stepDescendsTheMeanLabelLossPlusTheMeanDomainLoss() {
        // With lambda 0 the step's update is lr times the gradient of (mean label CE over the labelled rows + mean
        // domain BCE over all rows) for the heads, and of the label CE alone for the features (the reversal with
        // lambda 0 lets nothing from the domain head through): compare with central finite differences of these
        // losses, computed from the network's outputs.
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            ComputationGraph net = DannNetworks.mlp(4, new int[] {5}, 3, new int[] {3}, 2.0, 2);
            net = toDouble(net);
            int b = 3;
            INDArray x = Nd4j.rand(DataType.DOUBLE, 2 * b, 4).subi(0.5);
            INDArray y = Nd4j.zeros(DataType.DOUBLE, 2 * b, 3);
            for (int i = 0; i < b; i++) {
                y.putScalar(i, i % 3, 1);
            }
            INDArray d = Nd4j.vstack(Nd4j.zeros(DataType.DOUBLE, b, 1), Nd4j.ones(DataType.DOUBLE, b, 1));
            INDArray mask = Nd4j.vstack(Nd4j.ones(DataType.DOUBLE, b, 1), Nd4j.zeros(DataType.DOUBLE, b, 1));
            INDArray before = net.params().dup();
            double lr = 0.5;
            DannSgd.step(net, new PlainMomentum(0.9), x, y, d, mask, 2 * b, lr);
            INDArray update = before.sub(net.params()).divi(lr);
            net.setParams(before.dup());
            double h = 1e-6;
            double maxErr = 0;
            long featureParams = net.getLayer(DannNetworks.FEATURES).numParams();
            for (int k = 0; k < before.length(); k += 3) {
                boolean feature = k < featureParams;
                INDArray p = before.dup();
                p.putScalar(k, before.getDouble(k) + h);
                net.setParams(p);
                double up = loss(net, x, y, b, !feature);
                p.putScalar(k, before.getDouble(k) - h);
                net.setParams(p);
                double down = loss(net, x, y, b, !feature);
                double fd = (up - down) / (2 * h);
                maxErr = Math.max(maxErr, Math.abs(fd - update.getDouble(k)));
            }
            assertTrue(maxErr < 1e-6, "max |finite difference - update| = " + maxErr);
        } finally {
            Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        }
    }

    private static ComputationGraph toDouble(ComputationGraph net) {
        return net.convertDataType(DataType.DOUBLE);
    }

    /** Mean cross-entropy over the first b (labelled) rows (+ mean binary cross-entropy of the domain over all rows). */
    private static double loss(ComputationGraph net, INDArray x, INDArray y, int b, boolean withDomain) {
        INDArray[] out = net.output(false, x);
        double ce = 0;
        for (int i = 0; i < b; i++) {
            ce -= Math.log(out[0].getDouble(i, y.getRow(i).argMax().getInt(0)));
        }
        double bce = 0;
        for (int i = 0; i < 2 * b; i++) {
            double q = out[1].getDouble(i, 0);
            bce -= Math.log(i < b ? 1 - q : q);
        }
        return ce / b + (withDomain ? bce / (2 * b) : 0);
    }

    @Test
    void gradientReversalBackwardIsMinusLambdaTimesTheIncomingGradient() {
        INDArray g = Nd4j.createFromArray(new float[][] {{1f, -2f}, {0.5f, 3f}});
        INDArray back = GradientReversalVertex.backward(g, 0.25);
        assertArrayEquals(new float[] {-0.25f, 0.5f, -0.125f, -0.75f}, back.ravel().toFloatVector(), 1e-7f);
        assertArrayEquals(new float[] {1f, -2f, 0.5f, 3f}, g.ravel().toFloatVector(), 0f);
    }

    @Test
    void mnistToOptdigitsIsStandardisedWithSourceStatistics() {
        AdaptationShifts.Shift s = AdaptationShifts.mnistToOptdigits28(3);
        INDArray xs = s.sourceTrain().getFeatures();
        assertEquals(784, xs.size(1));
        assertEquals(0, xs.meanNumber().doubleValue(), 1e-4);
        assertEquals(1, xs.stdNumber().doubleValue(), 1e-2);
        assertEquals(6000, xs.size(0), 20);
        assertEquals(1000, s.sourceVal().getFeatures().size(0), 20);
        assertEquals(450, s.targetTest().getFeatures().size(0), 5);
        // an optdigit's blank border (rows 0-3) is the standardised 0
        double zero = s.targetTrain().getFeatures().getDouble(0, 0);
        double mnistZero = xs.minNumber().doubleValue();
        assertEquals(mnistZero, zero, 1e-5);
        // same seed, same split
        assertEquals(s.targetTest().getLabels(), AdaptationShifts.mnistToOptdigits28(3).targetTest().getLabels());
    }
}
