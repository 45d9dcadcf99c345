package org.transferkit.adaptation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.transferkit.models.Models;

class DannTrainerTest {

    @BeforeAll
    static void floatDefault() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    @Test
    void learningRateScheduleIsAppliedPerStepByTheUpdater() {
        Schedule lr = Schedule.ganinLearningRate(0.05);
        DannTrainer t = DannTrainer.moons().steps(10).learningRate(lr).build();
        ComputationGraph net = t.newNetwork();
        assertEquals(lr.valueAt(0), net.getLearningRate("label"), 1e-9);
        net.getConfiguration().setIterationCount(5);
        assertEquals(lr.valueAt(0.5), net.getLearningRate("label"), 1e-9);
    }

    @Test
    void dannBeatsSourceOnlyOnRotatedMoons() {
        TwoMoons.Domains d = TwoMoons.paper(0);
        DannTrainer trainer = DannTrainer.moons().steps(400).seed(0).build();
        INDArray target = d.target().getFeatures();
        // the held-out target draw serves as the (unlabelled) domain-monitor set; its labels are used only below
        DannModel dann = trainer.fit(d.source(), target, d.source(), d.targetTest().getFeatures());
        DannModel sourceOnly = trainer.sourceOnly().fit(d.source(), target, d.source(), d.targetTest().getFeatures());

        double accDann = dann.accuracy(d.targetTest());
        double accSo = sourceOnly.accuracy(d.targetTest());
        double domDann = dann.domainAccuracy(d.source().getFeatures(), d.targetTest().getFeatures());
        double domSo = sourceOnly.domainAccuracy(d.source().getFeatures(), d.targetTest().getFeatures());
        double padDann = ProxyADistance.compute(dann.featuresOf(d.source()), dann.featuresOf(d.target()), 1).distance();
        double padSo = ProxyADistance.compute(sourceOnly.featuresOf(d.source()), sourceOnly.featuresOf(d.target()), 1)
                .distance();
        System.out.printf("moons seed 0: target acc source-only %.3f, DANN %.3f; domain acc %.3f vs %.3f; "
                + "PAD %.3f vs %.3f; %.2f ms/step%n", accSo, accDann, domSo, domDann, padSo, padDann,
                dann.millisPerStep());

        assertTrue(dann.accuracy(d.source()) > 0.95 && sourceOnly.accuracy(d.source()) > 0.95, "both fit the source");
        assertTrue(accDann > accSo + 0.05, "DANN " + accDann + " vs source-only " + accSo);
        assertTrue(domDann < domSo, "domain accuracy DANN " + domDann + " vs source-only " + domSo);
        assertEquals(4, dann.history().size());
        assertEquals(0.0, sourceOnly.history().get(3).lambda());
        assertTrue(dann.history().get(3).lambda() > 0.99);
        assertArrayEquals(new long[] {150, 15}, dann.featuresOf(d.source()).shape());
    }

    @Test
    void sameSeedSameNetworkAndSelectionUsesSourceValidationOnly() {
        TwoMoons.Domains d = TwoMoons.paper(1);
        // seed 0 on purpose: ND4J's native generator treats 0 as "random seed", the trainer must not pass it on
        DannTrainer trainer = DannTrainer.moons().steps(30).evalEvery(10).seed(0).selectBySourceValidation(true)
                .build();
        assertTrue(org.transferkit.Kit.nativeSeed(0) != 0);
        assertEquals(trainer.newNetwork().params(), trainer.newNetwork().params());
        DannModel a = trainer.fit(d.source(), d.target().getFeatures());
        DannModel b = trainer.fit(d.source(), d.target().getFeatures());
        assertEquals(a.network().params(), b.network().params());
        assertEquals(3, a.history().size());
        double best = a.history().stream().mapToDouble(DannTrainer.Monitor::sourceValAccuracy).max().orElseThrow();
        DannTrainer.Monitor chosen = a.history().stream().filter(m -> m.step() == a.selectedStep()).findFirst()
                .orElseThrow();
        assertEquals(best, chosen.sourceValAccuracy());
        assertEquals(chosen.sourceValAccuracy(), a.accuracy(d.source()), 1e-9);
    }

    @Test
    void digitsNetworkTrainsOnColourImagesAndClones() {
        Random rnd = new Random(3);
        int n = 12;
        INDArray xs = Nd4j.create(DataType.FLOAT, n, 3 * 784);
        INDArray xt = Nd4j.create(DataType.FLOAT, n, 3 * 784);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 3 * 784; j++) {
                xs.putScalar(i, j, rnd.nextFloat());
                xt.putScalar(i, j, rnd.nextFloat());
            }
        }
        INDArray ys = Nd4j.zeros(DataType.FLOAT, n, 10);
        for (int i = 0; i < n; i++) {
            ys.putScalar(i, rnd.nextInt(10), 1);
        }
        DataSet source = new DataSet(xs, ys);
        DannModel m = DannTrainer.digits(10, 3).steps(3).batchSize(4).evalEvery(2).seed(2).build()
                .fit(source, xt);
        assertEquals(2, m.history().size());
        assertArrayEquals(new long[] {n, 48 * 4 * 4}, m.featuresOf(source).shape());
        assertEquals(n, m.predict(xt).length);
        ComputationGraph copy = m.network().clone();
        assertEquals(m.network().output(xs)[0], copy.output(xs)[0]);
        double lambda = ((GradientReversalVertexImpl) copy.getVertex(DannTrainer.GRL)).getLambda();
        assertEquals(Schedule.ganinLambda(1).valueAt(2 / 3.0), lambda, 1e-9);
    }

    @Test
    void narrowCnnHasTheWidthsAskedFor() {
        ComputationGraph net = DannTrainer.digitsCnn(10, 1, 4, 6).seed(3).build().newNetwork();
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 784);
        assertArrayEquals(new long[] {2, 6, 4, 4}, net.feedForward(x, false).get("pool2").shape());
        assertArrayEquals(new long[] {2, 10}, net.output(x)[0].shape());
        assertEquals(DannTrainer.digits(10, 3).build().newNetwork().numParams(),
                DannTrainer.digitsCnn(10, 3, 32, 48).build().newNetwork().numParams());
    }

    @Test
    void lenetFeaturesMatchTheLessonLenetLayerByLayer() {
        ComputationGraph graph = DannTrainer.custom(InputType.convolutionalFlat(28, 28, 1),
                DannTrainer.lenetFeatures(4, 6, 12, 8), 3).labelHidden().build().newNetwork();
        MultiLayerNetwork lenet = Models.lenet(3, 4, 6, new int[] {12, 8}, new Sgd(0.1), 1);
        for (String layer : List.of("conv1", "conv2", "fc1", "fc2")) {
            for (String param : List.of("W", "b")) {
                assertArrayEquals(lenet.getLayer(layer).getParam(param).shape(),
                        graph.getLayer(layer).getParam(param).shape(), layer + " " + param);
            }
        }
        assertArrayEquals(new long[] {2, 8}, graph.feedForward(Nd4j.rand(DataType.FLOAT, 2, 784), false).get("fc2")
                .shape());
        assertThrows(IllegalArgumentException.class, () -> DannTrainer.lenetFeatures(4, 6, 0));
    }

    @Test
    void entropyMinimisationVariantTrains() {
        TwoMoons.Domains d = TwoMoons.paper(2);
        DannModel m = DannTrainer.moons().entropyWeight(0.2).steps(40).evalEvery(20).seed(1).build()
                .fit(d.source(), d.target().getFeatures());
        assertTrue(Double.isFinite(m.history().get(1).sourceValLoss()));
        ComputationGraph copy = m.network().clone();
        assertEquals(m.network().output(d.target().getFeatures())[0], copy.output(d.target().getFeatures())[0]);
    }

    @Test
    void rejectsInvalidSettingsAndData() {
        TwoMoons.Domains d = TwoMoons.paper(0);
        INDArray target = d.target().getFeatures();
        assertThrows(IllegalArgumentException.class, () -> DannTrainer.moons().steps(0));
        assertThrows(IllegalArgumentException.class, () -> DannTrainer.moons().batchSize(-1));
        assertThrows(IllegalArgumentException.class, () -> DannTrainer.moons().momentum(1.0));
        assertThrows(IllegalArgumentException.class, () -> DannTrainer.moons().entropyWeight(-0.1));
        assertThrows(IllegalArgumentException.class, () -> DannTrainer.moons().domainHidden(0));
        assertThrows(IllegalArgumentException.class, () -> DannTrainer.digits(1, 1));
        assertThrows(IllegalArgumentException.class, () -> DannTrainer.digitsCnn(10, 3, 0, 16));
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> DannTrainer.moons().steps(2).lambda(p -> -1).build().fit(d.source(), target));
        assertTrue(negative.getMessage().contains("lambda"));
        assertThrows(IllegalArgumentException.class,
                () -> DannTrainer.moons().steps(2).learningRate(p -> 0).build().fit(d.source(), target));
        assertThrows(IllegalArgumentException.class,
                () -> DannTrainer.moons().steps(2).build().fit(d.source(), Nd4j.zeros(5, 3)));
        DataSet wrongLabels = new DataSet(d.source().getFeatures(), Nd4j.zeros(150, 3));
        assertThrows(IllegalArgumentException.class,
                () -> DannTrainer.moons().steps(2).build().fit(wrongLabels, target));
    }

    @Test
    void oneStepDescendsTheMeanSourceLabelLossAndTheReversedDomainLoss() {
        // One plain SGD step (momentum 0, constant rate and lambda) of fit() on 4 source + 4 target rows (batch size 4:
        // every row is in the step). Its update divided by the rate must be the gradient of
        //   mean label cross-entropy over the source rows + mean domain cross-entropy over all rows
        // for the heads, with the domain part times -lambda for the feature layer (the reversal): compared with
        // central finite differences of these losses, computed in double precision from the network's outputs.
        // A label mask of 2 on the source rows (the form used before) fails this by a factor of up to 4.
        int b = 4;
        int classes = 3;
        double lambda = 0.5;
        double lr = 1.0;
        Random rnd = new Random(5);
        INDArray xs = Nd4j.zeros(DataType.FLOAT, b, 3);
        INDArray xt = Nd4j.zeros(DataType.FLOAT, b, 3);
        INDArray ys = Nd4j.zeros(DataType.FLOAT, b, classes);
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < 3; j++) {
                xs.putScalar(i, j, rnd.nextGaussian());
                xt.putScalar(i, j, rnd.nextGaussian() + 0.5);
            }
            ys.putScalar(i, i % classes, 1);
        }
        DannTrainer.FeatureExtractor features = (g, in) -> {
            g.addLayer("f1", new DenseLayer.Builder().nOut(5).activation(Activation.TANH).build(), in);
            return "f1";
        };
        DannTrainer trainer = DannTrainer.custom(InputType.feedForward(3), features, classes).labelHidden()
                .domainHidden(4).headActivation(Activation.TANH).batchSize(b).steps(1).evalEvery(1).momentum(0)
                .learningRate(Schedule.constant(lr)).lambda(Schedule.constant(lambda)).seed(3).build();
        ComputationGraph start = trainer.newNetwork();
        ComputationGraph after = trainer.fit(new DataSet(xs, ys), xt).network();
        ComputationGraph net = start.convertDataType(DataType.DOUBLE);
        INDArray x = Nd4j.vstack(xs, xt).castTo(DataType.DOUBLE);
        double h = 1e-6;
        double maxErr = 0;
        double maxGrad = 0;
        int checked = 0;
        for (Layer layer : net.getLayers()) {
            String name = layer.getConfig().getLayerName();
            double domainSign = name.equals("f1") ? -lambda : 1;
            for (String key : layer.paramTable().keySet()) {
                INDArray p = layer.getParam(key);
                INDArray p0 = start.getLayer(name).getParam(key);
                INDArray p1 = after.getLayer(name).getParam(key);
                for (long k = 0; k < p.length(); k++) {
                    double v = p.getDouble(k);
                    p.putScalar(k, v + h);
                    double[] up = losses(net, x, ys, b);
                    p.putScalar(k, v - h);
                    double[] down = losses(net, x, ys, b);
                    p.putScalar(k, v);
                    double fd = (up[0] - down[0]) / (2 * h) + domainSign * (up[1] - down[1]) / (2 * h);
                    double step = (p0.getDouble(k) - p1.getDouble(k)) / lr;
                    maxErr = Math.max(maxErr, Math.abs(fd - step));
                    maxGrad = Math.max(maxGrad, Math.abs(fd));
                    checked++;
                }
            }
        }
        assertTrue(checked > 50 && maxGrad > 1e-2, checked + " parameters, largest gradient " + maxGrad);
        assertTrue(maxErr < 1e-4, "max |finite difference - update / rate| = " + maxErr + " (largest gradient "
                + maxGrad + ")");
    }

    /** {mean label cross-entropy over the first b rows, mean domain cross-entropy over all rows (first b source)}. */
    private static double[] losses(ComputationGraph net, INDArray x, INDArray ys, int b) {
        INDArray[] out = net.output(false, x);
        double ce = 0;
        for (int i = 0; i < b; i++) {
            ce -= Math.log(out[0].getDouble(i, ys.getRow(i).argMax().getInt(0)));
        }
        double bce = 0;
        long n = x.size(0);
        for (int i = 0; i < n; i++) {
            double q = out[1].getDouble(i, 0);
            bce -= Math.log(i < b ? 1 - q : q);
        }
        return new double[] {ce / b, bce / n};
    }
}
