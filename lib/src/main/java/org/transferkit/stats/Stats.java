package org.transferkit.stats;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Small-sample statistics for comparing methods over a handful of seeds: mean, standard deviation, Student-t
 * confidence intervals (also for paired differences) and Spearman rank correlation.
 */
public final class Stats {

    private Stats() {
    }

    /** Arithmetic mean. */
    public static double mean(double[] x) {
        check(x, 1, "x");
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    /** Sample standard deviation (divisor n-1); NaN for a single value. */
    public static double sd(double[] x) {
        check(x, 1, "x");
        if (x.length == 1) {
            return Double.NaN;
        }
        double m = mean(x);
        double ss = 0;
        for (double v : x) {
            ss += (v - m) * (v - m);
        }
        return Math.sqrt(ss / (x.length - 1));
    }

    /**
     * 95% confidence interval of the mean, mean +- t(0.975, n-1) * sd / sqrt(n). With a single value the bounds are
     * NaN (unknown) rather than an error, so fast smoke runs with one seed still work.
     */
    public static Interval ci95(double[] x) {
        return ci(x, 0.95);
    }

    /** Confidence interval of the mean at the given level (e.g. 0.95), using the Student-t distribution. */
    public static Interval ci(double[] x, double level) {
        check(x, 1, "x");
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("level must be in (0,1), e.g. 0.95, got " + level);
        }
        double m = mean(x);
        if (x.length == 1) {
            return new Interval(m, Double.NaN, Double.NaN);
        }
        double half = tQuantile(0.5 + level / 2, x.length - 1) * sd(x) / Math.sqrt(x.length);
        return new Interval(m, m - half, m + half);
    }

    /**
     * 95% interval of the mean difference mean(a - b) for paired observations (a[i] and b[i] from the same seed or
     * split). Pairing removes the seed-to-seed variation both methods share, so it detects smaller differences.
     */
    public static Interval pairedCi95(double[] a, double[] b) {
        return pairedCi(a, b, 0.95);
    }

    /**
     * Interval of the mean paired difference mean(a - b) at the given level, e.g. 0.90 for an equivalence claim
     * ({@link Interval#within}).
     */
    public static Interval pairedCi(double[] a, double[] b, double level) {
        check(a, 1, "a");
        check(b, 1, "b");
        if (a.length != b.length) {
            throw new IllegalArgumentException("paired samples must have equal length, got " + a.length + " and " + b.length);
        }
        return ci(differences(a, b), level);
    }

    /** The element-wise differences a[i] - b[i] of paired observations. */
    public static double[] differences(double[] a, double[] b) {
        check(a, 1, "a");
        check(b, 1, "b");
        if (a.length != b.length) {
            throw new IllegalArgumentException("paired samples must have equal length, got " + a.length + " and " + b.length);
        }
        double[] d = new double[a.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = a[i] - b[i];
        }
        return d;
    }

    /**
     * Spearman rank correlation: the Pearson correlation of the ranks, ties getting their average rank. NaN when
     * one of the samples is constant.
     */
    public static double spearman(double[] x, double[] y) {
        check(x, 2, "x");
        check(y, 2, "y");
        if (x.length != y.length) {
            throw new IllegalArgumentException("x and y must have equal length, got " + x.length + " and " + y.length);
        }
        return pearson(ranks(x), ranks(y));
    }

    /** Pearson correlation; NaN when one sample is constant. */
    public static double pearson(double[] x, double[] y) {
        check(x, 2, "x");
        check(y, 2, "y");
        if (x.length != y.length) {
            throw new IllegalArgumentException("x and y must have equal length, got " + x.length + " and " + y.length);
        }
        double mx = mean(x);
        double my = mean(y);
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            double dx = x[i] - mx;
            double dy = y[i] - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        if (sxx == 0 || syy == 0) {
            return Double.NaN;
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    /** Ranks 1..n of the values, tied values sharing the average of their ranks. */
    public static double[] ranks(double[] x) {
        check(x, 1, "x");
        Integer[] order = new Integer[x.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> x[i]));
        double[] r = new double[x.length];
        int i = 0;
        while (i < order.length) {
            int j = i;
            while (j + 1 < order.length && x[order[j + 1]] == x[order[i]]) {
                j++;
            }
            double avg = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                r[order[k]] = avg;
            }
            i = j + 1;
        }
        return r;
    }

    /**
     * Quantile (inverse CDF) of Student's t distribution with {@code df} degrees of freedom, e.g.
     * {@code tQuantile(0.975, 4) = 2.776}. Solved by bisection on the CDF, which is computed from the regularized
     * incomplete beta function; accurate to about 1e-10 for any df > 0.
     */
    public static double tQuantile(double p, double df) {
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("p must be in (0,1), got " + p);
        }
        if (!(df > 0)) {
            throw new IllegalArgumentException("degrees of freedom must be positive, got " + df);
        }
        if (p == 0.5) {
            return 0;
        }
        if (p < 0.5) {
            return -tQuantile(1 - p, df);
        }
        double lo = 0;
        double hi = 1;
        while (tCdf(hi, df) < p) {
            lo = hi;
            hi *= 2;
        }
        for (int it = 0; it < 200 && hi - lo > 1e-12 * Math.max(1, hi); it++) {
            double mid = (lo + hi) / 2;
            if (tCdf(mid, df) < p) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }

    /** Cumulative distribution function of Student's t distribution. */
    public static double tCdf(double t, double df) {
        if (!(df > 0)) {
            throw new IllegalArgumentException("degrees of freedom must be positive, got " + df);
        }
        double tail = 0.5 * regularizedBeta(df / (df + t * t), df / 2, 0.5);
        return t >= 0 ? 1 - tail : tail;
    }

    /** Regularized incomplete beta function I_x(a, b), by its continued fraction (modified Lentz method). */
    static double regularizedBeta(double x, double a, double b) {
        if (x <= 0) {
            return 0;
        }
        if (x >= 1) {
            return 1;
        }
        // The continued fraction converges fast for x < (a+1)/(a+b+2); otherwise use I_x(a,b) = 1 - I_{1-x}(b,a).
        if (x > (a + 1) / (a + b + 2)) {
            return 1 - regularizedBeta(1 - x, b, a);
        }
        double logFront = a * Math.log(x) + b * Math.log1p(-x) - logBeta(a, b) - Math.log(a);
        final double tiny = 1e-300;
        double c = 1;
        double d = 1 - (a + b) * x / (a + 1);
        d = Math.abs(d) < tiny ? tiny : d;
        d = 1 / d;
        double f = d;
        for (int m = 1; m <= 500; m++) {
            // even step
            double num = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m));
            d = 1 + num * d;
            d = Math.abs(d) < tiny ? tiny : d;
            c = 1 + num / c;
            c = Math.abs(c) < tiny ? tiny : c;
            d = 1 / d;
            f *= d * c;
            // odd step
            num = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1));
            d = 1 + num * d;
            d = Math.abs(d) < tiny ? tiny : d;
            c = 1 + num / c;
            c = Math.abs(c) < tiny ? tiny : c;
            d = 1 / d;
            double delta = d * c;
            f *= delta;
            if (Math.abs(delta - 1) < 1e-15) {
                break;
            }
        }
        return Math.exp(logFront) * f;
    }

    private static double logBeta(double a, double b) {
        return logGamma(a) + logGamma(b) - logGamma(a + b);
    }

    /** log Gamma(x) for x > 0 (Lanczos approximation, g = 7, relative error about 1e-15). */
    static double logGamma(double x) {
        if (x < 0.5) {
            // reflection formula
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
        }
        final double[] g = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
            -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
            1.5056327351493116e-7};
        x -= 1;
        double s = g[0];
        double t = x + 7.5;
        for (int i = 1; i < 9; i++) {
            s += g[i] / (x + i);
        }
        return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(s);
    }

    private static void check(double[] x, int minLength, String name) {
        if (x == null || x.length < minLength) {
            throw new IllegalArgumentException(name + " must hold at least " + minLength + " value(s), got "
                    + (x == null ? "null" : x.length));
        }
        for (double v : x) {
            if (Double.isNaN(v)) {
                throw new IllegalArgumentException(name + " contains NaN: " + Arrays.toString(x));
            }
        }
    }
}
