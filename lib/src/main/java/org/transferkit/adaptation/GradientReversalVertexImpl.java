package org.transferkit.adaptation;

import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.VertexIndices;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Runtime side of {@link GradientReversalVertex}: forward returns the input unchanged, backward returns
 * {@code -lambda * epsilon}. No parameters. Lambda is mutable so a schedule can change it between iterations.
 */
public class GradientReversalVertexImpl extends ParameterFreeVertexImpl {

    private volatile double lambda;

    /** Created by {@link GradientReversalVertex#instantiate}; not meant to be called directly. */
    public GradientReversalVertexImpl(ComputationGraph graph, String name, int vertexIndex, double lambda,
            DataType dataType) {
        this(graph, name, vertexIndex, null, null, lambda, dataType);
    }

    /** Created by {@link GradientReversalVertex#instantiate}; not meant to be called directly. */
    public GradientReversalVertexImpl(ComputationGraph graph, String name, int vertexIndex,
            VertexIndices[] inputVertices, VertexIndices[] outputVertices, double lambda, DataType dataType) {
        super(graph, name, vertexIndex, inputVertices, outputVertices, dataType);
        this.lambda = GradientReversalVertex.checkLambda(lambda);
    }

    /** Current reversal strength. */
    public double getLambda() {
        return lambda;
    }

    /** Sets the reversal strength used by the next backward pass; must be {@code >= 0}. */
    public void setLambda(double lambda) {
        this.lambda = GradientReversalVertex.checkLambda(lambda);
    }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoForward()) {
            throw new IllegalStateException("Gradient reversal vertex '" + vertexName + "': input not set");
        }
        // Identity. The output must live in the activations workspace, so copy into it (a plain reference to the
        // input could outlive the input's workspace).
        return workspaceMgr.dup(ArrayType.ACTIVATIONS, inputs[0]);
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoBackward()) {
            throw new IllegalStateException("Gradient reversal vertex '" + vertexName + "': epsilon not set");
        }
        INDArray reversed = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, epsilon.dataType(),
                epsilon.shape(), epsilon.ordering());
        reversed.assign(epsilon).muli(-lambda);
        return new Pair<>(null, new INDArray[] {reversed});
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArrays(INDArray[] maskArrays, MaskState currentMaskState,
            int minibatchSize) {
        if (maskArrays == null || maskArrays.length == 0) {
            return null;
        }
        return new Pair<>(maskArrays[0], currentMaskState);
    }

    @Override
    public String toString() {
        return "GradientReversalVertexImpl(name=\"" + vertexName + "\",lambda=" + lambda + ")";
    }
}
