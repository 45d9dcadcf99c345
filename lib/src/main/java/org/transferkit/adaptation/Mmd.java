package org.transferkit.adaptation;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Maximum mean discrepancy (Gretton et al. 2012) with the Gaussian kernel {@code k(a,b) = exp(-gamma ||a-b||^2)}:
 * a distance between two samples' distributions, 0 when they are the same distribution.
 *
 * <p>{@link #rbf} is the unbiased estimate of MMD^2 (U-statistic: within-sample sums leave out i = j). It is centred
 * on the true value, so for two samples of one distribution it scatters around 0 and can be slightly negative.
 * {@link #rbfBiased} is the biased V-statistic (all pairs): never negative, exactly 0 for identical samples, but
 * positive on average even for equal distributions. Computed in DOUBLE with O(n^2) memory.
 */
public final class Mmd {

    private Mmd() {
    }

    /**
     * Unbiased estimate of MMD^2 between the rows of {@code x} [n, d] and {@code y} [m, d]; n, m &gt;= 2, gamma &gt; 0.
     */
    public static double rbf(INDArray x, INDArray y, double gamma) {
        check(x, y, gamma);
        double n = x.size(0);
        double m = y.size(0);
        // diagonals of Kxx and Kyy are exp(0) = 1
        double kxx = (kernel(x, x, gamma).sumNumber().doubleValue() - n) / (n * (n - 1));
        double kyy = (kernel(y, y, gamma).sumNumber().doubleValue() - m) / (m * (m - 1));
        double kxy = kernel(x, y, gamma).sumNumber().doubleValue() / (n * m);
        return kxx + kyy - 2 * kxy;
    }

    /** Biased (V-statistic) estimate of MMD^2: all pairs, including i = j; always &gt;= 0. */
    public static double rbfBiased(INDArray x, INDArray y, double gamma) {
        check(x, y, gamma);
        double n = x.size(0);
        double m = y.size(0);
        double kxx = kernel(x, x, gamma).sumNumber().doubleValue() / (n * n);
        double kyy = kernel(y, y, gamma).sumNumber().doubleValue() / (m * m);
        double kxy = kernel(x, y, gamma).sumNumber().doubleValue() / (n * m);
        return Math.max(0, kxx + kyy - 2 * kxy);
    }

    /**
     * Median heuristic: {@code gamma = 1 / (2 * median^2)} where median is the median Euclidean distance between
     * distinct rows of the pooled sample (at most the first 1000 rows of each sample are used).
     */
    public static double medianHeuristicGamma(INDArray x, INDArray y) {
        check(x, y, 1.0);
        INDArray a = x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, Math.min(1000, x.size(0))),
                org.nd4j.linalg.indexing.NDArrayIndex.all());
        INDArray b = y.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, Math.min(1000, y.size(0))),
                org.nd4j.linalg.indexing.NDArrayIndex.all());
        INDArray z = Nd4j.vstack(a.castTo(DataType.DOUBLE), b.castTo(DataType.DOUBLE));
        double[][] d2 = squaredDistances(z, z).toDoubleMatrix();
        int n = d2.length;
        double[] upper = new double[n * (n - 1) / 2];
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                upper[k++] = d2[i][j];
            }
        }
        Arrays.sort(upper);
        double medianSq = upper.length % 2 == 1 ? upper[upper.length / 2]
                : 0.5 * (upper[upper.length / 2 - 1] + upper[upper.length / 2]);
        if (!(medianSq > 0)) {
            throw new IllegalArgumentException("Median pairwise distance is 0 (more than half the rows coincide); "
                    + "choose gamma by hand");
        }
        return 1.0 / (2.0 * medianSq);
    }

    private static INDArray kernel(INDArray a, INDArray b, double gamma) {
        return Transforms.exp(squaredDistances(a.castTo(DataType.DOUBLE), b.castTo(DataType.DOUBLE)).muli(-gamma),
                false);
    }

    /** [n, m] matrix of squared Euclidean distances, clipped at 0 against rounding. */
    static INDArray squaredDistances(INDArray a, INDArray b) {
        INDArray an = a.mul(a).sum(1).reshape(a.size(0), 1);
        INDArray bn = b.mul(b).sum(1).reshape(1, b.size(0));
        INDArray d = a.mmul(b.transpose()).muli(-2).addiColumnVector(an).addiRowVector(bn);
        return Transforms.max(d, 0.0, false);
    }

    private static void check(INDArray x, INDArray y, double gamma) {
        if (x == null || y == null || x.rank() != 2 || y.rank() != 2) {
            throw new IllegalArgumentException("Expected two matrices [n, d], got "
                    + (x == null ? "null" : Arrays.toString(x.shape())) + " and "
                    + (y == null ? "null" : Arrays.toString(y.shape())));
        }
        if (x.size(1) != y.size(1)) {
            throw new IllegalArgumentException("Both samples need the same number of columns, got " + x.size(1)
                    + " and " + y.size(1));
        }
        if (x.size(0) < 2 || y.size(0) < 2) {
            throw new IllegalArgumentException("Need at least 2 rows per sample, got " + x.size(0) + " and "
                    + y.size(0));
        }
        if (!(gamma > 0) || Double.isInfinite(gamma)) {
            throw new IllegalArgumentException("gamma must be a finite number > 0, got " + gamma);
        }
    }
}
