package org.transferkit.adaptation;

import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Gradient reversal layer (Ganin &amp; Lempitsky 2015) as a DL4J {@link ComputationGraph} vertex: the forward pass is
 * the identity, the backward pass multiplies the incoming gradient by {@code -lambda}.
 *
 * <p>Put it between the feature extractor and the domain classifier: the domain classifier then learns to tell
 * the domains apart while the feature extractor receives the reversed gradient and learns features the
 * domain classifier cannot separate. DL4J has no such layer; {@code ScaleVertex} scales both the forward and the
 * backward pass, so it cannot stand in for it.
 *
 * <p>This class is the (JSON-serialisable) configuration; {@link GradientReversalVertexImpl} runs it. To change
 * lambda during training (the DANN schedule) call {@link #setLambda(ComputationGraph, String, double)}, which
 * updates both the running vertex and its configuration, so {@code clone()} and JSON keep the current value.
 */
public class GradientReversalVertex extends ParameterFreeVertex {

    private double lambda;

    /** @param lambda the gradient scale, {@code >= 0}; the backward pass returns {@code -lambda * gradient} */
    public GradientReversalVertex(@JsonProperty("lambda") double lambda) {
        this.lambda = checkLambda(lambda);
    }

    /** Reversal strength currently configured. */
    public double getLambda() {
        return lambda;
    }

    /** Sets the reversal strength in this configuration (the running vertex is not touched). */
    public void setLambda(double lambda) {
        this.lambda = checkLambda(lambda);
    }

    /**
     * Sets lambda of the gradient reversal vertex {@code vertexName} of a running network, in the live vertex and in
     * the network's configuration (so a later {@code clone()} or JSON export carries it).
     *
     * @throws IllegalArgumentException if lambda is negative or not finite, or the vertex is not a gradient reversal
     */
    public static void setLambda(ComputationGraph net, String vertexName, double lambda) {
        checkLambda(lambda);
        org.deeplearning4j.nn.graph.vertex.GraphVertex live = net.getVertex(vertexName);
        if (!(live instanceof GradientReversalVertexImpl impl)) {
            throw new IllegalArgumentException("Expected vertex '" + vertexName
                    + "' to be a gradient reversal vertex, found " + (live == null ? "no such vertex" : live));
        }
        impl.setLambda(lambda);
        GraphVertex conf = net.getConfiguration().getVertices().get(vertexName);
        if (conf instanceof GradientReversalVertex grl) {
            grl.setLambda(lambda);
        }
    }

    /**
     * Runs the runtime vertex's backward pass, the code DL4J calls during backpropagation, on one incoming gradient
     * (the gradient of the loss with respect to the vertex's output) and returns what it sends to its input. For
     * showing and testing the layer on its own; a network never needs it.
     */
    public static INDArray backward(INDArray incoming, double lambda) {
        GradientReversalVertexImpl impl = new GradientReversalVertexImpl(null, "grl", 0, lambda, incoming.dataType());
        impl.setInputs(new INDArray[] {incoming.dup()});
        impl.setEpsilon(incoming);
        return impl.doBackward(false, org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces()).getSecond()[0];
    }

    static double checkLambda(double lambda) {
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("Gradient reversal lambda must be a finite number >= 0, got " + lambda);
        }
        return lambda;
    }

    @Override
    public GradientReversalVertex clone() {
        return new GradientReversalVertex(lambda);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GradientReversalVertex other && Double.compare(other.lambda, lambda) == 0;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(lambda) * 31 + 7;
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
            INDArray paramsView, boolean initializeParams, DataType networkDatatype) {
        return new GradientReversalVertexImpl(graph, name, idx, lambda, networkDatatype);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) {
        if (vertexInputs.length != 1) {
            throw new IllegalArgumentException("Gradient reversal takes exactly 1 input, got " + vertexInputs.length);
        }
        return vertexInputs[0];
    }

    @Override
    public String toString() {
        return "GradientReversalVertex(lambda=" + lambda + ")";
    }
}
