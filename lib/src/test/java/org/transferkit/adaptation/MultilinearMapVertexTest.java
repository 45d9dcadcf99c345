package org.transferkit.adaptation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Forward values and a finite-difference gradient check of the CDAN multilinear map, in DOUBLE precision. */
class MultilinearMapVertexTest {

    private static final int N = 4;

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @AfterAll
    static void restoreFloat() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    /** in -> feat (dense tanh 4) and in -> logits (dense 3); map(feat, logits) -> post (dense tanh 2) -> out. */
    private static ComputationGraph build() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(11)
                .dataType(DataType.DOUBLE).updater(new Sgd(0.1)).weightInit(WeightInit.XAVIER)
                .trainingWorkspaceMode(WorkspaceMode.NONE).inferenceWorkspaceMode(WorkspaceMode.NONE)
                .graphBuilder().addInputs("in").setInputTypes(InputType.feedForward(3))
                .addLayer("feat", new DenseLayer.Builder().nOut(4).activation(Activation.TANH).build(), "in")
                .addLayer("logits", new DenseLayer.Builder().nOut(3).activation(Activation.IDENTITY).build(), "in")
                .addVertex("map", new MultilinearMapVertex(), "feat", "logits")
                .addLayer("post", new DenseLayer.Builder().nOut(2).activation(Activation.TANH).build(), "map")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.XENT).nOut(1)
                        .activation(Activation.SIGMOID).build(), "post")
                .setOutputs("out").build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        return net;
    }

    @Test
    void forwardIsTheOuterProductWithTheSoftmax() {
        ComputationGraph net = build();
        INDArray x = Nd4j.rand(DataType.DOUBLE, N, 3).subi(0.5).muli(4);
        Map<String, INDArray> acts = net.feedForward(new INDArray[] {x}, false);
        INDArray f = acts.get("feat");
        INDArray g = org.nd4j.linalg.ops.transforms.Transforms.softmax(acts.get("logits"), true);
        INDArray map = acts.get("map");
        assertEquals(4 * 3, map.size(1));
        for (int i = 0; i < N; i++) {
            for (int a = 0; a < 4; a++) {
                for (int c = 0; c < 3; c++) {
                    assertEquals(f.getDouble(i, a) * g.getDouble(i, c), map.getDouble(i, a * 3 + c), 1e-12);
                }
            }
        }
    }

    @Test
    void gradientMatchesFiniteDifferencesWithTheProbabilitiesHeldConstant() {
        ComputationGraph net = build();
        INDArray x = Nd4j.rand(DataType.DOUBLE, N, 3).subi(0.5).muli(4);
        INDArray y = Nd4j.createFromArray(new double[][] {{1}, {0}, {1}, {0}});
        MultiDataSet data = new MultiDataSet(x, y);
        net.setInputs(x);
        net.setLabels(y);
        net.computeGradientAndScore();
        Map<String, INDArray> grads = new java.util.LinkedHashMap<>();
        net.gradient().gradientForVariable().forEach((k, v) -> grads.put(k, Nd4j.toFlattened('f', v)));

        double h = 1e-6;
        double maxRel = 0;
        double maxLogitGrad = 0;
        INDArray params = net.params();
        long offset = 0;
        for (Map.Entry<String, INDArray> e : net.paramTable().entrySet()) {
            long len = e.getValue().length();
            boolean logits = e.getKey().startsWith("logits_");
            for (long k = 0; k < len; k++) {
                double analytic = grads.get(e.getKey()).getDouble(k);
                if (logits) {
                    // CDAN treats the class probabilities as constants: nothing flows back into the label head
                    maxLogitGrad = Math.max(maxLogitGrad, Math.abs(analytic));
                    continue;
                }
                long idx = offset + k;
                double v = params.getDouble(idx);
                params.putScalar(idx, v + h);
                double up = net.score(data, false);
                params.putScalar(idx, v - h);
                double down = net.score(data, false);
                params.putScalar(idx, v);
                double fd = N * (up - down) / (2 * h);   // DL4J's gradients are sums, score() is the mean
                // relative error, skipped where both are at the level of the finite-difference noise (as DL4J does)
                double diff = Math.abs(analytic - fd);
                maxRel = Math.max(maxRel, diff < 1e-9 ? 0 : diff / (Math.abs(analytic) + Math.abs(fd)));
            }
            offset += len;
        }
        System.out.println("Multilinear map gradient check: max relative error " + maxRel);
        assertTrue(maxRel < 1e-6, "max relative error " + maxRel);
        assertEquals(0, maxLogitGrad, 0);
    }

    @Test
    void conditionalTrainerBuildsAndTrains() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        try {
            TwoMoons.Domains d = TwoMoons.paper(1);
            DannModel m = DannTrainer.moons().conditional(true).steps(30).evalEvery(15).seed(2).build()
                    .fit(d.source(), d.target().getFeatures());
            assertTrue(m.network().getConfiguration().getVertices().get(DannTrainer.CDAN_MAP)
                    instanceof MultilinearMapVertex);
            assertTrue(Double.isFinite(m.history().get(1).domainLoss()));
            assertEquals(DannTrainer.moons().steps(30).build().newNetwork().numParams() + 15 * 2 * 15 - 15 * 15,
                    m.network().numParams());
        } finally {
            Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        }
    }

    @Test
    void rejectsNonFeedForwardLogits() {
        assertThrows(IllegalArgumentException.class, () -> new MultilinearMapVertex()
                .getOutputType(0, InputType.feedForward(4), InputType.convolutional(2, 2, 1)));
    }
}
