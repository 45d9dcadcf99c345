package org.transferkit.adaptation;

/**
 * A value that changes over training, as a function of progress {@code p = step / totalSteps} in [0, 1). Used for
 * the DANN reversal strength lambda and the learning rate, so both are explicit, printable and replaceable.
 */
@FunctionalInterface
public interface Schedule {

    /** Value at training progress {@code p} in [0, 1]. */
    double valueAt(double progress);

    /** The same value throughout; {@code constant(0)} as lambda gives the source-only baseline. */
    static Schedule constant(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("Schedule value must be finite, got " + value);
        }
        return p -> value;
    }

    /**
     * DANN's lambda ramp (Ganin et al. 2016): {@code lambdaMax * (2 / (1 + exp(-10 p)) - 1)}, rising from 0 to about
     * {@code lambdaMax} (0.245, 0.462, 0.762, 0.987 of it at p = 0.05, 0.1, 0.2, 0.5). It keeps the domain signal
     * away while the domain classifier is still random.
     */
    static Schedule ganinLambda(double lambdaMax) {
        return ganinLambda(10, lambdaMax);
    }

    /** {@code lambdaMax * (2 / (1 + exp(-gamma p)) - 1)}; the paper uses gamma = 10. */
    static Schedule ganinLambda(double gamma, double lambdaMax) {
        if (!(lambdaMax >= 0) || Double.isInfinite(lambdaMax)) {
            throw new IllegalArgumentException("lambdaMax must be a finite number >= 0, got " + lambdaMax);
        }
        if (!(gamma > 0) || Double.isInfinite(gamma)) {
            throw new IllegalArgumentException("gamma must be a finite number > 0, got " + gamma);
        }
        return p -> lambdaMax * (2.0 / (1.0 + Math.exp(-gamma * p)) - 1.0);
    }

    /** DANN's learning-rate annealing: {@code mu0 / (1 + 10 p)^0.75} (0.01 -&gt; 0.00166 at p = 1 for mu0 = 0.01). */
    static Schedule ganinLearningRate(double mu0) {
        return ganinLearningRate(mu0, 10, 0.75);
    }

    /** {@code mu0 / (1 + alpha p)^beta}. */
    static Schedule ganinLearningRate(double mu0, double alpha, double beta) {
        if (!(mu0 > 0) || Double.isInfinite(mu0)) {
            throw new IllegalArgumentException("mu0 must be a finite number > 0, got " + mu0);
        }
        if (!(alpha >= 0) || !(beta >= 0) || Double.isInfinite(alpha) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("alpha and beta must be finite numbers >= 0, got " + alpha + ", "
                    + beta);
        }
        return p -> mu0 / Math.pow(1 + alpha * p, beta);
    }
}
