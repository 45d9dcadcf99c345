package org.transferkit.diagnostics;

import java.util.Arrays;
import java.util.TreeMap;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.eigen.Eigen;
import org.nd4j.linalg.factory.Nd4j;

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
 *   <li>{@link #hScoreShrunk}: the H-score with a shrinkage covariance, usable with fewer examples than features.</li>
 * </ul>
 * {@link #scores} computes all of them from a trained source network.
 */
public final class Transferability {
    /** Default relative ridge of {@link #hScore(INDArray, int[])}: ridge = 1e-6 * mean feature variance. */
    public static final double DEFAULT_RELATIVE_RIDGE = 1e-6;
    /** Range of t = alpha / beta in {@link #logMe} (features scaled to unit mean squared row norm). */
    static final double LOGME_MIN_T = 1e-12;
    static final double LOGME_MAX_T = 1e12;
    /** Grid of log t on which {@link #logMe} looks for the evidence's maxima before refining them. */
    static final int LOGME_GRID = 240;
    /** Floor of the residual term ||F m - y||^2 + t m^T m in {@link #logMe}, relative to ||y||^2. */
    static final double LOGME_FLOOR = 1e-12;

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
     * variance lies between classes; it lies in [0, min(d, C - 1)] for C classes. With fewer examples than features
     * it saturates near C - 1 whatever the features (see {@link #hScoreShrunk}).
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
        if (!(relativeRidge >= 0) || Double.isInfinite(relativeRidge)) {
            throw new IllegalArgumentException("relativeRidge must be finite and >= 0, got " + relativeRidge);
        }
        return hScore(matrix(features, "features"), labels, false, relativeRidge);
    }

    /**
     * H-score with a Ledoit-Wolf shrinkage estimate of cov(f), for few examples: with n &lt;= d (say 50 labelled
     * images and 500 features) the sample covariance is singular, every class is separable in some direction, and the
     * plain {@link #hScore} saturates near its maximum (classes - 1) for almost any features, so it cannot rank them.
     * Shrinking cov(f) towards a multiple of the identity, as Ibrahim, Ponomareva and Mazumder (ICLR 2023) propose for
     * transferability, fixes that: with S the biased sample covariance, m = tr(S)/d, and the normalised norm
     * ||A||^2 = tr(A A^T)/d,
     * <pre>  delta^2 = ||S - m I||^2,   b^2 = min(delta^2, (1/n^2) sum_i ||x_i x_i^T - S||^2),
     *  rho = b^2 / delta^2,       cov* = (1 - rho) S + rho m I,
     *  H = tr( cov*^-1 (1 - rho) cov(E[f | y]) ),</pre>
     * with x_i the centred feature vectors (Ledoit and Wolf 2004; rho = 0 when S is already a multiple of I). Both
     * covariances are shrunk with the same weight 1 - rho, so, like the plain score, it lies in [0, min(d, C - 1)]:
     * cov(E[f | y]) is at most S, and (1 - rho) S at most cov*. This is the score the kit reports; the plain one
     * saturates with few examples.
     *
     * @param features [n, d] target features from the source network
     * @param labels   n target labels (non-negative)
     */
    public static double hScoreShrunk(INDArray features, int[] labels) {
        return hScore(matrix(features, "features"), labels, true, 0);
    }

    /**
     * The Ledoit-Wolf shrinkage intensity rho in [0, 1] of the features' covariance (see {@link #hScoreShrunk}): 0
     * keeps the sample covariance, 1 replaces it by m I.
     */
    public static double ledoitWolfShrinkage(INDArray features) {
        double[][] f = matrix(features, "features");
        if (f.length < 2) {
            throw new IllegalArgumentException("expected at least 2 examples, got " + f.length);
        }
        INDArray centred = centred(f);
        INDArray cov = centred.transpose().mmul(centred).divi(f.length);
        return ledoitWolf(centred, cov);
    }

    private static double hScore(double[][] f, int[] labels, boolean shrink, double relativeRidge) {
        int n = f.length;
        checkLabels(labels, n, "labels");
        if (n < 2) {
            throw new IllegalArgumentException("expected at least 2 examples, got " + n);
        }
        int d = f[0].length;
        INDArray centred = centred(f);
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
                classSum[labels[i]][j] += centred.getDouble(i, j);
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
                m.putScalar(k, j, w * classSum[k][j] / classCount[k]);
            }
        }
        INDArray regularised;
        double betweenWeight = 1;
        if (shrink) {
            double rho = ledoitWolf(centred, cov);
            regularised = cov.muli(1 - rho).addi(Nd4j.eye(d).castTo(DataType.DOUBLE).muli(rho * meanVariance));
            betweenWeight = 1 - rho; // the between-class covariance is shrunk with the same weight: H stays <= C - 1
        } else {
            regularised = cov.addi(Nd4j.eye(d).castTo(DataType.DOUBLE).muli(relativeRidge * meanVariance));
        }
        // tr(inv(C) M^T M) = sum_i ||M v_i||^2 / lambda_i over the eigenpairs of the symmetric C: stable where an LU
        // inverse of a nearly singular C fails.
        INDArray vectors = regularised.dup('c');
        double[] values = Eigen.symmetricGeneralizedEigenvalues(vectors, true).toDoubleVector();
        double[] projected = m.mmul(vectors).mul(m.mmul(vectors)).sum(0).toDoubleVector();
        double h = 0;
        for (int i = 0; i < values.length; i++) {
            if (projected[i] == 0) {
                continue;
            }
            if (!(values[i] > 0)) {
                throw new IllegalArgumentException("the feature covariance is singular (eigenvalue " + values[i]
                        + "); use a positive relativeRidge or hScoreShrunk");
            }
            h += projected[i] / values[i];
        }
        return betweenWeight * h;
    }

    /** Rows minus their column means, in double precision. */
    private static INDArray centred(double[][] f) {
        INDArray x = Nd4j.createFromArray(f);
        return x.subRowVector(x.mean(0).reshape(1, f[0].length));
    }

    /**
     * Ledoit-Wolf intensity for centred rows x_i and S = X^T X / n. Uses sum_i x_i^T S x_i = n ||S||_F^2, so
     * sum_i ||x_i x_i^T - S||_F^2 = sum_i ||x_i||^4 - n ||S||_F^2.
     */
    private static double ledoitWolf(INDArray centred, INDArray cov) {
        int n = (int) centred.size(0);
        int d = (int) centred.size(1);
        double trace = 0;
        for (int j = 0; j < d; j++) {
            trace += cov.getDouble(j, j);
        }
        double mu = trace / d;
        double frob2 = cov.mul(cov).sumNumber().doubleValue();
        double delta2 = frob2 / d - mu * mu;
        if (!(delta2 > 1e-12 * mu * mu)) {
            return 0; // S is (numerically) a multiple of the identity already
        }
        double[] rowNorms2 = centred.mul(centred).sum(1).toDoubleVector();
        double fourth = 0;
        for (double r : rowNorms2) {
            fourth += r * r;
        }
        double b2 = Math.max(0, (fourth - n * frob2) / ((double) n * n * d));
        return Math.min(b2, delta2) / delta2;
    }

    // ---------------------------------------------------------------------------------------------------- LogME

    /**
     * LogME: the log maximum evidence of a Bayesian linear model on the features, per target class, averaged over
     * classes and divided by n. For class k, y = 1[label == k] (a 0/1 vector), the model is y ~ N(F w, 1/beta),
     * w ~ N(0, I/alpha), and its log evidence is
     * <pre>  L(alpha, beta) = n/2 log beta + d/2 log alpha - n/2 log 2 pi - beta/2 ||F m - y||^2 - alpha/2 m^T m
     *                  - 1/2 log det A,   A = alpha I + beta F^T F,  m = beta A^-1 F^T y.</pre>
     * It is computed from the singular value decomposition of F, as in the paper (through the eigen-decomposition of
     * the smaller of F F^T and F^T F): with sigma_i the r non-zero squared singular values, x_i = u_i^T y the target
     * on the left singular vectors and t = alpha / beta,
     * <pre>  gamma = sum_i sigma_i / (sigma_i + t),   m^T m = sum_i sigma_i x_i^2 / (sigma_i + t)^2,
     *  ||F m - y||^2 = sum_i x_i^2 t^2 / (sigma_i + t)^2 + (||y||^2 - sum_i x_i^2).</pre>
     * The maximum satisfies MacKay's conditions alpha = gamma / m^T m and beta = (n - gamma) / ||F m - y||^2. The
     * paper reaches them by iterating those updates; the kit solves the same conditions directly, which also works
     * where the iteration creeps (the maximum at alpha = infinity, w = 0): for a fixed t the best beta is
     * n / (||F m - y||^2 + t m^T m), and the maximum over t is a root of gamma - alpha m^T m in log t, found on a grid
     * and refined by bisection. The d - r directions that F does not span add (d - r)/2 log alpha twice with opposite
     * signs and are left out exactly, which keeps the score finite for rank-deficient features (dead ReLUs,
     * duplicated columns, fewer examples than features): there a computed eigenvalue is rounding noise, and dividing by
     * it sends alpha to 0 and the evidence to minus infinity. Floors keep every logarithm finite: the features are
     * divided by their root-mean-square row norm first (the maximum evidence does not depend on the features'
     * scale), t stays in [1e-12, 1e12], and the residual term is at least 1e-12 ||y||^2 (perfectly separable
     * features would otherwise have an unbounded evidence). The features are used as given (no centring, no bias
     * column), as in the paper. Classes are those present in {@code labels}. The result is always finite.
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
        double logMe = sum / classes.length;
        if (!Double.isFinite(logMe)) { // cannot happen with the floors above; a loud failure if it ever does
            throw new IllegalStateException("LogME is not finite (" + logMe + ") for features of shape [" + n + ", "
                    + f[0].length + "]; run environment/kit doctor to check the linear algebra");
        }
        return logMe;
    }

    /**
     * The singular values and left singular vectors of F, enough to evaluate and maximise the LogME evidence for any
     * target vector y. Squared singular values are divided by {@link #scale} (the mean squared row norm of F).
     */
    static final class Spectrum {
        final int n;
        final int d;
        final double scale;    // tr(F^T F) / n; 1 when F is zero
        final double[] sigma;  // the r non-zero squared singular values of F, divided by scale
        final double[][] left; // [r][n]: the left singular vectors u_i

        private Spectrum(int n, int d, double scale, double[] sigma, double[][] left) {
            this.n = n;
            this.d = d;
            this.scale = scale;
            this.sigma = sigma;
            this.left = left;
        }

        static Spectrum of(double[][] features) {
            int n = features.length;
            int d = features[0].length;
            INDArray f = Nd4j.createFromArray(features);
            boolean wide = n <= d;  // decompose the smaller Gram matrix: F F^T [n, n] or F^T F [d, d]
            INDArray gram = wide ? f.mmul(f.transpose()) : f.transpose().mmul(f);
            double trace = 0;
            for (int i = 0; i < gram.size(0); i++) {
                trace += gram.getDouble(i, i);
            }
            if (!(trace > 0)) {
                return new Spectrum(n, d, 1, new double[0], new double[0][]);
            }
            INDArray vectors = gram.dup('c');
            double[] values = Eigen.symmetricGeneralizedEigenvalues(vectors, true).toDoubleVector();
            double max = Arrays.stream(values).max().orElse(0);
            // eigenvalues below this are rounding noise of a zero (the usual numerical-rank tolerance)
            double zero = Math.max(n, d) * Math.ulp(1.0) * max;
            double[][] columns = vectors.transpose().toDoubleMatrix(); // row i = eigenvector i
            INDArray projectedToLeft = wide ? null : f.mmul(vectors);   // F v_i = s_i u_i, columns
            java.util.List<double[]> u = new java.util.ArrayList<>();
            java.util.List<Double> s = new java.util.ArrayList<>();
            for (int i = 0; i < values.length; i++) {
                if (values[i] <= zero) {
                    continue;
                }
                double[] ui;
                if (wide) {
                    ui = columns[i];
                } else {
                    ui = projectedToLeft.getColumn(i).toDoubleVector();
                    double norm = Math.sqrt(values[i]);
                    for (int j = 0; j < n; j++) {
                        ui[j] /= norm;
                    }
                }
                u.add(ui);
                s.add(values[i] / (trace / n));
            }
            return new Spectrum(n, d, trace / n, s.stream().mapToDouble(Double::doubleValue).toArray(),
                    u.toArray(new double[0][]));
        }

        /** Rank r of F (non-zero singular values). */
        int rank() {
            return sigma.length;
        }

        /** x_i = u_i^T y: the target on the left singular vectors. */
        double[] project(double[] y) {
            double[] x = new double[sigma.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = dot(left[i], y);
            }
            return x;
        }

        /** Log evidence L(alpha, beta) for target y (not divided by n), alpha in the units of the given features. */
        double evidence(double[] y, double alpha, double beta) {
            return evidenceScaled(project(y), dot(y, y), alpha / scale, beta);
        }

        /** L with alpha in the units of the scaled features (alpha / scale). */
        private double evidenceScaled(double[] x, double yy, double alpha, double beta) {
            double t = alpha / beta;
            double logDet = 0;
            for (double s : sigma) {
                logDet += Math.log(alpha + beta * s);
            }
            return 0.5 * sigma.length * Math.log(alpha) + 0.5 * n * Math.log(beta) - 0.5 * n * Math.log(2 * Math.PI)
                    - 0.5 * beta * residual(x, yy, t) - 0.5 * alpha * weightNorm2(x, t) - 0.5 * logDet;
        }

        /** m^T m for t = alpha / beta (scaled units). */
        private double weightNorm2(double[] x, double t) {
            double mm = 0;
            for (int i = 0; i < sigma.length; i++) {
                double q = sigma[i] + t;
                mm += sigma[i] * x[i] * x[i] / (q * q);
            }
            return mm;
        }

        /**
         * ||F m - y||^2, term by term: positive in each of the r directions, and the part of y outside the span of F
         * as the only difference (clamped at 0). The expanded form ||y||^2 - 2 y^T F m + ||F m||^2 cancels to
         * rounding noise when F can fit y almost exactly.
         */
        private double residual(double[] x, double yy, double t) {
            double inSpan = 0;
            double misfit = 0;
            for (int i = 0; i < sigma.length; i++) {
                double x2 = x[i] * x[i];
                double shrink = t / (sigma[i] + t);
                inSpan += x2;
                misfit += shrink * shrink * x2;
            }
            return misfit + Math.max(yy - inSpan, 0);
        }

        /**
         * {alpha, beta, L(alpha, beta)} at the maximum of the evidence for target y (alpha in the features' units).
         * For a fixed ratio t = alpha / beta the best beta is n / (||F m - y||^2 + t m^T m), and the derivative of the
         * evidence in log t is then (gamma - alpha m^T m) / 2: zero exactly where MacKay's updates stand still. The
         * maximum is found among the roots of that derivative on a grid of log t, each refined by bisection, and the
         * two ends of the range.
         */
        double[] maxEvidence(double[] y) {
            double[] x = project(y);
            double yy = dot(y, y);
            double lo = Math.log(LOGME_MIN_T);
            double hi = Math.log(LOGME_MAX_T);
            double step = (hi - lo) / LOGME_GRID;
            double bestU = lo;
            double bestL = profile(x, yy, lo);
            double previous = slope(x, yy, lo);
            for (int i = 1; i <= LOGME_GRID; i++) {
                double u = lo + i * step;
                double g = slope(x, yy, u);
                if (previous > 0 && g <= 0) { // a maximum between u - step and u
                    double left = u - step;
                    double right = u;
                    for (int k = 0; k < 100 && right - left > 1e-15 * Math.max(1, Math.abs(left)); k++) {
                        double mid = 0.5 * (left + right);
                        if (slope(x, yy, mid) > 0) {
                            left = mid;
                        } else {
                            right = mid;
                        }
                    }
                    double root = 0.5 * (left + right);
                    double l = profile(x, yy, root);
                    if (l > bestL) {
                        bestL = l;
                        bestU = root;
                    }
                }
                previous = g;
            }
            double top = profile(x, yy, hi);
            if (top > bestL) {
                bestL = top;
                bestU = hi;
            }
            double t = Math.exp(bestU);
            double beta = bestBeta(x, yy, t);
            return new double[] {t * beta * scale, beta, evidenceScaled(x, yy, t * beta, beta)};
        }

        /** n / (||F m - y||^2 + t m^T m): the best beta for the ratio t (scaled units), floored. */
        private double bestBeta(double[] x, double yy, double t) {
            return n / Math.max(residual(x, yy, t) + t * weightNorm2(x, t), LOGME_FLOOR * Math.max(yy, 1));
        }

        /** The evidence at t = exp(u) with beta at its best for that t. */
        private double profile(double[] x, double yy, double u) {
            double t = Math.exp(u);
            double beta = bestBeta(x, yy, t);
            return evidenceScaled(x, yy, t * beta, beta);
        }

        /** 2 dL/du at t = exp(u), beta at its best: gamma - alpha m^T m. */
        private double slope(double[] x, double yy, double u) {
            double t = Math.exp(u);
            double gamma = 0;
            for (double s : sigma) {
                gamma += s / (s + t);
            }
            return gamma - t * bestBeta(x, yy, t) * weightNorm2(x, t);
        }
    }

    // ------------------------------------------------------------------------------------- all from a network

    /**
     * The scores of one source network on labelled target data, all computed before any fine-tuning.
     *
     * @param leep         {@link #leep} from the source head's softmax outputs
     * @param nce          {@link #nce} from the source head's argmax predictions
     * @param hScoreShrunk {@link #hScoreShrunk} from the penultimate-layer features: the H-score the kit reports
     * @param logMe        {@link #logMe} from the same features
     * @param plainHScore  {@link #hScore(INDArray, int[])} from the same features: not a ranking score, kept to show
     *                     how it saturates at C - 1 with fewer examples than features
     */
    public record Scores(double leep, double nce, double hScoreShrunk, double logMe, double plainHScore) {
        /** Names of the ranking scores, in the order of {@link #values()}. */
        public static final java.util.List<String> NAMES =
                java.util.List.of("LEEP", "NCE", "H-score (shrinkage)", "LogME");

        /** The ranking scores in the order of {@link #NAMES}. */
        public double[] values() {
            return new double[] {leep, nce, hScoreShrunk, logMe};
        }

        /** The score called {@code name} (one of {@link #NAMES}). */
        public double get(String name) {
            int i = NAMES.indexOf(name);
            if (i < 0) {
                throw new IllegalArgumentException("unknown score '" + name + "'; expected one of " + NAMES);
            }
            return values()[i];
        }
    }

    /**
     * All scores of a trained source network on labelled target data: its softmax outputs on the target inputs give
     * LEEP and (as argmax pseudo-labels) NCE; the output of the layer below its head (the penultimate layer, flattened)
     * gives the H-scores and LogME. The network is only run forward, never changed.
     *
     * @param source a trained source classifier whose last layer is a softmax output layer
     * @param target labelled target data: inputs the source network accepts, one-hot labels [n, Ct]
     */
    public static Scores scores(MultiLayerNetwork source, DataSet target) {
        if (source == null || source.getnLayers() < 2) {
            throw new IllegalArgumentException("expected a trained source network with a layer below its head");
        }
        if (target == null || target.getFeatures() == null || target.getLabels() == null || target.numExamples() < 2) {
            throw new IllegalArgumentException("expected labelled target data with at least 2 examples");
        }
        INDArray x = target.getFeatures();
        int[] y = argMax(target.getLabels());
        int targetClasses = (int) target.getLabels().size(1);
        INDArray probs = source.output(x, false);
        java.util.List<INDArray> activations = source.feedForwardToLayer(source.getnLayers() - 2, x, false);
        INDArray features = activations.get(activations.size() - 1);
        if (features.rank() != 2) {
            features = features.reshape('c', features.size(0), features.length() / features.size(0));
        }
        return new Scores(leep(probs, y, targetClasses), nce(argMax(probs), y), hScoreShrunk(features, y),
                logMe(features, y), hScore(features, y));
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
