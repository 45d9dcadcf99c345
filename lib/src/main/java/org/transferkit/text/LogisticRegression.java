package org.transferkit.text;

import java.util.Arrays;

/**
 * Binary logistic regression on {@link TextFeatures}, the linear head of the text lessons:
 * {@code P(y = 1 | x) = sigmoid(w . x + b)}, fitted by minimising the mean log loss plus an L2 penalty. Without an
 * anchor the penalty is {@code (l2 / 2) ||w||^2} (ordinary L2 regularisation; the bias is not penalised). With an
 * anchor, another model of the same features (a source model), it is {@code (l2 / 2) (||w - w_a||^2 + (b - b_a)^2)}:
 * the fit is pulled towards the anchor, and a large {@code l2} keeps the anchor's model.
 *
 * <p>The fit is deterministic: Nesterov's accelerated gradient descent from {@code w0} with step {@code 1/L}, where
 * {@code L} bounds the curvature of the objective (a quarter of the largest eigenvalue of {@code X'X/n}, with the bias
 * column, found by power iteration, plus {@code l2}), for a fixed number of iterations ({@link #ITERATIONS}).
 */
public final class LogisticRegression {

    /** Gradient steps of every fit. */
    public static final int ITERATIONS = 500;

    private final double[] weights;
    private final double bias;
    private final double l2;

    private LogisticRegression(double[] weights, double bias, double l2) {
        this.weights = weights;
        this.bias = bias;
        this.l2 = l2;
    }

    /** Fits with the penalty {@code (l2/2)||w||^2}. Labels are 0 or 1. */
    public static LogisticRegression fit(TextFeatures x, int[] y, double l2) {
        return fit(x, y, l2, null);
    }

    /**
     * Fits with the penalty {@code (l2/2)(||w - w_a||^2 + (b - b_a)^2)} towards the anchor's weights and bias,
     * starting from them ({@code anchor} null: {@link #fit(TextFeatures, int[], double)}). Labels are 0 or 1.
     */
    public static LogisticRegression fit(TextFeatures x, int[] y, double l2, LogisticRegression anchor) {
        int n = x.size();
        int d = x.dimension();
        if (n == 0 || y.length != n) {
            throw new IllegalArgumentException(n + " rows but " + y.length + " labels");
        }
        for (int label : y) {
            if (label != 0 && label != 1) {
                throw new IllegalArgumentException("labels must be 0 or 1, got " + label);
            }
        }
        if (l2 < 0) {
            throw new IllegalArgumentException("l2 must be at least 0, got " + l2);
        }
        if (anchor != null && anchor.weights.length != d) {
            throw new IllegalArgumentException("anchor has " + anchor.weights.length + " weights, features " + d);
        }
        double[] w0 = anchor == null ? new double[d + 1] : Arrays.copyOf(anchor.weights, d + 1);
        if (anchor != null) {
            w0[d] = anchor.bias;
        }
        boolean anchorBias = anchor != null;
        double step = 1 / (0.25 * largestEigenvalue(x) + l2);
        double[] w = w0.clone();       // last entry: bias
        double[] previous = w0.clone();
        double[] look = new double[d + 1];
        double[] grad = new double[d + 1];
        for (int it = 1; it <= ITERATIONS; it++) {
            double momentum = (it - 1.0) / (it + 2.0);
            for (int j = 0; j <= d; j++) {
                look[j] = w[j] + momentum * (w[j] - previous[j]);
            }
            Arrays.fill(grad, 0);
            for (int i = 0; i < n; i++) {
                int[] idx = x.index(i);
                float[] val = x.value(i);
                if (idx.length == d) { // a dense row: index k is column k
                    double s = look[d];
                    for (int k = 0; k < d; k++) {
                        s += look[k] * val[k];
                    }
                    double err = sigmoid(s) - y[i];
                    for (int k = 0; k < d; k++) {
                        grad[k] += err * val[k];
                    }
                    grad[d] += err;
                } else {
                    double err = sigmoid(score(look, x, i)) - y[i];
                    for (int k = 0; k < idx.length; k++) {
                        grad[idx[k]] += err * val[k];
                    }
                    grad[d] += err;
                }
            }
            System.arraycopy(w, 0, previous, 0, d + 1);
            for (int j = 0; j <= d; j++) {
                double g = grad[j] / n + (j < d || anchorBias ? l2 * (look[j] - w0[j]) : 0);
                w[j] = look[j] - step * g;
            }
        }
        return new LogisticRegression(Arrays.copyOf(w, d), w[d], l2);
    }

    /**
     * Fits one model per value of {@code l2s} on the training rows and returns the one with the highest accuracy on
     * the validation rows (the first such in {@code l2s} on a tie): the penalty chosen on a validation split.
     */
    public static LogisticRegression fitChosen(TextFeatures x, int[] y, double[] l2s, TextFeatures xVal, int[] yVal) {
        return fitChosen(x, y, l2s, null, xVal, yVal);
    }

    /** As {@link #fitChosen(TextFeatures, int[], double[], TextFeatures, int[])}, each fit pulled towards {@code anchor}. */
    public static LogisticRegression fitChosen(TextFeatures x, int[] y, double[] l2s, LogisticRegression anchor,
                                               TextFeatures xVal, int[] yVal) {
        if (l2s.length == 0) {
            throw new IllegalArgumentException("no values of l2 to choose from");
        }
        LogisticRegression best = null;
        double bestAccuracy = -1;
        for (double l2 : l2s) {
            LogisticRegression m = fit(x, y, l2, anchor);
            double a = m.accuracy(xVal, yVal);
            if (a > bestAccuracy) {
                best = m;
                bestAccuracy = a;
            }
        }
        return best;
    }

    /** The weights (a copy). */
    public double[] weights() {
        return weights.clone();
    }

    /** The bias. */
    public double bias() {
        return bias;
    }

    /** The penalty strength it was fitted with. */
    public double l2() {
        return l2;
    }

    /** {@code w . x_i + b}: positive means class 1. */
    public double score(TextFeatures x, int i) {
        requireDimension(x);
        double s = bias;
        int[] idx = x.index(i);
        float[] val = x.value(i);
        for (int k = 0; k < idx.length; k++) {
            s += weights[idx[k]] * val[k];
        }
        return s;
    }

    /** {@code P(y = 1 | x_i)} for every row. */
    public double[] probabilities(TextFeatures x) {
        double[] p = new double[x.size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = sigmoid(score(x, i));
        }
        return p;
    }

    /** Predicted class (0 or 1) of every row. */
    public int[] predict(TextFeatures x) {
        int[] p = new int[x.size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = score(x, i) > 0 ? 1 : 0;
        }
        return p;
    }

    /** Fraction of rows whose predicted class is {@code y}. */
    public double accuracy(TextFeatures x, int[] y) {
        if (y.length != x.size()) {
            throw new IllegalArgumentException(x.size() + " rows but " + y.length + " labels");
        }
        int[] p = predict(x);
        int right = 0;
        for (int i = 0; i < p.length; i++) {
            right += p[i] == y[i] ? 1 : 0;
        }
        return (double) right / p.length;
    }

    /** Mean log loss on the rows (without the penalty). */
    public double logLoss(TextFeatures x, int[] y) {
        double sum = 0;
        for (int i = 0; i < x.size(); i++) {
            double s = score(x, i);
            // log(1 + e^s) - y s, computed stably
            sum += Math.max(s, 0) + Math.log1p(Math.exp(-Math.abs(s))) - y[i] * s;
        }
        return sum / x.size();
    }

    private void requireDimension(TextFeatures x) {
        if (x.dimension() != weights.length) {
            throw new IllegalArgumentException("features have " + x.dimension() + " columns, the model " + weights.length);
        }
    }

    private static double score(double[] w, TextFeatures x, int i) {
        double s = w[w.length - 1];
        int[] idx = x.index(i);
        float[] val = x.value(i);
        for (int k = 0; k < idx.length; k++) {
            s += w[idx[k]] * val[k];
        }
        return s;
    }

    /** Largest eigenvalue of X'X/n with a column of ones for the bias, by power iteration. */
    static double largestEigenvalue(TextFeatures x) {
        int d = x.dimension();
        double[] v = new double[d + 1];
        Arrays.fill(v, 1 / Math.sqrt(d + 1));
        double lambda = 0;
        for (int it = 0; it < 50; it++) {
            double[] next = new double[d + 1];
            for (int i = 0; i < x.size(); i++) {
                double xv = score(v, x, i);
                int[] idx = x.index(i);
                float[] val = x.value(i);
                for (int k = 0; k < idx.length; k++) {
                    next[idx[k]] += xv * val[k] / x.size();
                }
                next[d] += xv / x.size();
            }
            double norm = 0;
            for (double e : next) {
                norm += e * e;
            }
            lambda = Math.sqrt(norm);
            if (lambda == 0) {
                return 1;
            }
            for (int j = 0; j <= d; j++) {
                v[j] = next[j] / lambda;
            }
        }
        return lambda;
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    @Override
    public String toString() {
        return "LogisticRegression[" + weights.length + " weights, l2 " + l2 + "]";
    }
}
