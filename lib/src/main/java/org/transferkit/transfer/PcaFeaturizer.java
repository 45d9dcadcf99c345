package org.transferkit.transfer;

import org.transferkit.Arguments;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dimensionalityreduction.PCA;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Unsupervised feature-based transfer: principal components learned on one data set (for example unlabeled source
 * images) and used to project another. The basis comes from ND4J's SVD-based {@link PCA#pca_factor}; there is no
 * randomness. The sign of each component is fixed so that its largest-magnitude entry is positive, which makes the
 * features reproducible. Projection: (x - mean) * components.
 */
public final class PcaFeaturizer implements Featurizer {
    private final INDArray mean;        // [1, D]
    private final INDArray components;  // [D, k], orthonormal columns
    private final double[] explainedVarianceRatio;

    private PcaFeaturizer(INDArray mean, INDArray components, double[] explainedVarianceRatio) {
        this.mean = mean;
        this.components = components;
        this.explainedVarianceRatio = explainedVarianceRatio;
    }

    /**
     * Learn the first {@code components} principal axes of {@code data}'s features (labels are ignored).
     *
     * @throws IllegalArgumentException if the data are empty or components is not in [1, min(n, D)]
     */
    public static PcaFeaturizer fit(DataSet data, int components) {
        Arguments.nonEmpty(data, "data for PCA");
        INDArray x = flatten(data.getFeatures()).castTo(DataType.DOUBLE);
        long n = x.rows();
        long dims = x.columns();
        if (components < 1 || components > Math.min(n, dims)) {
            throw new IllegalArgumentException("components must be in [1, min(n, D)] = [1, " + Math.min(n, dims)
                    + "], got " + components);
        }
        INDArray mean = x.mean(0).reshape(1, dims);
        INDArray centred = x.subRowVector(mean);
        double totalVariance = centred.mul(centred).sumNumber().doubleValue() / Math.max(1, n - 1);
        INDArray factor = PCA.pca_factor(centred.dup('f'), components, false).dup('c');
        for (int j = 0; j < components; j++) {
            INDArray column = factor.getColumn(j);
            int argMaxAbs = Nd4j.argMax(Transforms.abs(column, true)).getInt(0);
            if (column.getDouble(argMaxAbs) < 0) {
                factor.putColumn(j, column.neg());
            }
        }
        INDArray projected = centred.mmul(factor);
        double[] ratio = new double[components];
        for (int j = 0; j < components; j++) {
            INDArray p = projected.getColumn(j);
            double var = p.mul(p).sumNumber().doubleValue() / Math.max(1, n - 1);
            ratio[j] = totalVariance > 0 ? var / totalVariance : 0.0;
        }
        return new PcaFeaturizer(mean, factor, ratio);
    }

    @Override
    public DataSet featurize(DataSet data) {
        Arguments.nonEmpty(data, "data to project");
        INDArray x = flatten(data.getFeatures());
        if (x.columns() != mean.columns()) {
            throw new IllegalArgumentException("expected " + mean.columns() + " input features (as in the PCA fit), got "
                    + x.columns());
        }
        DataType type = data.getFeatures().dataType();
        INDArray projected = x.castTo(DataType.DOUBLE).subRowVector(mean).mmul(components).castTo(type);
        return new DataSet(projected, data.getLabels());
    }

    @Override
    public int featureCount() {
        return (int) components.columns();
    }

    /** Principal axes as columns, [D, k] (a copy). */
    public INDArray components() {
        return components.dup();
    }

    /** Mean of the fitted data, [1, D] (a copy). */
    public INDArray mean() {
        return mean.dup();
    }

    /** Share of the fitted data's total variance along each component, largest first. */
    public double[] explainedVarianceRatio() {
        return explainedVarianceRatio.clone();
    }

    private static INDArray flatten(INDArray features) {
        if (features.rank() == 2) {
            return features;
        }
        return features.reshape('c', features.size(0), features.length() / features.size(0));
    }
}
