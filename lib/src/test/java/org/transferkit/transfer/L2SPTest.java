package org.transferkit.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Sgd;

class L2SPTest {
    private static MultiLayerNetwork doubleSource;
    private static DataSet doubleBatch;

    @BeforeAll
    static void setUp() {
        // smooth (tanh) network in double precision for finite differences: 4-5-4-3
        doubleSource = TinyData.mlp(4, new int[] {5, 4}, 3, Activation.TANH, new Sgd(0.1), 17, DataType.DOUBLE);
        doubleBatch = TinyData.blobs(6, 4, 2.0, new int[] {0, 1, 0, 1}, 2, 19, DataType.DOUBLE);
    }

    /** A transferred DOUBLE network with the penalty anchored, then moved away from the anchor (seeded). */
    private static MultiLayerNetwork movedTarget(double lr, int frozen) {
        MultiLayerNetwork target = ModelTransfer.transfer(doubleSource, 2, frozen, new Sgd(lr), 23);
        assertEquals(DataType.DOUBLE, target.params().dataType());
        return target;
    }

    private static void perturb(MultiLayerNetwork net, long seed) {
        Random random = new Random(seed);
        INDArray p = net.params();
        for (long i = 0; i < p.length(); i++) {
            if (!ModelTransfer.isFrozen(layerOf(net, i))) {
                p.putScalar(i, p.getDouble(i) + 0.3 * random.nextGaussian());
            }
        }
    }

    private static org.deeplearning4j.nn.api.Layer layerOf(MultiLayerNetwork net, long index) {
        long offset = 0;
        for (int i = 0; i < net.getnLayers(); i++) {
            offset += net.getLayer(i).numParams();
            if (index < offset) {
                return net.getLayer(i);
            }
        }
        throw new IllegalStateException();
    }

    private static double objective(MultiLayerNetwork net, L2SP penalty) {
        return net.score(doubleBatch, false) + penalty.penalty(net);
    }

    /**
     * The full objective J(w) = mean loss + Omega(w): its gradient, as the training step applies it (one SGD step with
     * lr = 1 moves w by exactly -grad J), against central finite differences in double precision.
     */
    @Test
    void stepGradientMatchesFiniteDifferencesOfLossPlusPenalty() {
        MultiLayerNetwork net = movedTarget(1.0, 0);
        L2SP penalty = L2SP.anchoredAt(net, 0.7, 0.3);
        perturb(net, 29);
        assertTrue(penalty.penalty(net) > 0.1, "the test needs a non-zero penalty");
        INDArray w = net.params().dup();
        penalty.step(net, doubleBatch);
        INDArray analytic = w.sub(net.params()).reshape(w.length());
        net.setParams(w.dup());

        double h = 1e-6;
        double maxRelative = 0;
        for (int i = 0; i < w.length(); i++) {
            double original = net.params().getDouble(i);
            net.params().putScalar(i, original + h);
            double plus = objective(net, penalty);
            net.params().putScalar(i, original - h);
            double minus = objective(net, penalty);
            net.params().putScalar(i, original);
            double numeric = (plus - minus) / (2 * h);
            double a = analytic.getDouble(i);
            double relative = Math.abs(a - numeric) / Math.max(Math.abs(a) + Math.abs(numeric), 1e-8);
            maxRelative = Math.max(maxRelative, relative);
        }
        System.out.println("L2-SP objective gradient vs finite differences: max relative error " + maxRelative);
        assertTrue(maxRelative < 1e-6, "max relative error " + maxRelative);
    }

    /** The penalty's own gradient against finite differences of Omega (frozen layer 0 gets no gradient). */
    @Test
    void penaltyGradientMatchesFiniteDifferences() {
        MultiLayerNetwork net = movedTarget(0.1, 1);
        L2SP penalty = L2SP.anchoredAt(net, 1.3, 0.4);
        perturb(net, 31);
        INDArray analytic = penalty.gradient(net);
        double h = 1e-6;
        double maxAbs = 0;
        for (int i = 0; i < analytic.length(); i++) {
            double original = net.params().getDouble(i);
            net.params().putScalar(i, original + h);
            double plus = penalty.penalty(net);
            net.params().putScalar(i, original - h);
            double minus = penalty.penalty(net);
            net.params().putScalar(i, original);
            maxAbs = Math.max(maxAbs, Math.abs((plus - minus) / (2 * h) - analytic.getDouble(i)));
        }
        assertTrue(maxAbs < 1e-7, "max abs error " + maxAbs);
        long frozen = net.getLayer(0).numParams();
        for (int i = 0; i < frozen; i++) {
            assertEquals(0.0, analytic.getDouble(i), "frozen layer 0 has no penalty gradient");
        }
    }

    /** One SGD step with (alpha, beta) minus one with (0, 0) is exactly -lr (alpha (w - w_src) + beta w_head). */
    @Test
    void penaltyEntersTheUpdateExactly() {
        double lr = 0.1;
        double alpha = 0.5;
        double beta = 0.2;
        MultiLayerNetwork a = movedTarget(lr, 0);
        L2SP withPenalty = L2SP.anchoredAt(a, alpha, beta);
        perturb(a, 37);
        MultiLayerNetwork b = a.clone();
        L2SP without = L2SP.anchoredAt(b, 0, 0);
        INDArray expected = withPenalty.gradient(a).muli(-lr);
        withPenalty.step(a, doubleBatch);
        without.step(b, doubleBatch);
        INDArray difference = a.params().sub(b.params()).reshape(expected.length());
        assertTrue(difference.equalsWithEps(expected, 1e-12), "difference " + difference + " expected " + expected);
    }

    /** alpha = beta = 0 is plain fine-tuning (net.fit) step for step, including Adam's state and bias correction. */
    @Test
    void zeroPenaltyEqualsPlainFineTuning() {
        MultiLayerNetwork source = TinyData.trainedSource();
        DataSet train = TinyData.target(70, 41); // 70 is not a multiple of 16: reshuffles mid-way
        MultiLayerNetwork plain = ModelTransfer.transfer(source, 2, 1, new Adam(1e-2), 5);
        MultiLayerNetwork penalised = plain.clone();
        double[] lossPlain = ModelTransfer.fineTune(plain, train, 8, 16, 43);
        double[] lossPenalised = ModelTransfer.fineTuneL2SP(penalised, train, 8, 16, 0, 0, 43);
        assertTrue(plain.params().equalsWithEps(penalised.params(), 1e-6),
                "max difference " + plain.params().sub(penalised.params()).amaxNumber());
        for (int s = 0; s < 8; s++) {
            assertEquals(lossPlain[s], lossPenalised[s], 1e-5, "step " + s);
        }
        assertEquals(plain.getIterationCount(), penalised.getIterationCount());
    }

    @Test
    void penaltyIsZeroAtTheAnchorExceptForTheHead() {
        MultiLayerNetwork net = movedTarget(0.1, 0);
        L2SP onlyAlpha = L2SP.anchoredAt(net, 1.0, 0.0);
        assertEquals(0.0, onlyAlpha.penalty(net));
        L2SP onlyBeta = L2SP.anchoredAt(net, 0.0, 2.0);
        INDArray head = net.getLayer(2).params();
        assertEquals(head.mul(head).sumNumber().doubleValue(), onlyBeta.penalty(net), 1e-12);
        assertTrue(Nd4j.zeros(1).sumNumber().doubleValue() == 0);
    }
}
