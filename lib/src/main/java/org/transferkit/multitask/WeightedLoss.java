package org.transferkit.multitask;

import java.util.Objects;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * A loss function scaled by a constant weight: score, per-example scores and gradient are all {@code weight} times
 * those of the wrapped loss.
 *
 * <p>Why: a DL4J {@code ComputationGraph} with several output layers sums their losses with equal weight, and the
 * built-in loss weights (e.g. {@code LossMCXENT(weights)}) are per class, not per output. Wrapping each head's loss
 * gives the multi-task objective {@code L = sum_t w_t L_t} exactly, and a weight of 0 makes that head contribute an
 * exactly zero gradient to every parameter. Weights are changed during training by replacing the wrapper
 * ({@link HardSharing#setTaskWeight}); this class is immutable and JSON-serialisable with the network configuration.
 */
public final class WeightedLoss implements ILossFunction {

    private static final long serialVersionUID = 1L;

    @JsonProperty("inner")
    private final ILossFunction inner;
    @JsonProperty("weight")
    private final double weight;

    /**
     * @param inner  the loss to scale (e.g. {@code new LossMCXENT()})
     * @param weight a finite weight {@code >= 0}
     */
    @JsonCreator
    public WeightedLoss(@JsonProperty("inner") ILossFunction inner, @JsonProperty("weight") double weight) {
        if (inner == null) {
            throw new IllegalArgumentException("inner loss must not be null");
        }
        if (inner instanceof WeightedLoss) {
            throw new IllegalArgumentException("expected a plain loss to wrap, got another WeightedLoss");
        }
        checkWeight(weight);
        this.inner = inner;
        this.weight = weight;
    }

    static void checkWeight(double weight) {
        if (!(weight >= 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("expected a finite task weight >= 0, got " + weight);
        }
    }

    /** The wrapped (unweighted) loss. */
    public ILossFunction inner() {
        return inner;
    }

    /** The scale applied to the wrapped loss. */
    public double weight() {
        return weight;
    }

    /** A copy with another weight and the same inner loss. */
    public WeightedLoss withWeight(double newWeight) {
        return new WeightedLoss(inner, newWeight);
    }

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
                               boolean average) {
        return weight * inner.computeScore(labels, preOutput, activationFn, mask, average);
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        return inner.computeScoreArray(labels, preOutput, activationFn, mask).muli(weight);
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        return inner.computeGradient(labels, preOutput, activationFn, mask).muli(weight);
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput,
                                                          IActivation activationFn, INDArray mask, boolean average) {
        return new Pair<>(computeScore(labels, preOutput, activationFn, mask, average),
                computeGradient(labels, preOutput, activationFn, mask));
    }

    @Override
    public String name() {
        return "Weighted(" + inner.name() + ", w=" + weight + ")";
    }

    @Override
    public String toString() {
        return name();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof WeightedLoss other)) {
            return false;
        }
        return Double.compare(weight, other.weight) == 0 && inner.equals(other.inner);
    }

    @Override
    public int hashCode() {
        return Objects.hash(inner, weight);
    }
}
