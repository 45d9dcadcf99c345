package org.transferkit.diagnostics;

import org.transferkit.stats.Interval;
import org.transferkit.stats.Stats;

/**
 * The negative-transfer gap of Wang, Dai, Poczos and Carbonell (CVPR 2019): NTG = error(A(S, T)) - error(A(empty, T)),
 * the target error of an algorithm trained with the source minus the same algorithm trained on target data only.
 * NTG &gt; 0 is negative transfer. The gap is algorithm-specific and noisy, so it is reported per seed and as a paired
 * Student-t 95% interval over seeds (the same seed gives both arms the same target data and batches).
 */
public final class NegativeTransfer {
    private NegativeTransfer() {
    }

    /**
     * The gap with its uncertainty.
     *
     * @param perSeed NTG of each seed, errWithSource[i] - errWithout[i]
     * @param mean    mean gap
     * @param low     lower end of the paired 95% t interval
     * @param high    upper end of the paired 95% t interval
     */
    public record Gap(double[] perSeed, double mean, double low, double high) {
        /** Negative transfer is established: the whole interval lies above 0. */
        public boolean negative() {
            return low > 0;
        }

        /** Positive transfer is established: the whole interval lies below 0. */
        public boolean positive() {
            return high < 0;
        }

        /** The interval contains 0: more seeds are needed to tell. */
        public boolean inconclusive() {
            return !negative() && !positive();
        }

        /** The per-seed gaps (a copy). */
        @Override
        public double[] perSeed() {
            return perSeed.clone();
        }

        @Override
        public String toString() {
            return String.format("NTG %+.4f [%+.4f, %+.4f] over %d seeds (%s)", mean, low, high, perSeed.length,
                    negative() ? "negative transfer" : positive() ? "positive transfer" : "inconclusive");
        }
    }

    /**
     * NTG per seed and its paired 95% t interval.
     *
     * @param errWithSource target test error of each seed when the source is used
     * @param errWithout    target test error of the same seeds without the source (target-only)
     * @throws IllegalArgumentException if the arrays differ in length, have fewer than 2 seeds, or hold non-finite values
     */
    public static Gap gap(double[] errWithSource, double[] errWithout) {
        if (errWithSource == null || errWithout == null) {
            throw new IllegalArgumentException("expected two arrays of per-seed errors, got null");
        }
        if (errWithSource.length != errWithout.length) {
            throw new IllegalArgumentException("expected paired per-seed errors of equal length, got "
                    + errWithSource.length + " and " + errWithout.length);
        }
        int n = errWithSource.length;
        if (n < 2) {
            throw new IllegalArgumentException("expected at least 2 seeds for an interval, got " + n);
        }
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(errWithSource[i]) || !Double.isFinite(errWithout[i])) {
                throw new IllegalArgumentException("expected finite errors, seed " + i + " has "
                        + errWithSource[i] + " and " + errWithout[i]);
            }
            d[i] = errWithSource[i] - errWithout[i];
        }
        double[] interval = tInterval95(d);
        return new Gap(d, interval[0], interval[1], interval[2]);
    }

    /** {mean, low, high}: Student-t 95% interval of the mean ({@link Stats#ci95}). */
    static double[] tInterval95(double[] x) {
        Interval ci = Stats.ci95(x);
        return new double[] {ci.mean(), ci.low(), ci.high()};
    }

    /** The 0.975 quantile of Student's t with {@code df} degrees of freedom ({@link Stats#tQuantile}). */
    static double tQuantile975(int df) {
        return Stats.tQuantile(0.975, df);
    }
}
