package org.transferkit.transfer;

import org.transferkit.Arguments;

import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The L2-SP penalty of Li, Grandvalet and Davoine (ICML 2018), "starting point as reference":
 * <pre>  Omega(w) = alpha/2 * ||w_S - w_S^src||^2 + beta/2 * ||w_head||^2</pre>
 * where w_S are the parameters of the transferred layers that are being trained (all layers below the output layer
 * that are not frozen; weights and biases), w_S^src their values when the penalty was anchored, and w_head the
 * parameters of the new output layer. Frozen layers never move, so their term is always 0 and they are left out.
 * Parameters that DL4J does not treat as gradients (batch-norm running mean/variance) are left out too.
 *
 * <p>One training step ({@link #step}) follows DL4J's own optimiser exactly, with the penalty gradient added before
 * the updater: {@code setInput/setLabels; computeGradientAndScore(); g = gradient(); g += B * dOmega;
 * updater.update(net, g, iteration, epoch, B); params -= g}. The factor B (the batch size) is there because DL4J's
 * backprop gradient is the <em>sum</em> over the batch and the updater divides it by B (when the configuration has
 * miniBatch = true, the default); after that division the updater sees exactly grad(mean loss) + grad(Omega), the
 * gradient of the objective, and applies Adam/SGD/... to it. alpha = beta = 0 gives plain {@code net.fit(batch)}.
 * Anything the network's configuration adds inside the updater (l2, weight decay, gradient clipping) still applies,
 * on top of the penalty; the transfer API configures none.
 */
public final class L2SP {
    private final double alpha;
    private final double beta;
    private final INDArray anchor;          // flat copy of the parameters when anchored
    private final INDArray transferredMask; // 1 on trainable transferred parameters, else 0
    private final INDArray headMask;        // 1 on the head's parameters, else 0
    private final long numParams;

    private L2SP(double alpha, double beta, INDArray anchor, INDArray transferredMask, INDArray headMask) {
        this.alpha = alpha;
        this.beta = beta;
        this.anchor = anchor;
        this.transferredMask = transferredMask;
        this.headMask = headMask;
        this.numParams = anchor.length();
    }

    /**
     * Anchors the penalty at {@code net}'s current parameters (call it right after {@link ModelTransfer#transfer},
     * when they are still the source's). The head is the last layer.
     *
     * @throws IllegalArgumentException if alpha or beta is negative or not finite
     */
    public static L2SP anchoredAt(MultiLayerNetwork net, double alpha, double beta) {
        Arguments.network(net, "network");
        Arguments.nonNegative(alpha, "alpha");
        Arguments.nonNegative(beta, "beta");
        INDArray params = net.params();
        INDArray flat = params.reshape(params.length());
        INDArray transferred = Nd4j.zeros(params.dataType(), params.length());
        INDArray head = Nd4j.zeros(params.dataType(), params.length());
        long offset = 0;
        int headIndex = net.getnLayers() - 1;
        for (int i = 0; i < net.getnLayers(); i++) {
            Layer layer = net.getLayer(i);
            boolean frozen = ModelTransfer.isFrozen(layer);
            for (Map.Entry<String, INDArray> p : layer.paramTable(false).entrySet()) {
                INDArray value = p.getValue();
                long length = value.length();
                INDArray segment = flat.get(NDArrayIndex.interval(offset, offset + length));
                if (!segment.equals(value.reshape(value.ordering(), new long[] {length}))) {
                    throw new IllegalStateException("unexpected parameter layout: " + p.getKey() + " of layer " + i
                            + " is not at offset " + offset + " of net.params()");
                }
                if (!frozen && layer.updaterDivideByMinibatch(p.getKey())) {
                    INDArray target = i == headIndex ? head : transferred;
                    target.get(NDArrayIndex.interval(offset, offset + length)).assign(1.0);
                }
                offset += length;
            }
        }
        if (offset != params.length()) {
            throw new IllegalStateException("parameter layout mismatch: layers hold " + offset + " parameters, net.params() "
                    + params.length());
        }
        return new L2SP(alpha, beta, params.dup().reshape(params.length()), transferred, head);
    }

    /** alpha: strength of the pull towards the source parameters. */
    public double alpha() {
        return alpha;
    }

    /** beta: plain L2 (weight decay) strength on the new head. */
    public double beta() {
        return beta;
    }

    /** Omega(w) for {@code net}'s current parameters. */
    public double penalty(MultiLayerNetwork net) {
        INDArray w = flatParams(net);
        INDArray drift = w.sub(anchor).muli(transferredMask);
        INDArray headW = w.mul(headMask);
        return 0.5 * alpha * drift.mul(drift).sumNumber().doubleValue()
                + 0.5 * beta * headW.mul(headW).sumNumber().doubleValue();
    }

    /** dOmega/dw = alpha (w - w_src) on transferred parameters + beta w on the head, 0 elsewhere; flat, like net.params(). */
    public INDArray gradient(MultiLayerNetwork net) {
        INDArray w = flatParams(net);
        INDArray g = w.sub(anchor).muli(transferredMask).muli(alpha);
        return g.addi(w.mul(headMask).muli(beta));
    }

    /**
     * One optimisation step on {@code batch} for the objective mean loss + Omega, with the network's own updater.
     *
     * @return the objective on the batch before the update (mean loss + Omega)
     */
    public double step(MultiLayerNetwork net, DataSet batch) {
        Arguments.labelled(batch, "batch");
        int batchSize = batch.numExamples();
        INDArray penaltyGradient = gradient(net);
        double penalty = penalty(net);
        net.setInput(batch.getFeatures());
        net.setLabels(batch.getLabels());
        net.computeGradientAndScore();
        double loss = net.score();
        Gradient g = net.gradient();
        INDArray flat = g.gradient();
        // DL4J's updater divides the (summed) gradient by the batch size when miniBatch is on; pre-scale so that
        // the updater receives exactly grad(mean loss) + grad(Omega).
        double scale = net.conf().isMiniBatch() ? batchSize : 1.0;
        flat.addi(penaltyGradient.reshape(flat.shape()).muli(scale));
        net.getUpdater().update(net, g, net.getIterationCount(), net.getEpochCount(), batchSize,
                LayerWorkspaceMgr.noWorkspaces());
        net.params().subi(flat);
        net.setIterationCount(net.getIterationCount() + 1);
        return loss + penalty;
    }

    private INDArray flatParams(MultiLayerNetwork net) {
        INDArray w = net.params();
        if (w.length() != numParams) {
            throw new IllegalArgumentException("expected a network with " + numParams
                    + " parameters (the one this penalty was anchored at), got " + w.length());
        }
        return w.reshape(w.length());
    }
}
