package org.transferkit.adaptation;

import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Runtime side of {@link MultilinearMapVertex}: outer product of features and softmax(logits), per row. */
public class MultilinearMapVertexImpl extends ParameterFreeVertexImpl {

    /** Created by {@link MultilinearMapVertex#instantiate}; not meant to be called directly. */
    public MultilinearMapVertexImpl(ComputationGraph graph, String name, int vertexIndex, DataType dataType) {
        super(graph, name, vertexIndex, null, null, dataType);
    }

    /** Features as [n, d], flattened in row-major order whatever their memory layout (backward undoes it alike). */
    private INDArray flatFeatures() {
        return inputs[0].reshape('c', inputs[0].size(0), inputs[0].length() / inputs[0].size(0));
    }

    private INDArray probabilities() {
        return Transforms.softmax(inputs[1], true);
    }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoForward()) {
            throw new IllegalStateException("Multilinear map vertex '" + vertexName + "': inputs not set");
        }
        INDArray f = flatFeatures();
        INDArray g = probabilities();
        long n = f.size(0), d = f.size(1), c = g.size(1);
        // [n, d, 1] * [n, 1, c] -> [n, d, c]; row-major flattening gives index a*C + c
        INDArray outer = f.reshape('c', n, d, 1).mul(g.reshape('c', n, 1, c));
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, f.dataType(), new long[] {n, d * c}, 'c');
        return out.assign(outer.reshape('c', n, d * c));
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoBackward()) {
            throw new IllegalStateException("Multilinear map vertex '" + vertexName + "': epsilon not set");
        }
        INDArray g = probabilities();
        long n = g.size(0), c = g.size(1);
        long d = inputs[0].length() / n;
        // df[i, a] = sum_c eps[i, a, c] * g[i, c]
        INDArray df = epsilon.reshape('c', n, d, c).mul(g.reshape('c', n, 1, c)).sum(2);
        INDArray epsF = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, inputs[0].dataType(),
                inputs[0].shape(), 'c');
        epsF.assign(df.reshape('c', inputs[0].shape()));
        // the probabilities are constants of the domain loss (CDAN): no gradient into the label head from here
        INDArray epsZ = workspaceMgr.create(ArrayType.ACTIVATION_GRAD, inputs[1].dataType(), inputs[1].shape(), 'c');
        return new Pair<>(null, new INDArray[] {epsF, epsZ});
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArrays(INDArray[] maskArrays, MaskState currentMaskState,
            int minibatchSize) {
        return null;
    }

    @Override
    public String toString() {
        return "MultilinearMapVertexImpl(name=\"" + vertexName + "\")";
    }
}
