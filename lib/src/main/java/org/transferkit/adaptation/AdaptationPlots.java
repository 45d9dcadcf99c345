package org.transferkit.adaptation;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.knowm.xchart.XYChart;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.transferkit.charts.Charts;
import org.transferkit.transfer.PcaFeaturizer;

/**
 * Charts for domain-adaptation notebooks: decision regions of a 2-D classifier with both domains on top, and a 2-D
 * PCA projection of features coloured by domain.
 */
public final class AdaptationPlots {

    private AdaptationPlots() {
    }

    /**
     * Decision regions of a two-class model on 2-D inputs (a grid of small points coloured by predicted class),
     * with the labelled source points and the target points drawn on top (target points by their true class, to
     * show which side of the boundary they fall on; their labels were not used in training).
     *
     * @param classifier maps a feature matrix [n, 2] to predicted classes (e.g. {@code model::predict})
     * @param gridSide   grid points per axis, at least 2
     */
    public static XYChart decisionRegions(String title, java.util.function.Function<INDArray, int[]> classifier,
            DataSet source, DataSet target, int gridSide) {
        if (gridSide < 2) {
            throw new IllegalArgumentException("gridSide must be >= 2, got " + gridSide);
        }
        double[][] s = source.getFeatures().castTo(DataType.DOUBLE).toDoubleMatrix();
        double[][] t = target.getFeatures().castTo(DataType.DOUBLE).toDoubleMatrix();
        if (s[0].length != 2 || t[0].length != 2) {
            throw new IllegalArgumentException("decisionRegions needs 2-D inputs");
        }
        double minX = Double.POSITIVE_INFINITY, maxX = Double.NEGATIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY, maxY = Double.NEGATIVE_INFINITY;
        for (double[][] set : new double[][][] {s, t}) {
            for (double[] p : set) {
                minX = Math.min(minX, p[0]);
                maxX = Math.max(maxX, p[0]);
                minY = Math.min(minY, p[1]);
                maxY = Math.max(maxY, p[1]);
            }
        }
        double padX = 0.1 * (maxX - minX);
        double padY = 0.1 * (maxY - minY);
        INDArray grid = Nd4j.create(DataType.FLOAT, (long) gridSide * gridSide, 2);
        for (int i = 0; i < gridSide; i++) {
            for (int j = 0; j < gridSide; j++) {
                grid.putScalar(i * gridSide + j, 0, minX - padX + (maxX - minX + 2 * padX) * i / (gridSide - 1));
                grid.putScalar(i * gridSide + j, 1, minY - padY + (maxY - minY + 2 * padY) * j / (gridSide - 1));
            }
        }
        int[] pred = classifier.apply(grid);
        double[][] g = grid.castTo(DataType.DOUBLE).toDoubleMatrix();
        Map<String, double[][]> series = new LinkedHashMap<>();
        series.put("region: class 0", select(g, pred, 0));
        series.put("region: class 1", select(g, pred, 1));
        int[] ys = source.getLabels().argMax(1).toIntVector();
        int[] yt = target.getLabels().argMax(1).toIntVector();
        series.put("source class 0", select(s, ys, 0));
        series.put("source class 1", select(s, ys, 1));
        series.put("target class 0", select(t, yt, 0));
        series.put("target class 1", select(t, yt, 1));
        XYChart chart = Charts.scatter(title, series);
        chart.getStyler().setMarkerSize(4);
        return chart;
    }

    /**
     * First two principal components of the pooled source and target features (PCA fitted on both), at most
     * {@code maxPerDomain} rows per domain (a seeded random subset), one colour per domain.
     */
    public static XYChart domainScatter(String title, INDArray sourceFeatures, INDArray targetFeatures,
            int maxPerDomain, long seed) {
        INDArray s = subsample(sourceFeatures, maxPerDomain, seed);
        INDArray t = subsample(targetFeatures, maxPerDomain, seed + 1);
        INDArray both = Nd4j.vstack(s.castTo(DataType.FLOAT), t.castTo(DataType.FLOAT));
        PcaFeaturizer pca = PcaFeaturizer.fit(new DataSet(both, null), 2);
        double[][] ps = pca.featurize(new DataSet(s.castTo(DataType.FLOAT), null)).getFeatures()
                .castTo(DataType.DOUBLE).toDoubleMatrix();
        double[][] pt = pca.featurize(new DataSet(t.castTo(DataType.FLOAT), null)).getFeatures()
                .castTo(DataType.DOUBLE).toDoubleMatrix();
        Map<String, double[][]> series = new LinkedHashMap<>();
        series.put("source", columns(ps));
        series.put("target", columns(pt));
        XYChart chart = Charts.scatter(title, series);
        chart.setXAxisTitle("PC 1");
        chart.setYAxisTitle("PC 2");
        return chart;
    }

    /** At most {@code max} rows of {@code x}, chosen at random without replacement (seeded), in a fresh matrix. */
    public static INDArray subsample(INDArray x, int max, long seed) {
        if (x == null || x.rank() != 2 || x.size(0) == 0) {
            throw new IllegalArgumentException("Expected a non-empty matrix [n, d]");
        }
        if (max < 1) {
            throw new IllegalArgumentException("max must be >= 1, got " + max);
        }
        int n = (int) x.size(0);
        if (n <= max) {
            return x.dup();
        }
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        Random rnd = new Random(seed);
        for (int i = 0; i < max; i++) {
            int j = i + rnd.nextInt(n - i);
            int tmp = idx[i];
            idx[i] = idx[j];
            idx[j] = tmp;
        }
        return Nd4j.pullRows(x, 1, java.util.Arrays.copyOf(idx, max));
    }

    private static double[][] select(double[][] pts, int[] labels, int cls) {
        int n = 0;
        for (int l : labels) {
            n += l == cls ? 1 : 0;
        }
        double[][] out = new double[2][n];
        int k = 0;
        for (int i = 0; i < pts.length; i++) {
            if (labels[i] == cls) {
                out[0][k] = pts[i][0];
                out[1][k] = pts[i][1];
                k++;
            }
        }
        if (n == 0) {
            return new double[][] {{Double.NaN}, {Double.NaN}};
        }
        return out;
    }

    private static double[][] columns(double[][] pts) {
        double[][] out = new double[2][pts.length];
        for (int i = 0; i < pts.length; i++) {
            out[0][i] = pts[i][0];
            out[1][i] = pts[i][1];
        }
        return out;
    }
}
