package org.transferkit.adaptation;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The multilinear map of conditional domain-adversarial networks (CDAN, Long et al. 2018) as a DL4J
 * {@link ComputationGraph} vertex. Inputs: features {@code f} ({@code [n, d]}, or any shape, flattened per row) and
 * label-head logits {@code z} ({@code [n, C]}). Output: the outer product of {@code f} with the class probabilities
 * {@code g = softmax(z)}, flattened: {@code out[i, a*C + c] = f[i, a] * g[i, c]}, so a domain classifier on it sees the
 * features separately for each predicted class and can align the class-conditional distributions.
 *
 * <p>As in the reference implementations the probabilities are treated as constants (no gradient flows into the label
 * head through the map): backward gives {@code df[i, a] = sum_c eps[i, a*C + c] * g[i, c]} and zero for {@code z}.
 * {@link MultilinearMapVertexImpl} runs it.
 */
public class MultilinearMapVertex extends ParameterFreeVertex {

    @Override
    public MultilinearMapVertex clone() {
        return new MultilinearMapVertex();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MultilinearMapVertex;
    }

    @Override
    public int hashCode() {
        return 17;
    }

    @Override
    public int minVertexInputs() {
        return 2;
    }

    @Override
    public int maxVertexInputs() {
        return 2;
    }

    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int idx,
            INDArray paramsView, boolean initializeParams, DataType networkDatatype) {
        return new MultilinearMapVertexImpl(graph, name, idx, networkDatatype);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) {
        if (vertexInputs.length != 2) {
            throw new IllegalArgumentException("The multilinear map takes 2 inputs (features, logits), got "
                    + vertexInputs.length);
        }
        if (vertexInputs[1].getType() != InputType.Type.FF) {
            throw new IllegalArgumentException("The multilinear map's second input must be feed-forward logits, got "
                    + vertexInputs[1]);
        }
        return InputType.feedForward(vertexInputs[0].arrayElementsPerExample()
                * vertexInputs[1].arrayElementsPerExample());
    }

    @Override
    public String toString() {
        return "MultilinearMapVertex()";
    }
}
