package org.transferkit.stats;

import java.util.Locale;

/**
 * A point estimate with a confidence interval, e.g. the mean accuracy over seeds with its 95% interval. When the
 * interval is unknown (a single observation) {@code low} and {@code high} are NaN and every comparison is false.
 */
public record Interval(double mean, double low, double high) {

    /** Validates that low <= mean <= high when the bounds are known. */
    public Interval {
        if (!Double.isNaN(low) && !Double.isNaN(high) && !(low <= mean && mean <= high)) {
            throw new IllegalArgumentException("expected low <= mean <= high, got " + low + ", " + mean + ", " + high);
        }
    }

    /** True when the whole interval lies above {@code v} (e.g. a gain whose interval excludes 0). */
    public boolean above(double v) {
        return low > v;
    }

    /** True when the whole interval lies below {@code v} (e.g. a loss: negative transfer). */
    public boolean below(double v) {
        return high < v;
    }

    /** True when {@code v} is inside the interval (bounds included). */
    public boolean contains(double v) {
        return low <= v && v <= high;
    }

    /**
     * True when the whole interval lies strictly inside {@code (-margin, margin)}: an equivalence claim ("the
     * difference is within +-margin"), tested with a 90% interval (two one-sided tests at 5% each). False when the
     * bounds are unknown.
     */
    public boolean within(double margin) {
        return low > -margin && high < margin;
    }

    /** Half the width of the interval, the "plus or minus" of the estimate. */
    public double halfWidth() {
        return (high - low) / 2;
    }

    /**
     * The interval scaled and signed, e.g. {@code format(100, 1)} gives {@code +10.5 [+5.4, +15.6]} for a difference
     * of accuracies shown in points.
     */
    public String format(double scale, int digits) {
        String f = "%+." + digits + "f";
        return String.format(Locale.ROOT, f + " [" + f + ", " + f + "]", scale * mean, scale * low, scale * high);
    }

    /** E.g. {@code 0.9123 [0.9050, 0.9196]}. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%.4f [%.4f, %.4f]", mean, low, high);
    }
}
