package org.transferkit;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Self-checks for the notebooks: every experiment ends by stating what it claims and testing that the numbers it just
 * produced support the claim.
 *
 * <p>A check that holds prints one line {@code CHECK PASS: <claim> (<evidence>)} to standard output; the notebook
 * runner ({@code environment/run_notebooks.py}) counts these lines. A check that does not hold prints
 * {@code CHECK FAIL: <claim> (<evidence>)} and throws {@link CheckFailed}, so the cell shows an error and the headless
 * run of the notebook fails. The evidence is the measured numbers, so a reader sees why a claim held or not.
 */
public final class Checks {

    /** Start of the line printed by a check that holds. */
    public static final String PASS_PREFIX = "CHECK PASS: ";
    /** Start of the line printed by (and the message of) a check that does not hold. */
    public static final String FAIL_PREFIX = "CHECK FAIL: ";

    private Checks() {
    }

    /**
     * Thrown by a check that does not hold. An {@link IllegalStateException}, so a notebook shows it as an ordinary
     * error with the claim and the evidence in the message.
     */
    public static final class CheckFailed extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        /** Creates the failure with its full {@code CHECK FAIL: ...} line as the message. */
        public CheckFailed(String message) {
            super(message);
        }
    }

    /**
     * Checks a claim against the evidence measured for it.
     *
     * @param claim    what the experiment claims, in words ("fine-tuning beats training from scratch")
     * @param holds    whether the measured numbers support the claim
     * @param evidence the numbers behind the verdict ("0.91 vs 0.84, 5 seeds"); may be null or empty
     * @throws CheckFailed              when {@code holds} is false
     * @throws IllegalArgumentException when the claim is null or blank
     */
    public static void check(String claim, boolean holds, String evidence) {
        String line = line(claim, evidence);
        PrintStream out = System.out; // looked up on each call: a notebook kernel swaps System.out per cell
        if (holds) {
            out.println(PASS_PREFIX + line);
            out.flush();
            return;
        }
        out.println(FAIL_PREFIX + line);
        out.flush();
        throw new CheckFailed(FAIL_PREFIX + line);
    }

    /** Checks a claim with no separate evidence (prefer the three-argument form: evidence makes a check teach). */
    public static void check(String claim, boolean holds) {
        check(claim, holds, null);
    }

    /**
     * Checks that a measured value is at least a threshold; the evidence shows both numbers. NaN never passes.
     *
     * @throws CheckFailed when {@code value < threshold} or either is NaN
     */
    public static void atLeast(String claim, double value, double threshold) {
        check(claim, value >= threshold, format(value) + " >= " + format(threshold));
    }

    /**
     * Checks that a measured value is at most a threshold; the evidence shows both numbers. NaN never passes.
     *
     * @throws CheckFailed when {@code value > threshold} or either is NaN
     */
    public static void atMost(String claim, double value, double threshold) {
        check(claim, value <= threshold, format(value) + " <= " + format(threshold));
    }

    /**
     * Checks that a measured value lies in {@code [low, high]}; the evidence shows the value and the range.
     *
     * @throws CheckFailed              when the value is outside the range or NaN
     * @throws IllegalArgumentException when {@code low > high}
     */
    public static void between(String claim, double value, double low, double high) {
        if (!(low <= high)) {
            throw new IllegalArgumentException("expected low <= high, got low=" + low + " high=" + high);
        }
        check(claim, value >= low && value <= high,
                format(value) + " in [" + format(low) + ", " + format(high) + "]");
    }

    private static String line(String claim, String evidence) {
        if (claim == null || claim.isBlank()) {
            throw new IllegalArgumentException("expected a claim in words, got " + (claim == null ? "null" : "a blank string"));
        }
        String oneLine = claim.strip().replaceAll("\\s*\\R\\s*", " ");
        if (evidence == null || evidence.isBlank()) {
            return oneLine;
        }
        return oneLine + " (" + evidence.strip().replaceAll("\\s*\\R\\s*", " ") + ")";
    }

    private static String format(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.toString(v);
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        String s = String.format(Locale.ROOT, "%.4g", v); // 4 significant digits, then no trailing zeros
        if (s.indexOf('e') < 0 && s.indexOf('.') >= 0) {
            s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return s;
    }
}
