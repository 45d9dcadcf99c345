package org.transferkit.adaptation;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.eigen.Eigen;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * CORrelation ALignment (Sun, Feng &amp; Saenko, AAAI 2016): a closed-form, training-free feature-level adaptation
 * that gives the source features the covariance of the target features.
 *
 * <p>With {@code C_s = cov(S) + eps*I} and {@code C_t = cov(T) + eps*I}, the aligned source is
 * {@code S * C_s^(-1/2) * C_t^(1/2)}: first whiten the source, then re-colour it with the target covariance. As in
 * the paper, the transform is linear and applied to the raw rows, so the source mean is mapped linearly but not moved
 * onto the target mean (standardise both domains first if that matters). A classifier trained on the aligned source
 * is then applied to the untouched target. All linear algebra runs in DOUBLE.
 */
public final class Coral {

    private Coral() {
    }

    /**
     * Aligns the source rows to the target covariance.
     *
     * @param source [nS, d] features, nS &gt;= 2
     * @param target [nT, d] features, nT &gt;= 2, same d
     * @param eps    ridge added to both covariances, &gt; 0 (the paper uses 1 on standardised features)
     * @return aligned source [nS, d] in the source's data type
     */
    public static INDArray align(INDArray source, INDArray target, double eps) {
        checkPair(source, target);
        if (!(eps > 0) || Double.isInfinite(eps)) {
            throw new IllegalArgumentException("eps must be a finite number > 0, got " + eps);
        }
        long d = source.size(1);
        INDArray eye = Nd4j.eye(d).castTo(DataType.DOUBLE);
        INDArray cs = covariance(source).addi(eye.mul(eps));
        INDArray ct = covariance(target).addi(eye.mul(eps));
        INDArray transform = symmetricPower(cs, -0.5).mmul(symmetricPower(ct, 0.5));
        return source.castTo(DataType.DOUBLE).mmul(transform).castTo(source.dataType());
    }

    /** Sample covariance (divisor n-1) of the rows of {@code x} [n, d], as a DOUBLE [d, d] matrix. */
    public static INDArray covariance(INDArray x) {
        if (x == null || x.rank() != 2 || x.size(0) < 2) {
            throw new IllegalArgumentException("Expected a matrix [n, d] with n >= 2, got "
                    + (x == null ? "null" : Arrays.toString(x.shape())));
        }
        INDArray xd = x.castTo(DataType.DOUBLE);
        INDArray centred = xd.subRowVector(xd.mean(0));
        return centred.transpose().mmul(centred).divi(x.size(0) - 1);
    }

    /**
     * Deep-CORAL distance {@code ||C_s - C_t||_F^2 / (4 d^2)} (Sun &amp; Saenko 2016) between the two feature
     * covariances: 0 when they are equal.
     */
    public static double distance(INDArray source, INDArray target) {
        checkPair(source, target);
        long d = source.size(1);
        INDArray diff = covariance(source).subi(covariance(target));
        double frob = diff.norm2Number().doubleValue();
        return frob * frob / (4.0 * d * d);
    }

    /** {@code C^p} of a symmetric positive definite matrix by eigendecomposition (DOUBLE). */
    static INDArray symmetricPower(INDArray c, double power) {
        INDArray vectors = c.castTo(DataType.DOUBLE).dup('c');
        INDArray values = Eigen.symmetricGeneralizedEigenvalues(vectors, true);
        double max = values.maxNumber().doubleValue();
        INDArray clipped = Transforms.max(values, Math.max(max, 1.0) * 1e-12, true);
        INDArray scaled = Transforms.pow(clipped, power, true);
        // vectors holds the eigenvectors as columns: C^p = V diag(s^p) V^T
        return vectors.mulRowVector(scaled).mmul(vectors.transpose());
    }

    private static void checkPair(INDArray source, INDArray target) {
        if (source == null || target == null || source.rank() != 2 || target.rank() != 2) {
            throw new IllegalArgumentException("Expected two matrices [n, d], got "
                    + (source == null ? "null" : Arrays.toString(source.shape())) + " and "
                    + (target == null ? "null" : Arrays.toString(target.shape())));
        }
        if (source.size(1) != target.size(1)) {
            throw new IllegalArgumentException("Source and target must have the same number of columns, got "
                    + source.size(1) + " and " + target.size(1));
        }
        if (source.size(0) < 2 || target.size(0) < 2) {
            throw new IllegalArgumentException("Need at least 2 rows per domain, got " + source.size(0) + " and "
                    + target.size(0));
        }
    }
}
