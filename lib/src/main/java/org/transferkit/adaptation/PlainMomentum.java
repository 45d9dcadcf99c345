package org.transferkit.adaptation;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Classical ("heavy-ball") momentum, the update of the DANN paper and of PyTorch's {@code SGD(momentum=m)}:
 * {@code v = m * v + g; w = w - lr * v}. DL4J's {@code Nesterovs} updater uses Nesterov's look-ahead form instead,
 * which behaves differently under a changing learning rate; this class is the plain form, applied to a network's
 * flattened parameter and gradient views.
 */
public final class PlainMomentum {

    private final double momentum;
    private INDArray velocity;

    /**
     * @param momentum the momentum coefficient m, in [0, 1)
     */
    public PlainMomentum(double momentum) {
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        this.momentum = momentum;
    }

    /**
     * One step, in place on {@code params}: {@code v = m * v + gradient; params -= learningRate * v} (v starts at 0).
     *
     * @throws IllegalArgumentException if the shapes differ or the learning rate is not a finite number > 0
     */
    public void step(INDArray params, INDArray gradient, double learningRate) {
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be a finite number > 0, got " + learningRate);
        }
        if (params.length() != gradient.length()) {
            throw new IllegalArgumentException("params (" + params.length() + ") and gradient (" + gradient.length()
                    + ") differ in length");
        }
        if (velocity == null) {
            velocity = gradient.dup();
        } else {
            velocity.muli(momentum).addi(gradient);
        }
        INDArray update = velocity.mul(learningRate);
        params.subi(update);
        update.close();   // off-heap memory, released now rather than whenever the garbage collector runs
    }

    /** The momentum buffer v (null before the first step). */
    public INDArray velocity() {
        return velocity;
    }
}
