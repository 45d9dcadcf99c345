package org.transferkit.adaptation;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Loss for a softmax label head trained on mixed labelled and unlabelled rows: cross-entropy on labelled rows (a
 * one-hot label) plus {@code entropyWeight} times the prediction entropy on unlabelled rows (an all-zero label row).
 *
 * <p>Entropy minimisation on target predictions (Grandvalet &amp; Bengio 2005) pushes the decision boundary away
 * from dense target regions; it is a common add-on to DANN. Each part is averaged over its own rows (DL4J divides
 * the summed score by the whole minibatch, so rows are weighted by n/nLabelled and n/nUnlabelled), which makes the
 * cross-entropy part equal to the masked label loss used without entropy. Requires the softmax activation.
 */
public class SourceEntropyLoss implements ILossFunction {

    private static final double MIN_P = 1e-10;

    private final double entropyWeight;

    /** @param entropyWeight weight of the mean target entropy, {@code >= 0} */
    public SourceEntropyLoss(@JsonProperty("entropyWeight") double entropyWeight) {
        if (!(entropyWeight >= 0) || Double.isInfinite(entropyWeight)) {
            throw new IllegalArgumentException("entropyWeight must be a finite number >= 0, got " + entropyWeight);
        }
        this.entropyWeight = entropyWeight;
    }

    /** Weight of the entropy term. */
    public double getEntropyWeight() {
        return entropyWeight;
    }

    /** Per-row score [n, 1]. */
    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        INDArray p = probabilities(preOutput, activationFn, labels);
        INDArray logP = Transforms.log(Transforms.max(p, MIN_P, true), false);
        INDArray labelled = labelledRows(labels);
        INDArray weights = rowWeights(labelled);
        INDArray ce = labels.mul(logP).sum(true, 1).negi();
        INDArray entropy = p.mul(logP).sum(true, 1).negi().muli(entropyWeight);
        INDArray unlabelled = labelled.rsub(1.0);
        INDArray score = ce.muli(labelled).addi(entropy.muli(unlabelled)).muli(weights);
        if (mask != null) {
            score.muli(mask.reshape(score.shape()).castTo(score.dataType()));
        }
        return score;
    }

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
            boolean average) {
        double sum = computeScoreArray(labels, preOutput, activationFn, mask).sumNumber().doubleValue();
        return average ? sum / labels.size(0) : sum;
    }

    /** Gradient with respect to the pre-softmax activations. */
    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        INDArray p = probabilities(preOutput, activationFn, labels);
        INDArray logP = Transforms.log(Transforms.max(p, MIN_P, true), false);
        INDArray labelled = labelledRows(labels);
        INDArray weights = rowWeights(labelled);
        // cross-entropy through softmax: p - y
        INDArray gradCe = p.sub(labels);
        // entropy H = -sum p log p; dH/dz_j = -p_j (log p_j + H)
        INDArray h = p.mul(logP).sum(true, 1).negi();
        INDArray gradH = logP.addColumnVector(h).muli(p).negi().muli(entropyWeight);
        INDArray grad = gradCe.muliColumnVector(labelled).addi(gradH.muliColumnVector(labelled.rsub(1.0)));
        grad.muliColumnVector(weights);
        if (mask != null) {
            grad.muliColumnVector(mask.reshape(labels.size(0), 1).castTo(grad.dataType()));
        }
        return grad;
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput,
            IActivation activationFn, INDArray mask, boolean average) {
        return new Pair<>(computeScore(labels, preOutput, activationFn, mask, average),
                computeGradient(labels, preOutput, activationFn, mask));
    }

    @Override
    public String name() {
        return toString();
    }

    @Override
    public String toString() {
        return "SourceEntropyLoss(entropyWeight=" + entropyWeight + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SourceEntropyLoss other && Double.compare(other.entropyWeight, entropyWeight) == 0;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(entropyWeight);
    }

    private static INDArray probabilities(INDArray preOutput, IActivation activationFn, INDArray labels) {
        if (!(activationFn instanceof ActivationSoftmax)) {
            throw new IllegalArgumentException("SourceEntropyLoss needs a softmax output, got " + activationFn);
        }
        if (!labels.equalShapes(preOutput)) {
            throw new IllegalArgumentException("Labels and outputs must have the same shape, got "
                    + java.util.Arrays.toString(labels.shape()) + " and "
                    + java.util.Arrays.toString(preOutput.shape()));
        }
        return activationFn.getActivation(preOutput.dup(), true);
    }

    /** [n, 1]: 1 for rows with a label (non-zero row sum), else 0. */
    private static INDArray labelledRows(INDArray labels) {
        return labels.sum(true, 1).gt(0.5).castTo(labels.dataType());
    }

    /** [n, 1]: n/nLabelled on labelled rows, n/nUnlabelled on the others. */
    private static INDArray rowWeights(INDArray labelled) {
        double n = labelled.size(0);
        double nl = labelled.sumNumber().doubleValue();
        double nu = n - nl;
        double wl = nl > 0 ? n / nl : 0;
        double wu = nu > 0 ? n / nu : 0;
        return labelled.mul(wl - wu).addi(wu);
    }
}
