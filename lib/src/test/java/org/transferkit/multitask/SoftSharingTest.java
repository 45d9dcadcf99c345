package org.transferkit.multitask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.transferkit.Kit;

class SoftSharingTest {

    @BeforeAll
    static void setUp() {
        Kit.threads(1, 1); // tiny networks: one thread is faster and stable on a shared machine
    }

    static MultiLayerNetwork net(int nIn, int hidden, int nOut, IUpdater updater, long seed, DataType type) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(seed).dataType(type).updater(updater).weightInit(WeightInit.XAVIER)
                .list()
                .layer(new DenseLayer.Builder().name("fc1").nIn(nIn).nOut(hidden).activation(Activation.TANH).build())
                .layer(new DenseLayer.Builder().name("fc2").nIn(hidden).nOut(hidden).activation(Activation.TANH)
                        .build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).name("out").nIn(hidden).nOut(nOut)
                        .activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        return net;
    }

    /** Task i: its own features and labels (different class rules per task). */
    static List<DataSet> tasks(int t, int n, int d, int classes, DataType type) {
        List<DataSet> out = new ArrayList<>();
        for (int i = 0; i < t; i++) {
            INDArray x = Synthetic.features(n, d, 100 + i, type);
            out.add(new DataSet(x, Synthetic.oneHot(Synthetic.linearClasses(x, classes, 200 + i), classes, type)));
        }
        return out;
    }

    @Test
    void gradientMatchesFiniteDifferencesOfTheObjective() {
        int t = 3;
        List<MultiLayerNetwork> nets = new ArrayList<>();
        for (int i = 0; i < t; i++) {
            nets.add(net(4, 3, 3, new Sgd(0.1), 10 + i, DataType.DOUBLE));
        }
        SoftSharing ss = SoftSharing.of(nets, 0.37, "fc1", "fc2");
        List<DataSet> batches = tasks(t, 7, 4, 3, DataType.DOUBLE);
        List<INDArray> analytic = ss.objectiveGradient(batches);
        double eps = 1e-6;
        double maxRel = 0;
        int checked = 0;
        for (int i = 0; i < t; i++) {
            INDArray p = nets.get(i).params();
            for (int k = 0; k < p.length(); k++) {
                double orig = p.getDouble(k);
                p.putScalar(k, orig + eps);
                double plus = ss.objective(batches);
                p.putScalar(k, orig - eps);
                double minus = ss.objective(batches);
                p.putScalar(k, orig);
                double numeric = (plus - minus) / (2 * eps);
                double a = analytic.get(i).getDouble(k);
                double denom = Math.abs(a) + Math.abs(numeric);
                if (denom > 1e-8) {
                    maxRel = Math.max(maxRel, Math.abs(a - numeric) / denom);
                }
                checked++;
            }
        }
        System.out.println("soft sharing finite-difference check: " + checked + " parameters, max relative error "
                + maxRel);
        assertTrue(maxRel < 1e-6, "max relative error " + maxRel);
        // the penalty part alone is nonzero, so the check covered it
        assertTrue(ss.penalty() > 0);
        assertEquals(maxRel, ss.maxRelativeGradientError(batches, eps), 1e-15, "the library's own check agrees");
        assertEquals(checked, ss.numParams());
    }

    @Test
    void lambdaZeroReproducesIndependentTrainingExactly() {
        List<DataSet> data = tasks(2, 40, 5, 3, DataType.FLOAT);
        for (IUpdater u : List.of(new Sgd(0.1), new Adam(0.01))) {
            List<MultiLayerNetwork> coupled = List.of(net(5, 6, 3, u.clone(), 1, DataType.FLOAT),
                    net(5, 6, 3, u.clone(), 2, DataType.FLOAT));
            List<MultiLayerNetwork> plain = List.of(net(5, 6, 3, u.clone(), 1, DataType.FLOAT),
                    net(5, 6, 3, u.clone(), 2, DataType.FLOAT));
            SoftSharing ss = SoftSharing.of(coupled, 0.0, "fc1");
            List<BatchSampler> samplers = List.of(new BatchSampler(40, 8, 5), new BatchSampler(40, 8, 6));
            for (int step = 0; step < 12; step++) {
                List<DataSet> batches = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    batches.add(BatchSampler.rows(data.get(i), samplers.get(i).next()));
                }
                ss.step(batches);
                for (int i = 0; i < 2; i++) {
                    plain.get(i).fit(batches.get(i));
                }
            }
            for (int i = 0; i < 2; i++) {
                assertEquals(plain.get(i).params(), coupled.get(i).params(),
                        u.getClass().getSimpleName() + ": net " + i + " must match plain fit exactly");
                assertEquals(plain.get(i).getIterationCount(), coupled.get(i).getIterationCount());
            }
        }
    }

    @Test
    void fitIndependentlyIsLambdaZeroBitForBit() {
        List<DataSet> data = tasks(2, 30, 5, 3, DataType.FLOAT);
        List<MultiLayerNetwork> coupled = List.of(net(5, 6, 3, new Adam(0.01), 1, DataType.FLOAT),
                net(5, 6, 3, new Adam(0.01), 2, DataType.FLOAT));
        List<MultiLayerNetwork> alone = List.of(net(5, 6, 3, new Adam(0.01), 1, DataType.FLOAT),
                net(5, 6, 3, new Adam(0.01), 2, DataType.FLOAT));
        SoftSharing.of(coupled, 0.0, "fc1", "fc2").fitSteps(data, 9, 7, 4);
        SoftSharing.fitIndependently(alone, data, 9, 7, 4);
        for (int i = 0; i < 2; i++) {
            assertEquals(alone.get(i).params(), coupled.get(i).params(), "net " + i);
        }
        assertThrows(IllegalArgumentException.class, () -> SoftSharing.fitIndependently(alone, data.subList(0, 1),
                1, 7, 4));
    }

    @Test
    void relativeDistanceAndTrunkSwap() {
        List<MultiLayerNetwork> nets = List.of(net(5, 6, 3, new Sgd(0.1), 1, DataType.DOUBLE),
                net(5, 6, 2, new Sgd(0.1), 2, DataType.DOUBLE));
        SoftSharing ss = SoftSharing.of(nets, 0.5, "fc1", "fc2");
        double d = 0;
        double n0 = 0;
        double n1 = 0;
        for (String l : List.of("fc1", "fc2")) {
            INDArray a = nets.get(0).getLayer(l).params();
            INDArray b = nets.get(1).getLayer(l).params();
            d += Math.pow(a.distance2(b), 2);
            n0 += Math.pow(a.norm2Number().doubleValue(), 2);
            n1 += Math.pow(b.norm2Number().doubleValue(), 2);
        }
        assertEquals(Math.sqrt(d) / (0.5 * (Math.sqrt(n0) + Math.sqrt(n1))), ss.relativeDistance(), 1e-12);
        MultiLayerNetwork swapped = ss.withCoupledLayersFrom(0, 1);
        assertEquals(nets.get(0).getLayer("fc1").params(), swapped.getLayer(0).params());
        assertEquals(nets.get(1).getLayer("out").params(), swapped.getLayer(2).params());
        assertTrue(nets.get(1).getLayer("fc1").params().distance2(swapped.getLayer(0).params()) > 0,
                "the original network is not changed");
        assertThrows(IllegalArgumentException.class, () -> ss.withCoupledLayersFrom(0, 2));
        // identical trunks: distance 0
        nets.get(1).getLayer("fc1").setParams(nets.get(0).getLayer("fc1").params().dup());
        nets.get(1).getLayer("fc2").setParams(nets.get(0).getLayer("fc2").params().dup());
        assertEquals(0.0, ss.relativeDistance(), 1e-15);
    }

    @Test
    void distanceShrinksAsLambdaGrows() {
        List<DataSet> data = tasks(2, 60, 5, 3, DataType.FLOAT);
        double[] lambdas = {0.0, 0.1, 1.0};
        double[] dist = new double[lambdas.length];
        for (int k = 0; k < lambdas.length; k++) {
            List<MultiLayerNetwork> nets = List.of(net(5, 6, 3, new Sgd(0.1), 1, DataType.FLOAT),
                    net(5, 6, 3, new Sgd(0.1), 2, DataType.FLOAT));
            SoftSharing ss = SoftSharing.of(nets, lambdas[k], "fc1", "fc2");
            SoftSharingResult r = ss.fitSteps(data, 20, 10, 3);
            dist[k] = ss.parameterDistance();
            assertEquals(20, r.steps());
            assertEquals(dist[k], r.finalDistance(), 0.0);
            assertEquals(2, ss.distanceTable().rowCount()); // 2 layers x 1 pair
        }
        System.out.println("soft sharing: final mean pairwise distance for lambda 0/0.1/1 = "
                + java.util.Arrays.toString(dist));
        for (int k = 1; k < dist.length; k++) {
            assertTrue(dist[k] < dist[k - 1], "distance must shrink as lambda grows: " + java.util.Arrays.toString(dist));
        }
    }

    @Test
    void invalidArgumentsAreRejected() {
        List<MultiLayerNetwork> nets = List.of(net(5, 6, 3, new Sgd(0.1), 1, DataType.FLOAT),
                net(5, 6, 3, new Sgd(0.1), 2, DataType.FLOAT));
        assertThrows(IllegalArgumentException.class, () -> SoftSharing.of(nets, -0.1, "fc1"));
        assertThrows(IllegalArgumentException.class, () -> SoftSharing.of(nets, Double.NaN, "fc1"));
        assertThrows(IllegalArgumentException.class, () -> SoftSharing.of(nets, 0.1, "nope"));
        assertThrows(IllegalArgumentException.class, () -> SoftSharing.of(nets.subList(0, 1), 0.1, "fc1"));
        assertThrows(IllegalArgumentException.class, () -> SoftSharing.of(List.of(nets.get(0), nets.get(0)), 0.1,
                "fc1"));
        List<MultiLayerNetwork> mismatched = List.of(nets.get(0), net(5, 7, 3, new Sgd(0.1), 3, DataType.FLOAT));
        assertThrows(IllegalArgumentException.class, () -> SoftSharing.of(mismatched, 0.1, "fc1"));
        SoftSharing ss = SoftSharing.of(nets, 0.1, "fc1");
        assertThrows(IllegalArgumentException.class, () -> ss.step(tasks(1, 4, 5, 3, DataType.FLOAT)));
    }
}
