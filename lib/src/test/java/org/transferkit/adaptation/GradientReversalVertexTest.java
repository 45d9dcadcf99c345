package org.transferkit.adaptation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Finite-difference check of the gradient reversal vertex, in DOUBLE precision. */
class GradientReversalVertexTest {

    private static final double LAMBDA = 0.7;
    private static final int N = 5;

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @AfterAll
    static void restoreFloat() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    /** in -> probe -> pre(dense tanh) -> [grl] -> post(dense tanh) -> out(softmax). The probe records dL/d(input). */
    private static ComputationGraph build(boolean withGrl) {
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder().seed(7)
                .dataType(DataType.DOUBLE).updater(new Sgd(0.1)).weightInit(WeightInit.XAVIER)
                .trainingWorkspaceMode(WorkspaceMode.NONE).inferenceWorkspaceMode(WorkspaceMode.NONE)
                .graphBuilder().addInputs("in").setInputTypes(InputType.feedForward(3))
                .addVertex("probe", new ProbeVertex(), "in")
                .addLayer("pre", new DenseLayer.Builder().nOut(4).activation(Activation.TANH).build(), "probe");
        String prev = "pre";
        if (withGrl) {
            g.addVertex("grl", new GradientReversalVertex(LAMBDA), "pre");
            prev = "grl";
        }
        g.addLayer("post", new DenseLayer.Builder().nOut(3).activation(Activation.TANH).build(), prev)
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2)
                        .activation(Activation.SOFTMAX).build(), "post")
                .setOutputs("out");
        ComputationGraph net = new ComputationGraph(g.build());
        net.init();
        return net;
    }

    private static INDArray inputs() {
        java.util.Random rnd = new java.util.Random(3);
        INDArray x = Nd4j.create(DataType.DOUBLE, N, 3);
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < 3; j++) {
                x.putScalar(i, j, 4 * (rnd.nextDouble() - 0.5));
            }
        }
        return x;
    }

    private static INDArray labels() {
        INDArray y = Nd4j.zeros(DataType.DOUBLE, N, 2);
        for (int i = 0; i < N; i++) {
            y.putScalar(i, i % 2, 1.0);
        }
        return y;
    }

    /** Analytic gradients: parameter table plus dL/d(input), as DL4J computes them (summed over the minibatch). */
    private static Pair<Map<String, INDArray>, INDArray> analytic(ComputationGraph net, INDArray x, INDArray y) {
        net.setInputs(x);
        net.setLabels(y);
        net.computeGradientAndScore();
        Gradient g = net.gradient();
        Map<String, INDArray> table = new java.util.LinkedHashMap<>();
        g.gradientForVariable().forEach((k, v) -> table.put(k, v.dup()));
        ProbeImpl probe = (ProbeImpl) net.getVertex("probe");
        return new Pair<>(table, probe.lastEpsilon);
    }

    /** Relative error |a-b|/(|a|+|b|), 0 when both are negligible. */
    private static double relError(double a, double b) {
        double denom = Math.abs(a) + Math.abs(b);
        return denom < 1e-10 ? 0 : Math.abs(a - b) / denom;
    }

    @Test
    void forwardIsIdentityAndBackwardIsMinusLambdaTimesFiniteDifferences() {
        ComputationGraph net = build(true);
        ComputationGraph plain = build(false);
        plain.setParams(net.params().dup());
        INDArray x = inputs();
        INDArray y = labels();
        MultiDataSet data = new MultiDataSet(x, y);

        // forward: identity, and same outputs as the graph without the vertex
        Map<String, INDArray> acts = net.feedForward(new INDArray[] {x}, false);
        assertEquals(acts.get("pre"), acts.get("grl"));
        assertEquals(0, net.output(x)[0].sub(plain.output(x)[0]).amaxNumber().doubleValue(), 1e-15);

        Pair<Map<String, INDArray>, INDArray> withGrl = analytic(net, x, y);
        Pair<Map<String, INDArray>, INDArray> without = analytic(plain, x, y);

        double h = 1e-6;
        double maxRel = 0;
        // dL/d(input): DL4J's gradients are sums over the minibatch while score() is the mean, hence the factor N
        INDArray xp = x.dup();
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < 3; j++) {
                double v = xp.getDouble(i, j);
                xp.putScalar(i, j, v + h);
                double up = net.score(new MultiDataSet(xp, y), false);
                xp.putScalar(i, j, v - h);
                double down = net.score(new MultiDataSet(xp, y), false);
                xp.putScalar(i, j, v);
                double fd = N * (up - down) / (2 * h);
                double viaGrl = withGrl.getSecond().getDouble(i, j);
                double noGrl = without.getSecond().getDouble(i, j);
                maxRel = Math.max(maxRel, relError(viaGrl, -LAMBDA * fd));
                maxRel = Math.max(maxRel, relError(viaGrl, -LAMBDA * noGrl));
                maxRel = Math.max(maxRel, relError(noGrl, fd));
            }
        }
        // parameters: before the reversal scaled by -lambda, after it unchanged
        INDArray params = net.params();
        long offset = 0;
        for (Map.Entry<String, INDArray> e : net.paramTable().entrySet()) {
            String name = e.getKey();
            double sign = name.startsWith("pre_") ? -LAMBDA : 1.0;
            INDArray analyticGrad = withGrl.getFirst().get(name);
            INDArray plainGrad = without.getFirst().get(name);
            long len = e.getValue().length();
            for (long k = 0; k < len; k++) {
                long idx = offset + k;
                double v = params.getDouble(idx);
                params.putScalar(idx, v + h);
                double up = net.score(data, false);
                params.putScalar(idx, v - h);
                double down = net.score(data, false);
                params.putScalar(idx, v);
                double fd = N * (up - down) / (2 * h);
                // the gradient views are in 'f' order for weights like the parameter views; compare element-wise
                double a = Nd4j.toFlattened('f', analyticGrad).getDouble(k);
                double b = Nd4j.toFlattened('f', plainGrad).getDouble(k);
                maxRel = Math.max(maxRel, relError(a, sign * fd));
                maxRel = Math.max(maxRel, relError(a, sign * b));
            }
            offset += len;
        }
        System.out.println("GRL gradient check: max relative error " + maxRel);
        assertTrue(maxRel < 1e-6, "max relative error " + maxRel);
    }

    @Test
    void lambdaIsMutableAndSurvivesCloneAndJson() {
        ComputationGraph net = build(true);
        GradientReversalVertex.setLambda(net, "grl", 2.5);
        assertEquals(2.5, ((GradientReversalVertexImpl) net.getVertex("grl")).getLambda());
        ComputationGraph copy = net.clone();
        assertEquals(2.5, ((GradientReversalVertexImpl) copy.getVertex("grl")).getLambda());
        assertEquals(net.params(), copy.params());
        String json = net.getConfiguration().toJson();
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(json);
        assertEquals(new GradientReversalVertex(2.5), back.getVertices().get("grl"));
        ComputationGraph rebuilt = new ComputationGraph(back);
        rebuilt.init(net.params().dup(), false);
        INDArray x = inputs();
        assertEquals(net.output(x)[0], rebuilt.output(x)[0]);
    }

    @Test
    void zeroLambdaBlocksTheGradient() {
        ComputationGraph net = build(true);
        GradientReversalVertex.setLambda(net, "grl", 0);
        Pair<Map<String, INDArray>, INDArray> g = analytic(net, inputs(), labels());
        assertEquals(0, g.getFirst().get("pre_W").amaxNumber().doubleValue(), 0);
        assertEquals(0, g.getSecond().amaxNumber().doubleValue(), 0);
        assertTrue(g.getFirst().get("post_W").amaxNumber().doubleValue() > 0);
    }

    @Test
    void rejectsNegativeOrNonFiniteLambda() {
        assertThrows(IllegalArgumentException.class, () -> new GradientReversalVertex(-0.1));
        assertThrows(IllegalArgumentException.class, () -> new GradientReversalVertex(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new GradientReversalVertex(Double.POSITIVE_INFINITY));
        ComputationGraph net = build(true);
        assertThrows(IllegalArgumentException.class, () -> GradientReversalVertex.setLambda(net, "grl", -1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GradientReversalVertex.setLambda(net, "pre", 1));
        assertTrue(e.getMessage().contains("pre"));
    }

    /** Test-only identity vertex that keeps a copy of the gradient flowing back into the network input. */
    public static class ProbeVertex extends ParameterFreeVertex {
        @Override
        public ProbeVertex clone() {
            return new ProbeVertex();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ProbeVertex;
        }

        @Override
        public int hashCode() {
            return 1;
        }

        @Override
        public int minVertexInputs() {
            return 1;
        }

        @Override
        public int maxVertexInputs() {
            return 1;
        }

        @Override
        public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int idx,
                INDArray paramsView, boolean initializeParams, DataType dataType) {
            return new ProbeImpl(graph, name, idx, dataType);
        }

        @Override
        public InputType getOutputType(int layerIndex, InputType... vertexInputs) {
            return vertexInputs[0];
        }
    }

    static class ProbeImpl extends ParameterFreeVertexImpl {
        INDArray lastEpsilon;

        ProbeImpl(ComputationGraph graph, String name, int idx, DataType dataType) {
            super(graph, name, idx, null, null, dataType);
        }

        @Override
        public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
            return inputs[0].dup();
        }

        @Override
        public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
            lastEpsilon = epsilon.dup();
            return new Pair<>(null, new INDArray[] {epsilon.dup()});
        }

        @Override
        public Pair<INDArray, MaskState> feedForwardMaskArrays(INDArray[] masks, MaskState state, int minibatch) {
            return null;
        }

        @Override
        public String toString() {
            return "Probe";
        }
    }
}
