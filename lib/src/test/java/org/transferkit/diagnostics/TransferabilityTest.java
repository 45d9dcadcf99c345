package org.transferkit.diagnostics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class TransferabilityTest {

    /*
     * LEEP, worked by hand. n = 2, two source classes z, two target classes y.
     *   theta(x1) = (0.8, 0.2), y1 = 0;  theta(x2) = (0.4, 0.6), y2 = 1.
     *   Joint P(y,z) = (1/2) sum_i theta_z [y_i = y]:  P(0,0) = 0.4, P(0,1) = 0.1, P(1,0) = 0.2, P(1,1) = 0.3.
     *   P(z=0) = 0.6, P(z=1) = 0.4  =>  P(0|0) = 2/3, P(1|0) = 1/3, P(0|1) = 1/4, P(1|1) = 3/4.
     *   Example 1: 2/3 * 0.8 + 1/4 * 0.2 = 7/12.  Example 2: 1/3 * 0.4 + 3/4 * 0.6 = 7/12.
     *   LEEP = (1/2)(log 7/12 + log 7/12) = log(7/12) = -0.5389965007...
     */
    @Test
    void leepHandCase() {
        INDArray probs = Nd4j.createFromArray(new double[][] {{0.8, 0.2}, {0.4, 0.6}});
        assertEquals(Math.log(7.0 / 12.0), Transferability.leep(probs, new int[] {0, 1}, 2), 1e-12);
        // float input gives the same value to float precision
        assertEquals(Math.log(7.0 / 12.0), Transferability.leep(probs.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT),
                new int[] {0, 1}, 2), 1e-6);
    }

    /*
     * A source class that never gets probability mass drops out: theta = (1, 0) for both examples, labels 0 and 1.
     * P(z=0) = 1, P(0|0) = P(1|0) = 1/2, so each example scores log(1/2): LEEP = log 0.5.
     */
    @Test
    void leepIgnoresEmptySourceClasses() {
        INDArray probs = Nd4j.createFromArray(new double[][] {{1, 0}, {1, 0}});
        assertEquals(Math.log(0.5), Transferability.leep(probs, new int[] {0, 1}, 2), 1e-12);
    }

    /*
     * NCE, worked by hand. z = (0, 0, 1, 1), y = (0, 1, 1, 1).
     *   P(z=0,y=0) = 1/4, P(z=0,y=1) = 1/4, P(z=1,y=1) = 1/2;  P(z=0) = P(z=1) = 1/2.
     *   H(Y|Z) = 1/2 * H(1/2, 1/2) + 1/2 * 0 = (log 2)/2,  NCE = -(log 2)/2 = -0.3465735903...
     * When z determines y, NCE = 0.
     */
    @Test
    void nceHandCase() {
        assertEquals(-Math.log(2) / 2, Transferability.nce(new int[] {0, 0, 1, 1}, new int[] {0, 1, 1, 1}), 1e-12);
        assertEquals(0.0, Transferability.nce(new int[] {3, 3, 5, 7}, new int[] {1, 1, 0, 0}), 1e-12);
    }

    /*
     * H-score, worked by hand.
     * 1-D: f = (0, 2, 4, 6), y = (0, 0, 1, 1). Mean 3, cov(f) = (9+1+1+9)/4 = 5. Class means 1 and 5, so E[f|y] =
     *   (1, 1, 5, 5) with mean 3 and variance 4. H = 4/5 = 0.8 (without ridge).
     * 2-D: add a second feature (1, -1, 1, -1) that is noise for y: cov(f) = [[5, -1], [-1, 1]] (cross term
     *   ((-3)(1) + (-1)(-1) + (1)(1) + (3)(-1))/4 = -1), inverse = [[1, 1], [1, 5]] / 4, cov(E[f|y]) = [[4, 0], [0, 0]],
     *   H = tr(inv * covG) = 4/4 = 1.0: the correlated noise feature raises the score from 0.8 to 1.
     */
    @Test
    void hScoreHandCases() {
        int[] y = {0, 0, 1, 1};
        INDArray oneD = Nd4j.createFromArray(new double[][] {{0}, {2}, {4}, {6}});
        assertEquals(0.8, Transferability.hScore(oneD, y, 0.0), 1e-12);
        assertEquals(0.8, Transferability.hScore(oneD, y), 1e-5); // default ridge: 4 / (5 + 5e-6)
        INDArray twoD = Nd4j.createFromArray(new double[][] {{0, 1}, {2, -1}, {4, 1}, {6, -1}});
        assertEquals(1.0, Transferability.hScore(twoD, y, 0.0), 1e-12);
        // a dead (constant) feature makes cov(f) singular; the ridge keeps the score defined and unchanged
        INDArray withDead = Nd4j.createFromArray(new double[][] {{0, 0}, {2, 0}, {4, 0}, {6, 0}});
        assertEquals(0.8, Transferability.hScore(withDead, y), 1e-5);
    }

    /*
     * LogME evidence at fixed alpha = beta = 1, worked by hand. n = 2, d = 1, F = (1, 1)^T, y = (1, 0).
     *   F^T F = 2, F^T y = 1, A = alpha + beta * 2 = 3, m = beta * 1 / 3 = 1/3, ||F m - y||^2 = (2/3)^2 + (1/3)^2 = 5/9.
     *   L = (2/2) log 1 + (1/2) log 1 - log(2 pi) - 5/18 - (1/2)(1/9) - (1/2) log 3 = -log(2 pi) - 1/3 - (1/2) log 3
     *     = -2.7205165441...
     *   Check: y ~ N(0, I + F F^T) = N(0, [[2, 1], [1, 2]]), det 3, y^T S^-1 y = 2/3: the same value.
     */
    @Test
    void logMeEvidenceHandCase() {
        Transferability.Spectrum s = Transferability.Spectrum.of(new double[][] {{1}, {1}});
        double expected = -Math.log(2 * Math.PI) - 1.0 / 3.0 - 0.5 * Math.log(3);
        assertEquals(expected, s.evidence(new double[] {1, 0}, 1, 1), 1e-12);
    }

    /*
     * LogME maximum, worked by hand. n = 3, d = 1, F = (1, 1, 1)^T (so F^T F = 3), labels (0, 0, 1).
     * With d = 1, y ~ N(0, I/beta + F F^T / alpha): along u = F/|F| the variance is 1/beta + 3/alpha, in the 2
     * orthogonal directions 1/beta. With z = u^T y and r^2 = |y|^2 - z^2 the maximum has 1/beta = r^2/2 and
     * 1/beta + 3/alpha = z^2 (if that leaves alpha > 0; else alpha -> infinity and 1/beta = |y|^2/3).
     *   Class 0: y = (1, 1, 0), z^2 = 4/3, r^2 = 2/3: beta = 3, alpha = 3,
     *     L0 = -(3/2) log 2 pi - (1/2) log(4/3) - log(1/3) - (1/2)(1 + 2) = -3.3020443472
     *   Class 1: y = (0, 0, 1), z^2 = 1/3, r^2 = 2/3: 1/beta = 1/3 = z^2, so alpha -> infinity (w = 0),
     *     L1 = -(3/2) log 2 pi - (1/2) log(1/3) - log(1/3) - 3/2 = -2.6088971666
     *   LogME = (L0 + L1) / 2 / n = -0.9851569190
     * The fixed-point iteration hits class 0 exactly; class 1's maximum is at the boundary, which the iteration
     * approaches slowly (alpha grows by about 6 per step), hence the looser tolerance.
     */
    @Test
    void logMeHandCase() {
        Transferability.Spectrum s = Transferability.Spectrum.of(new double[][] {{1}, {1}, {1}});
        double[] class0 = s.maxEvidence(new double[] {1, 1, 0});
        assertEquals(3.0, class0[0], 1e-9);
        assertEquals(3.0, class0[1], 1e-9);
        double l0 = -1.5 * Math.log(2 * Math.PI) - 0.5 * Math.log(4.0 / 3.0) - Math.log(1.0 / 3.0) - 1.5;
        assertEquals(l0, class0[2], 1e-10);
        double l1 = -1.5 * Math.log(2 * Math.PI) - 0.5 * Math.log(1.0 / 3.0) - Math.log(1.0 / 3.0) - 1.5;
        assertEquals(l1, s.maxEvidence(new double[] {0, 0, 1})[2], 1e-5);
        INDArray f = Nd4j.createFromArray(new double[][] {{1}, {1}, {1}});
        assertEquals((l0 + l1) / 2 / 3, Transferability.logMe(f, new int[] {0, 0, 1}), 1e-5);
    }

    /**
     * On a generic 2-D case the evidence from the eigen-decomposition equals the Gaussian log-density of y under
     * N(0, I/beta + F F^T/alpha) computed directly, and the fixed point is a stationary point (finite differences of
     * L in log alpha and log beta vanish) and a maximum on a grid around it.
     */
    @Test
    void logMeFixedPointIsTheMaximumOfTheEvidence() {
        Random random = new Random(3);
        double[][] f = new double[6][2];
        int[] labels = new int[6];
        for (int i = 0; i < 6; i++) {
            labels[i] = i % 2;
            f[i][0] = random.nextGaussian() + labels[i];
            f[i][1] = random.nextGaussian();
        }
        Transferability.Spectrum s = Transferability.Spectrum.of(f);
        double[] y = new double[6];
        for (int i = 0; i < 6; i++) {
            y[i] = labels[i] == 1 ? 1 : 0;
        }
        assertEquals(directLogDensity(f, y, 0.7, 1.9), s.evidence(y, 0.7, 1.9), 1e-10);

        double[] best = s.maxEvidence(y);
        double alpha = best[0];
        double beta = best[1];
        double h = 1e-5;
        double dLogAlpha = (s.evidence(y, alpha * Math.exp(h), beta) - s.evidence(y, alpha * Math.exp(-h), beta)) / (2 * h);
        double dLogBeta = (s.evidence(y, alpha, beta * Math.exp(h)) - s.evidence(y, alpha, beta * Math.exp(-h))) / (2 * h);
        assertEquals(0.0, dLogAlpha, 1e-6);
        assertEquals(0.0, dLogBeta, 1e-6);
        for (double da = -2; da <= 2; da += 0.5) {
            for (double db = -2; db <= 2; db += 0.5) {
                // 1e-10: this case's maximum is at alpha = infinity (w = 0); the range of t stops 1e-12 short of it
                assertTrue(s.evidence(y, alpha * Math.exp(da), beta * Math.exp(db)) <= best[2] + 1e-10);
            }
        }
        double expected = 0;
        for (int k = 0; k < 2; k++) {
            double[] yk = new double[6];
            for (int i = 0; i < 6; i++) {
                yk[i] = labels[i] == k ? 1 : 0;
            }
            expected += s.maxEvidence(yk)[2] / 6 / 2;
        }
        assertEquals(expected, Transferability.logMe(Nd4j.createFromArray(f), labels), 1e-12);
    }

    /*
     * With fewer examples than features (8 x 20, ReLU-like) every class can be fitted exactly: beta runs off towards
     * infinity while the evidence settles. The evidence must stay exact at large beta (it equals the direct Gaussian
     * log-density) and LogME finite (an expanded residual ||y||^2 - 2 y^T F m + ||F m||^2 cancels to noise there).
     */
    @Test
    void logMeWithFewerExamplesThanFeaturesStaysFiniteAndExact() {
        Random random = new Random(11);
        int n = 8;
        double[][] f = new double[n][20];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 4;
            for (int j = 0; j < 20; j++) {
                f[i][j] = Math.max(0, random.nextGaussian());
            }
        }
        Transferability.Spectrum s = Transferability.Spectrum.of(f);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = labels[i] == 0 ? 1 : 0;
        }
        for (double beta : new double[] {1, 1e3, 1e6}) {
            double direct = directLogDensity(f, y, 0.5, beta);
            assertEquals(direct, s.evidence(y, 0.5, beta), 1e-8 * Math.abs(direct), "beta " + beta);
        }
        double[] best = s.maxEvidence(y);
        assertTrue(Double.isFinite(best[0]) && Double.isFinite(best[1]) && Double.isFinite(best[2]), java.util.Arrays.toString(best));
        double logMe = Transferability.logMe(Nd4j.createFromArray(f), labels);
        assertTrue(Double.isFinite(logMe), "LogME " + logMe);
    }

    /** Features like a ReLU layer's on a small labelled target: n x d, class signal in a few columns. */
    private static double[][] reluFeatures(int n, int d, int[] labels, double signal, long seed) {
        Random random = new Random(seed);
        double[][] f = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                double mean = j < 10 && j % 5 == labels[i] % 5 ? signal : 0;
                f[i][j] = Math.max(0, mean + random.nextGaussian());
            }
        }
        return f;
    }

    private static int[] cyclicLabels(int n, int classes) {
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % classes;
        }
        return y;
    }

    /**
     * The degenerate inputs a source network's features produce on a small target: every score stays finite, LogME
     * keeps ranking informative features above the same features with shuffled labels, and the H-scores stay within
     * their bound C - 1 (the plain one up to its relative ridge of 1e-6).
     */
    @Test
    void degenerateFeaturesGiveFiniteScoresWithinTheirBounds() {
        int n = 50;
        int classes = 5;
        int[] y = cyclicLabels(n, classes);
        java.util.Map<String, double[][]> cases = new java.util.LinkedHashMap<>();
        double[][] wide = reluFeatures(n, 500, y, 2, 1);          // more features than examples (08's shape)
        cases.put("more features than samples", wide);
        double[][] separable = new double[n][classes];            // one-hot: perfectly separable
        for (int i = 0; i < n; i++) {
            separable[i][y[i]] = 1;
        }
        cases.put("perfectly separable", separable);
        double[][] dead = reluFeatures(n, 40, y, 2, 2);           // half the columns constant 0, a quarter duplicated
        for (double[] row : dead) {
            for (int j = 20; j < 40; j++) {
                row[j] = j < 30 ? 0 : row[j - 20];
            }
        }
        cases.put("constant and duplicated columns", dead);
        cases.put("scaled by 1e-3", scaled(wide, 1e-3));
        cases.put("scaled by 1e3", scaled(wide, 1e3));
        double[][] allZero = new double[n][8];
        cases.put("all zero", allZero);
        for (var e : cases.entrySet()) {
            INDArray f = Nd4j.createFromArray(e.getValue());
            double logMe = Transferability.logMe(f, y);
            assertTrue(Double.isFinite(logMe), e.getKey() + ": LogME " + logMe);
            if (e.getKey().equals("all zero")) {
                continue; // the H-scores are undefined for constant features and say so (see invalidInputIsRejected)
            }
            double shrunk = Transferability.hScoreShrunk(f, y);
            double plain = Transferability.hScore(f, y);
            assertTrue(shrunk >= 0 && shrunk <= classes - 1 + 1e-9, e.getKey() + ": shrinkage H-score " + shrunk);
            assertTrue(plain >= 0 && plain <= classes - 1 + 1e-9, e.getKey() + ": plain H-score " + plain);
        }
        // the evidence does not depend on the features' scale (up to the fixed-point iteration's stopping tolerance:
        // the scaled problems stop after different iterates, 1.5e-8 apart in relative terms on one run)
        double base = Transferability.logMe(Nd4j.createFromArray(wide), y);
        assertEquals(base, Transferability.logMe(Nd4j.createFromArray(scaled(wide, 1e-3)), y), 1e-6 * Math.abs(base));
        assertEquals(base, Transferability.logMe(Nd4j.createFromArray(scaled(wide, 1e3)), y), 1e-6 * Math.abs(base));
        assertEquals(Transferability.hScoreShrunk(Nd4j.createFromArray(wide), y),
                Transferability.hScoreShrunk(Nd4j.createFromArray(scaled(wide, 1e3)), y), 1e-9);
        // informative features above the same features with the labels shuffled, in each shape
        for (String key : java.util.List.of("more features than samples", "constant and duplicated columns")) {
            INDArray f = Nd4j.createFromArray(cases.get(key));
            int[] shuffled = shuffle(y, 7);
            assertTrue(Transferability.logMe(f, y) > Transferability.logMe(f, shuffled), key + ": LogME");
            assertTrue(Transferability.hScoreShrunk(f, y) > Transferability.hScoreShrunk(f, shuffled), key + ": H-score");
        }
    }

    /** A nearly empty class (one example of five classes) keeps every score finite and bounded. */
    @Test
    void aNearlyEmptyClassKeepsTheScoresFinite() {
        int n = 41;
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i == 0 ? 4 : i % 4;
        }
        for (int d : new int[] {20, 300}) {
            INDArray f = Nd4j.createFromArray(reluFeatures(n, d, y, 2, 3));
            assertTrue(Double.isFinite(Transferability.logMe(f, y)), "d " + d);
            double shrunk = Transferability.hScoreShrunk(f, y);
            assertTrue(shrunk >= 0 && shrunk <= 4 + 1e-9, "d " + d + ": " + shrunk);
        }
    }

    /*
     * LogME of all-zero features, by hand: no direction to fit, so y ~ N(0, I/beta) with beta = n / ||y||^2.
     * n = 4, labels (0, 0, 0, 1): class 0 has ||y||^2 = 3, beta = 4/3, L0 = 2 log(4/3) - 2 - 2 log 2 pi;
     * class 1 has ||y||^2 = 1, beta = 4, L1 = 2 log 4 - 2 - 2 log 2 pi. LogME = (L0 + L1) / 2 / 4.
     */
    @Test
    void logMeOfZeroFeaturesIsThatOfNoiseAlone() {
        double l0 = 2 * Math.log(4.0 / 3.0) - 2 - 2 * Math.log(2 * Math.PI);
        double l1 = 2 * Math.log(4.0) - 2 - 2 * Math.log(2 * Math.PI);
        INDArray zero = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 4, 3);
        assertEquals((l0 + l1) / 8, Transferability.logMe(zero, new int[] {0, 0, 0, 1}), 1e-12);
    }

    private static double[][] scaled(double[][] f, double c) {
        double[][] s = new double[f.length][];
        for (int i = 0; i < f.length; i++) {
            s[i] = f[i].clone();
            for (int j = 0; j < s[i].length; j++) {
                s[i][j] *= c;
            }
        }
        return s;
    }

    private static int[] shuffle(int[] labels, long seed) {
        int[] s = labels.clone();
        Random random = new Random(seed);
        for (int i = s.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = s[i];
            s[i] = s[j];
            s[j] = t;
        }
        return s;
    }

    /** log N(y | 0, I/beta + F F^T/alpha) by Cholesky, independent of the implementation's eigen route. */
    private static double directLogDensity(double[][] f, double[] y, double alpha, double beta) {
        int n = y.length;
        double[][] c = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double dot = 0;
                for (int k = 0; k < f[0].length; k++) {
                    dot += f[i][k] * f[j][k];
                }
                c[i][j] = dot / alpha + (i == j ? 1 / beta : 0);
            }
        }
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = c[i][j];
                for (int k = 0; k < j; k++) {
                    sum -= l[i][k] * l[j][k];
                }
                l[i][j] = i == j ? Math.sqrt(sum) : sum / l[j][j];
            }
        }
        double[] z = new double[n];
        double logDet = 0;
        double quad = 0;
        for (int i = 0; i < n; i++) {
            double sum = y[i];
            for (int k = 0; k < i; k++) {
                sum -= l[i][k] * z[k];
            }
            z[i] = sum / l[i][i];
            quad += z[i] * z[i];
            logDet += 2 * Math.log(l[i][i]);
        }
        return -0.5 * n * Math.log(2 * Math.PI) - 0.5 * logDet - 0.5 * quad;
    }

    @Test
    void informativeFeaturesScoreHigher() {
        Random random = new Random(5);
        int n = 60;
        double[][] good = new double[n][3];
        double[][] noise = new double[n][3];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 3;
            for (int j = 0; j < 3; j++) {
                good[i][j] = random.nextGaussian() * 0.5 + (j == labels[i] ? 2 : 0);
                noise[i][j] = random.nextGaussian();
            }
        }
        INDArray g = Nd4j.createFromArray(good);
        INDArray r = Nd4j.createFromArray(noise);
        assertTrue(Transferability.hScore(g, labels) > Transferability.hScore(r, labels));
        assertTrue(Transferability.logMe(g, labels) > Transferability.logMe(r, labels));
    }

    /*
     * Shrinkage H-score, worked by hand on the 2-D case above: centred rows (-3, 1), (-1, -1), (1, 1), (3, -1),
     *   S = [[5, -1], [-1, 1]], m = tr(S)/2 = 3, ||S||_F^2 = 28, delta^2 = 28/2 - 3^2 = 5.
     *   ||x_i||^2 = 10, 2, 2, 10, so sum ||x_i||^4 = 208 and b^2 = (208 - 4 * 28) / (4^2 * 2) = 3.
     *   rho = min(3, 5)/5 = 0.6, cov* = 0.4 S + 0.6 * 3 I = [[3.8, -0.4], [-0.4, 2.2]], det = 8.2,
     *   inverse = [[2.2, 0.4], [0.4, 3.8]] / 8.2, (1 - rho) cov(E[f|y]) = 0.4 * [[4, 0], [0, 0]],
     *   H = 0.4 * 4 * 2.2 / 8.2 = 0.4292682926...
     * In 1-D, S is a multiple of I already: rho = 0 and the score is the plain 0.8.
     */
    @Test
    void hScoreShrunkHandCases() {
        int[] y = {0, 0, 1, 1};
        INDArray twoD = Nd4j.createFromArray(new double[][] {{0, 1}, {2, -1}, {4, 1}, {6, -1}});
        assertEquals(0.6, Transferability.ledoitWolfShrinkage(twoD), 1e-12);
        assertEquals(0.4 * 8.8 / 8.2, Transferability.hScoreShrunk(twoD, y), 1e-12);
        INDArray oneD = Nd4j.createFromArray(new double[][] {{0}, {2}, {4}, {6}});
        assertEquals(0.0, Transferability.ledoitWolfShrinkage(oneD), 1e-12);
        assertEquals(0.8, Transferability.hScoreShrunk(oneD, y), 1e-12);
    }

    /*
     * With fewer examples than features the plain H-score of pure noise is at its maximum, classes - 1 = 3: every
     * labelling is separable. The shrinkage H-score ranks informative features first.
     */
    @Test
    void withFewExamplesOnlyTheShrinkageHScoreRanks() {
        Random random = new Random(9);
        int n = 20;
        int d = 60;
        double[][] noise = new double[n][d];
        double[][] good = new double[n][d];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 4;
            for (int j = 0; j < d; j++) {
                noise[i][j] = random.nextGaussian();
                good[i][j] = random.nextGaussian() + (j == labels[i] ? 3 : 0);
            }
        }
        INDArray r = Nd4j.createFromArray(noise);
        INDArray g = Nd4j.createFromArray(good);
        assertEquals(3.0, Transferability.hScore(r, labels), 0.01);
        assertEquals(3.0, Transferability.hScore(g, labels), 0.01);
        double shrunkNoise = Transferability.hScoreShrunk(r, labels);
        double shrunkGood = Transferability.hScoreShrunk(g, labels);
        assertTrue(shrunkGood > 1.3 * shrunkNoise, shrunkNoise + " vs " + shrunkGood);
        double rho = Transferability.ledoitWolfShrinkage(r);
        assertTrue(rho > 0 && rho <= 1, "rho " + rho);
    }

    @Test
    void scoresFromANetworkAreTheScoresOfItsOutputsAndPenultimateFeatures() {
        org.transferkit.Kit.init();
        org.deeplearning4j.nn.multilayer.MultiLayerNetwork net = org.transferkit.models.Models.mlp(6, new int[] {5}, 3,
                new org.nd4j.linalg.learning.config.Sgd(0.1), 4);
        Random random = new Random(2);
        int n = 24;
        double[][] x = new double[n][6];
        double[][] y = new double[n][2];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2;
            y[i][labels[i]] = 1;
            for (int j = 0; j < 6; j++) {
                x[i][j] = random.nextGaussian() + labels[i];
            }
        }
        INDArray features = Nd4j.createFromArray(x).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
        org.nd4j.linalg.dataset.DataSet target = new org.nd4j.linalg.dataset.DataSet(features,
                Nd4j.createFromArray(y).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT));
        Transferability.Scores scores = Transferability.scores(net, target);
        INDArray probs = net.output(features, false);
        INDArray hidden = net.feedForwardToLayer(0, features, false).get(1);
        assertEquals(Transferability.leep(probs, labels, 2), scores.leep(), 1e-12);
        assertEquals(Transferability.nce(Transferability.argMax(probs), labels), scores.nce(), 1e-12);
        assertEquals(Transferability.hScore(hidden, labels), scores.plainHScore(), 1e-9);
        assertEquals(Transferability.hScoreShrunk(hidden, labels), scores.hScoreShrunk(), 1e-9);
        assertEquals(Transferability.logMe(hidden, labels), scores.logMe(), 1e-9);
        assertEquals(scores.logMe(), scores.get("LogME"));
        assertEquals(4, scores.values().length);
        assertEquals(scores.hScoreShrunk(), scores.get("H-score (shrinkage)"));
        assertThrows(IllegalArgumentException.class, () -> scores.get("H-score")); // the plain one is not a ranking score
        assertThrows(IllegalArgumentException.class, () -> scores.get("AUC"));
        assertThrows(IllegalArgumentException.class, () -> Transferability.scores(null, target));
    }

    @Test
    void argMaxGivesPseudoLabels() {
        assertArrayEquals(new int[] {1, 0, 2},
                Transferability.argMax(Nd4j.createFromArray(new double[][] {{0.1, 0.9, 0}, {1, 0, 0}, {0.2, 0.3, 0.5}})));
    }

    @Test
    void invalidInputIsRejected() {
        INDArray probs = Nd4j.createFromArray(new double[][] {{0.8, 0.2}, {0.4, 0.6}});
        assertThrows(IllegalArgumentException.class, () -> Transferability.leep(probs, new int[] {0}, 2));
        assertThrows(IllegalArgumentException.class, () -> Transferability.leep(probs, new int[] {0, 2}, 2));
        assertThrows(IllegalArgumentException.class, () -> Transferability.leep(probs, new int[] {0, -1}, 2));
        assertThrows(IllegalArgumentException.class,
                () -> Transferability.leep(Nd4j.createFromArray(new double[][] {{0.8, 0.8}}), new int[] {0}, 2));
        assertThrows(IllegalArgumentException.class, () -> Transferability.leep(Nd4j.create(2), new int[] {0, 1}, 2));
        assertThrows(IllegalArgumentException.class, () -> Transferability.nce(new int[] {0, 1}, new int[] {0}));
        assertThrows(IllegalArgumentException.class, () -> Transferability.nce(new int[0], new int[0]));
        INDArray f = Nd4j.createFromArray(new double[][] {{0}, {2}, {4}, {6}});
        assertThrows(IllegalArgumentException.class, () -> Transferability.hScore(f, new int[] {0, 1}));
        assertThrows(IllegalArgumentException.class, () -> Transferability.hScore(f, new int[] {0, 0, 1, 1}, -1));
        assertThrows(IllegalArgumentException.class,
                () -> Transferability.hScore(Nd4j.ones(4, 2), new int[] {0, 0, 1, 1}));
        assertThrows(IllegalArgumentException.class, () -> Transferability.logMe(f, new int[] {0, 0, 1}));
        assertThrows(IllegalArgumentException.class,
                () -> Transferability.logMe(Nd4j.createFromArray(new double[][] {{Double.NaN}, {1}}), new int[] {0, 1}));
    }
}
