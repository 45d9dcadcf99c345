package org.transferkit.diagnostics;

import java.util.Arrays;
import java.util.TreeMap;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.eigen.Eigen;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.inverse.InvertMatrix;

/**
 * Transferability scores: how well a source model is expected to transfer to a labelled target task, computed from
 * the source model's outputs or features on target data before any fine-tuning. All are "higher is better" and are
 * meant for ranking candidate sources ({@link SourceSelection}); none is reliable on every target. All arithmetic is
 * in double precision; natural logarithms throughout.
 * <ul>
 *   <li>{@link #leep}: Nguyen, Hassner, Seeger, Archambeau (ICML 2020), from the source head's class probabilities.</li>
 *   <li>{@link #nce}: Tran, Nguyen, Hassner (ICCV 2019), from the source head's hard predictions.</li>
 *   <li>{@link #hScore}: Bao, Li, Huang, Zheng (ICIP 2019), from penultimate-layer features.</li>
 *   <li>{@link #logMe}: You, Liu, Wang, Long (ICML 2021), from penultimate-layer features.</li>
 * </ul>
 */
public final class Transferability {
    /** Default relative ridge of {@link #hScore(INDArray, int[])}: ridge = 1e-6 * mean feature variance. */
    public static final double DEFAULT_RELATIVE_RIDGE = 1e-6;
    /** Fixed-point iteration of {@link #logMe}: stop when alpha and beta change by less than this (relative). */
    static final double LOGME_TOLERANCE = 1e-8;
    /** Fixed-point iteration of {@link #logMe}: at most this many iterations per class. */
    static final int LOGME_MAX_ITERATIONS = 500;
    private static final double TINY = 1e-300;

    private Transferability() {
    }

    // ----------------------------------------------------------------------------------------------------- LEEP

    /**
     * Log expected empirical prediction. With theta(x_i) the source model's class distribution on target example i
     * (a dummy label z over the Cs source classes): the empirical joint P(y, z) = (1/n) sum_i theta(x_i)_z [y_i = y],
     * the conditional P(y | z) = P(y, z) / P(z), and
     * <pre>  LEEP = (1/n) sum_i log( sum_z P(y_i | z) theta(x_i)_z ).</pre>
     * It is the average log-likelihood of the "expected empirical predictor" that re-maps source classes to target
     * classes; it lies in (-inf, 0]. Source classes that receive no probability mass (P(z) = 0) drop out.
     *
     * @param sourceProbs  [n, Cs] softmax outputs of the source model on the target inputs (rows sum to 1)
     * @param targetLabels n target labels in [0, Ct)
     * @param numTargetClasses Ct
     */
    public static double leep(INDArray sourceProbs, int[] targetLabels, int numTargetClasses) {
        double[][] theta = matrix(sourceProbs, "sourceProbs");
        int n = theta.length;
        checkLabels(targetLabels, n, "targetLabels");
        if (numTargetClasses < 1) {
            throw new IllegalArgumentException("numTargetClasses must be >= 1, got " + numTargetClasses);
        }
        int cs = theta[0].length;
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int z = 0; z < cs; z++) {
                if (!(theta[i][z] >= 0) || theta[i][z] > 1 + 1e-6) {
                    throw new IllegalArgumentException("sourceProbs must be probabilities in [0, 1]; row " + i
                            + " column " + z + " is " + theta[i][z]);
                }
                sum += theta[i][z];
            }
            if (Math.abs(sum - 1) > 1e-3) {
                throw new IllegalArgumentException("sourceProbs rows must sum to 1 (softmax outputs); row " + i
                        + " sums to " + sum);
            }
            if (targetLabels[i] >= numTargetClasses) {
                throw new IllegalArgumentException("targetLabels must be in [0, " + numTargetClasses + "), got "
                        + targetLabels[i] + " at " + i);
            }
        }
        double[][] joint = new double[numTargetClasses][cs];
        double[] marginal = new double[cs];
        for (int i = 0; i < n; i++) {
            for (int z = 0; z < cs; z++) {
                joint[targetLabels[i]][z] += theta[i][z] / n;
                marginal[z] += theta[i][z] / n;
            }
        }
        double total = 0;
        for (int i = 0; i < n; i++) {
            double p = 0;
            for (int z = 0; z < cs; z++) {
                if (marginal[z] > 0) {
                    p += joint[targetLabels[i]][z] / marginal[z] * theta[i][z];
                }
            }
            total += Math.log(p);
        }
        return total / n;
    }

    // ------------------------------------------------------------------------------------------------------ NCE

    /**
     * Negative conditional entropy -H(Y | Z) of the target labels Y given the source model's hard predictions Z on
     * the target inputs, from the empirical joint distribution of (z, y) pairs:
     * <pre>  NCE = sum_{y,z} P(y, z) log P(y | z),  P(y | z) = P(y, z) / P(z).</pre>
     * 0 means the source prediction determines the target label; -log Ct is the worst for balanced classes.
     *
     * @param sourcePseudoLabels n source-class predictions (argmax of the source head, see {@link #argMax})
     * @param targetLabels       n target labels
     */
    public static double nce(int[] sourcePseudoLabels, int[] targetLabels) {
        if (sourcePseudoLabels == null || targetLabels == null || sourcePseudoLabels.length == 0) {
            throw new IllegalArgumentException("expected non-empty label arrays");
        }
        int n = sourcePseudoLabels.length;
        checkLabels(sourcePseudoLabels, n, "sourcePseudoLabels");
        checkLabels(targetLabels, n, "targetLabels");
        TreeMap<Integer, TreeMap<Integer, Integer>> counts = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            counts.computeIfAbsent(sourcePseudoLabels[i], k -> new TreeMap<>()).merge(targetLabels[i], 1, Integer::sum);
        }
        double nce = 0;
        for (TreeMap<Integer, Integer> row : counts.values()) {
            int nz = row.values().stream().mapToInt(Integer::intValue).sum();
            for (int nyz : row.values()) {
                nce += (double) nyz / n * Math.log((double) nyz / nz);
            }
        }
        return nce;
    }

    // -------------------------------------------------------------------------------------------------- H-score

    /** {@link #hScore(INDArray, int[], double)} with {@link #DEFAULT_RELATIVE_RIDGE}. */
    public static double hScore(INDArray features, int[] labels) {
        return hScore(features, labels, DEFAULT_RELATIVE_RIDGE);
    }

    /**
     * H-score: H(f) = tr( cov(f)^-1 cov(E[f | y]) ), with both covariances the biased (1/n) sample covariances over
     * the n target examples, and E[f | y] the class mean of each example's class. It measures how much of the feature
     * variance lies between classes; it is at most the number of features.
     *
     * <p>Ridge: cov(f) is singular whenever a feature is constant (dead ReLUs are common), so the inverse is taken of
     * cov(f) + lambda I with lambda = relativeRidge * tr(cov(f)) / d (relativeRidge times the mean feature variance).
     * With the default 1e-6 this changes well-conditioned scores by about one part in a million; a constant feature then
     * contributes 0.
     *
     * @param features      [n, d] target features from the source network (e.g. its penultimate layer)
     * @param labels        n target labels (non-negative)
     * @param relativeRidge >= 0
     */
    public static double hScore(INDArray features, int[] labels, double relativeRidge) {
        double[][] f = matrix(features, "features");
        int n = f.length;
        checkLabels(labels, n, "labels");
        if (n < 2) {
            throw new IllegalArgumentException("expected at least 2 examples, got " + n);
        }
        if (!(relativeRidge >= 0) || Double.isInfinite(relativeRidge)) {
            throw new IllegalArgumentException("relativeRidge must be finite and >= 0, got " + relativeRidge);
        }
        int d = f[0].length;
        INDArray x = Nd4j.createFromArray(f);
        INDArray mean = x.mean(0).reshape(1, d);
        INDArray centred = x.subRowVector(mean);
        INDArray cov = centred.transpose().mmul(centred).divi(n);
        double trace = 0;
        for (int j = 0; j < d; j++) {
            trace += cov.getDouble(j, j);
        }
        double meanVariance = trace / d;
        if (!(meanVariance > 0)) {
            throw new IllegalArgumentException("features are constant across examples: H-score is undefined");
        }
        int classes = Arrays.stream(labels).max().getAsInt() + 1;
        double[][] classSum = new double[classes][d];
        int[] classCount = new int[classes];
        for (int i = 0; i < n; i++) {
            classCount[labels[i]]++;
            for (int j = 0; j < d; j++) {
                classSum[labels[i]][j] += f[i][j];
            }
        }
        // cov(E[f|y]) = sum_k (n_k / n) (mu_k - mu)(mu_k - mu)^T = M^T M with rows sqrt(n_k / n) (mu_k - mu)
        INDArray m = Nd4j.zeros(DataType.DOUBLE, classes, d);
        for (int k = 0; k < classes; k++) {
            if (classCount[k] == 0) {
                continue;
            }
            double w = Math.sqrt((double) classCount[k] / n);
            for (int j = 0; j < d; j++) {
                m.putScalar(k, j, w * (classSum[k][j] / classCount[k] - mean.getDouble(0, j)));
            }
        }
        INDArray regularised = cov.addi(Nd4j.eye(d).castTo(DataType.DOUBLE).muli(relativeRidge * meanVariance));
        INDArray inverse = InvertMatrix.invert(regularised, false);
        // tr(inv * M^T M) = tr(M inv M^T)
        return m.mmul(inverse).mul(m).sumNumber().doubleValue();
    }

    // ---------------------------------------------------------------------------------------------------- LogME

    /**
     * LogME: the log maximum evidence of a Bayesian linear model on the features, per target class, averaged over
     * classes and divided by n. For class k, y = 1[label == k] (a 0/1 vector), the model is y ~ N(F w, 1/beta),
     * w ~ N(0, I/alpha), and its log evidence is
     * <pre>  L(alpha, beta) = n/2 log beta + d/2 log alpha - n/2 log 2 pi - beta/2 ||F m - y||^2 - alpha/2 m^T m
     *                  - 1/2 log det A,   A = alpha I + beta F^T F,  m = beta A^-1 F^T y.</pre>
     * alpha and beta are maximised with MacKay's fixed-point iteration, starting from alpha = beta = 1:
     * gamma = sum_i beta s_i / (alpha + beta s_i) (s_i the eigenvalues of F^T F), alpha = gamma / m^T m,
     * beta = (n - gamma) / ||F m - y||^2, until both change by less than 1e-8 (relative) or 500 iterations.
     * The features are used as given (no centring, no bias column), as in the paper. Classes are those present in
     * {@code labels}.
     *
     * @param features [n, d] target features from the source network
     * @param labels   n target labels (non-negative)
     */
    public static double logMe(INDArray features, int[] labels) {
        double[][] f = matrix(features, "features");
        int n = f.length;
        checkLabels(labels, n, "labels");
        if (n < 2) {
            throw new IllegalArgumentException("expected at least 2 examples, got " + n);
        }
        Spectrum spectrum = Spectrum.of(f);
        int[] classes = Arrays.stream(labels).distinct().sorted().toArray();
        double sum = 0;
        for (int k : classes) {
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                y[i] = labels[i] == k ? 1 : 0;
            }
            sum += spectrum.maxEvidence(y)[2] / n;
        }
        return sum / classes.length;
    }

    /** Eigen-decomposition of F^T F, enough to evaluate and maximise the LogME evidence for any target vector y. */
    static final class Spectrum {
        final int n;
        final int d;
        final double[] eigenvalues;  // s_i >= 0
        final INDArray eigenvectors; // [d, d], columns
        final INDArray f;            // [n, d]

        private Spectrum(int n, int d, double[] eigenvalues, INDArray eigenvectors, INDArray f) {
            this.n = n;
            this.d = d;
            this.eigenvalues = eigenvalues;
            this.eigenvectors = eigenvectors;
            this.f = f;
        }

        static Spectrum of(double[][] features) {
            INDArray f = Nd4j.createFromArray(features);
            INDArray gram = f.transpose().mmul(f);
            INDArray vectors = gram.dup('c');
            double[] values = Eigen.symmetricGeneralizedEigenvalues(vectors, true).toDoubleVector();
            for (int i = 0; i < values.length; i++) {
                values[i] = Math.max(values[i], 0);
            }
            return new Spectrum(features.length, features[0].length, values, vectors, f);
        }

        /** q = V^T F^T y: the target projected on the eigenvectors, scaled. */
        double[] project(double[] y) {
            INDArray fy = f.transpose().mmul(Nd4j.createFromArray(y).reshape(n, 1));
            return eigenvectors.transpose().mmul(fy).toDoubleVector();
        }

        /** Log evidence L(alpha, beta) for target y (not divided by n). */
        double evidence(double[] y, double alpha, double beta) {
            return evidence(project(y), dot(y, y), alpha, beta);
        }

        double evidence(double[] q, double yy, double alpha, double beta) {
            double logDet = 0;
            double mm = 0;
            double fitted = 0; // sum beta q^2 / t
            double fmNorm = 0; // ||F m||^2 = sum s (beta q / t)^2
            for (int i = 0; i < d; i++) {
                double t = alpha + beta * eigenvalues[i];
                logDet += Math.log(t);
                double mi = beta * q[i] / t;
                mm += mi * mi;
                fitted += beta * q[i] * q[i] / t;
                fmNorm += eigenvalues[i] * mi * mi;
            }
            double residual = Math.max(yy - 2 * fitted + fmNorm, 0);
            return 0.5 * n * Math.log(beta) + 0.5 * d * Math.log(alpha) - 0.5 * n * Math.log(2 * Math.PI)
                    - 0.5 * beta * residual - 0.5 * alpha * mm - 0.5 * logDet;
        }

        /** {alpha, beta, L(alpha, beta)} at the fixed point of MacKay's updates for target y. */
        double[] maxEvidence(double[] y) {
            double[] q = project(y);
            double yy = dot(y, y);
            double alpha = 1;
            double beta = 1;
            for (int iteration = 0; iteration < LOGME_MAX_ITERATIONS; iteration++) {
                double gamma = 0;
                double mm = 0;
                double fitted = 0;
                double fmNorm = 0;
                for (int i = 0; i < d; i++) {
                    double t = alpha + beta * eigenvalues[i];
                    gamma += beta * eigenvalues[i] / t;
                    double mi = beta * q[i] / t;
                    mm += mi * mi;
                    fitted += beta * q[i] * q[i] / t;
                    fmNorm += eigenvalues[i] * mi * mi;
                }
                double residual = Math.max(yy - 2 * fitted + fmNorm, TINY);
                double newAlpha = Math.max(gamma, TINY) / Math.max(mm, TINY);
                double newBeta = Math.max(n - gamma, TINY) / residual;
                boolean converged = Math.abs(newAlpha - alpha) <= LOGME_TOLERANCE * alpha
                        && Math.abs(newBeta - beta) <= LOGME_TOLERANCE * beta;
                alpha = newAlpha;
                beta = newBeta;
                if (converged) {
                    break;
                }
            }
            return new double[] {alpha, beta, evidence(q, yy, alpha, beta)};
        }
    }

    // -------------------------------------------------------------------------------------------------- helpers

    /** Row-wise argmax: hard predictions from probabilities, or class indices from one-hot labels. */
    public static int[] argMax(INDArray rows) {
        if (rows == null || rows.rank() != 2 || rows.size(0) == 0) {
            throw new IllegalArgumentException("expected a non-empty [n, C] array");
        }
        return Nd4j.argMax(rows, 1).toIntVector();
    }

    private static double[][] matrix(INDArray a, String name) {
        if (a == null || a.rank() != 2 || a.size(0) == 0 || a.size(1) == 0) {
            throw new IllegalArgumentException(name + ": expected a non-empty 2-D array [n, d], got "
                    + (a == null ? "null" : Arrays.toString(a.shape())));
        }
        double[][] m = a.castTo(DataType.DOUBLE).toDoubleMatrix();
        for (int i = 0; i < m.length; i++) {
            for (double v : m[i]) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException(name + ": expected finite values, row " + i + " has " + v);
                }
            }
        }
        return m;
    }

    private static void checkLabels(int[] labels, int n, String name) {
        if (labels == null || labels.length != n) {
            throw new IllegalArgumentException(name + ": expected " + n + " labels (one per row), got "
                    + (labels == null ? "null" : labels.length));
        }
        for (int i = 0; i < n; i++) {
            if (labels[i] < 0) {
                throw new IllegalArgumentException(name + ": expected non-negative labels, got " + labels[i] + " at " + i);
            }
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
