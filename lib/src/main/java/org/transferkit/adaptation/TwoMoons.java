package org.transferkit.adaptation;

import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The DANN paper's toy problem (Ganin et al. 2016, Section 5.1): two interleaving half-moons as the labelled
 * source domain, and an independent draw rotated by 35 degrees as the unlabelled target domain.
 *
 * <p>Follows the authors' code: {@code make_moons(150, noise=0.05)} for each domain, both domains shifted by the
 * negative source mean and scaled by 2, then the target rotated counter-clockwise about the origin. Moons are drawn
 * like scikit-learn's {@code make_moons} (evenly spaced angles, Gaussian noise) but with Java's random generator, so
 * the points are not the paper's exact points.
 */
public final class TwoMoons {

    /** Source, target (for unsupervised training: use only its features) and a fresh target test draw. */
    public record Domains(DataSet source, DataSet target, DataSet targetTest) {
    }

    private TwoMoons() {
    }

    /** The paper's setting: 150 points per domain, noise 0.05, rotation 35 degrees, 1000 target test points. */
    public static Domains paper(long seed) {
        return generate(150, 0.05, 35, 1000, seed);
    }

    /**
     * Draws the three sets. Labels are one-hot {@code [n, 2]} (class 0 = upper moon, class 1 = lower moon), features
     * {@code [n, 2]} FLOAT. The target and target-test sets are independent draws from the rotated distribution.
     *
     * @param nPerDomain number of points in the source and in the target set (split as evenly as possible between
     *                   the two moons), at least 2
     * @param noise      standard deviation of the Gaussian noise added to each coordinate, {@code >= 0}
     * @param angleDeg   rotation of the target domain in degrees (counter-clockwise)
     * @param nTargetTest number of target test points, at least 2
     * @param seed       same seed, same points
     */
    public static Domains generate(int nPerDomain, double noise, double angleDeg, int nTargetTest, long seed) {
        if (nPerDomain < 2) {
            throw new IllegalArgumentException("nPerDomain must be >= 2, got " + nPerDomain);
        }
        if (nTargetTest < 2) {
            throw new IllegalArgumentException("nTargetTest must be >= 2, got " + nTargetTest);
        }
        if (!(noise >= 0) || Double.isInfinite(noise)) {
            throw new IllegalArgumentException("noise must be a finite number >= 0, got " + noise);
        }
        Random seeds = new Random(seed);
        double[][] src = moons(nPerDomain, noise, new Random(seeds.nextLong()));
        double[][] tgt = moons(nPerDomain, noise, new Random(seeds.nextLong()));
        double[][] test = moons(nTargetTest, noise, new Random(seeds.nextLong()));
        double mx = 0;
        double my = 0;
        for (int i = 0; i < nPerDomain; i++) {
            mx += src[i][0];
            my += src[i][1];
        }
        mx /= nPerDomain;
        my /= nPerDomain;
        double theta = Math.toRadians(angleDeg);
        return new Domains(toDataSet(src, mx, my, 0), toDataSet(tgt, mx, my, theta), toDataSet(test, mx, my, theta));
    }

    /** Rows {x, y, label}, shuffled. */
    private static double[][] moons(int n, double noise, Random rnd) {
        int nOuter = n / 2;
        int nInner = n - nOuter;
        double[][] pts = new double[n][];
        for (int i = 0; i < nOuter; i++) {
            double t = nOuter == 1 ? 0 : Math.PI * i / (nOuter - 1);
            pts[i] = new double[] {Math.cos(t), Math.sin(t), 0};
        }
        for (int i = 0; i < nInner; i++) {
            double t = nInner == 1 ? 0 : Math.PI * i / (nInner - 1);
            pts[nOuter + i] = new double[] {1 - Math.cos(t), 0.5 - Math.sin(t), 1};
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            double[] tmp = pts[i];
            pts[i] = pts[j];
            pts[j] = tmp;
        }
        for (double[] p : pts) {
            p[0] += noise * rnd.nextGaussian();
            p[1] += noise * rnd.nextGaussian();
        }
        return pts;
    }

    private static DataSet toDataSet(double[][] pts, double mx, double my, double theta) {
        int n = pts.length;
        INDArray x = Nd4j.create(DataType.FLOAT, n, 2);
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, 2);
        double cos = Math.cos(theta);
        double sin = Math.sin(theta);
        for (int i = 0; i < n; i++) {
            double px = 2 * (pts[i][0] - mx);
            double py = 2 * (pts[i][1] - my);
            x.putScalar(i, 0, cos * px - sin * py);
            x.putScalar(i, 1, sin * px + cos * py);
            y.putScalar(i, (int) pts[i][2], 1);
        }
        return new DataSet(x, y);
    }
}
