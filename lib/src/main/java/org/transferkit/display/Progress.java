package org.transferkit.display;

import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A progress bar for training loops. In a notebook it shows one line that is updated in place, at most about twice
 * a second plus the final state; in a terminal it prints a line every 10% of the steps. A progress started while
 * another one is open on the same thread (e.g. each training run inside an experiment grid) stays silent, so only
 * the outermost loop is shown. Use with try-with-resources:
 * <pre>{@code
 * try (Progress p = Progress.start("fine-tune", steps)) {
 *     for (int i = 0; i < steps; i++) { ...; p.step("loss " + loss); }
 * }
 * }</pre>
 */
public final class Progress implements AutoCloseable {

    /** Minimum time between two in-place notebook updates. */
    static final long MIN_UPDATE_NANOS = 500_000_000L;
    /** Number of open progress bars on this thread; nested ones are silent. */
    private static final ThreadLocal<int[]> OPEN = ThreadLocal.withInitial(() -> new int[1]);

    private final String title;
    private final int total;
    private final LongSupplier clock;
    private final boolean notebook;
    private final boolean silent;
    private final long startNanos;
    private String displayId;
    private int step;
    private String metrics = "";
    private long lastUpdate;
    private int lastDecile;
    private boolean shownFinal;
    private boolean closed;
    private boolean released;

    Progress(String title, int total, LongSupplier clock, boolean notebook) {
        if (total < 1) {
            throw new IllegalArgumentException("totalSteps must be at least 1, got " + total);
        }
        this.title = title == null ? "" : title;
        this.total = total;
        this.clock = clock;
        this.notebook = notebook;
        this.startNanos = clock.getAsLong();
        this.lastUpdate = startNanos;
        this.silent = OPEN.get()[0]++ > 0;
        if (notebook && !silent) {
            displayId = Display.show(snapshot());
        }
    }

    /** Starts a progress display for a loop of {@code totalSteps} steps. */
    public static Progress start(String title, int totalSteps) {
        return new Progress(title, totalSteps, System::nanoTime, Display.inNotebook());
    }

    /** Records one finished step; {@code metrics} (e.g. "loss 0.31") is shown after the counter. */
    public void step(String metrics) {
        if (closed) {
            throw new IllegalStateException("Progress '" + title + "' is already closed");
        }
        step++;
        this.metrics = metrics == null ? "" : metrics;
        if (step >= total) {
            release();
        }
        if (silent) {
            return;
        }
        long now = clock.getAsLong();
        if (notebook) {
            if (step >= total || now - lastUpdate >= MIN_UPDATE_NANOS) {
                lastUpdate = now;
                Display.update(displayId, snapshot());
                shownFinal = step >= total;
            }
        } else {
            int decile = (int) Math.min(10, (long) step * 10 / total);
            if (decile > lastDecile) {
                lastDecile = decile;
                Display.show(snapshot());
                shownFinal = step >= total;
            }
        }
    }

    /** Records one finished step without metrics. */
    public void step() {
        step("");
    }

    /** Number of steps recorded so far. */
    public int steps() {
        return step;
    }

    /** Stops counting this bar as open (at the last step or on close), so a forgotten close cannot silence later bars. */
    private void release() {
        if (!released) {
            released = true;
            OPEN.get()[0] = Math.max(0, OPEN.get()[0] - 1);
        }
    }

    /** The current state, as shown. */
    public Line snapshot() {
        return new Line(title, step, total, metrics, (clock.getAsLong() - startNanos) / 1e9);
    }

    /**
     * Marks the loop as failed: the display (in place in a notebook) shows where it stopped and why, instead of
     * staying at its last percentage. Closes the bar; further calls do nothing.
     */
    public void fail(Throwable cause) {
        if (closed) {
            return;
        }
        String why = cause == null ? "" : cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + cause.getMessage().lines().findFirst().orElse(""));
        metrics = "FAILED at step " + (step + 1) + (why.isEmpty() ? "" : " (" + why + ")");
        shownFinal = false;
        close();
    }

    /** Shows the final state (if not shown yet); further calls do nothing. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        release();
        if (!silent && !shownFinal) {
            if (notebook) {
                Display.update(displayId, snapshot());
            } else {
                Display.show(snapshot());
            }
        }
    }

    /**
     * One progress line, e.g. {@code fine-tune [#####-----] 50% step 100/200 loss 0.31 (3.2 s)}; its
     * {@link #toString()} is the text shown, {@link #html()} a monospace HTML form for notebooks.
     */
    public record Line(String title, int step, int total, String metrics, double seconds) {

        /** Fraction done, 0..1 (capped at 1 if more steps than announced were recorded). */
        public double fraction() {
            return Math.min(1.0, step / (double) total);
        }

        @Override
        public String toString() {
            int filled = (int) Math.floor(fraction() * 10);
            StringBuilder sb = new StringBuilder();
            if (!title.isEmpty()) {
                sb.append(title).append(' ');
            }
            sb.append('[').append("#".repeat(filled)).append("-".repeat(10 - filled)).append("] ");
            sb.append(String.format(Locale.ROOT, "%3d%% step %d/%d", (int) Math.floor(fraction() * 100), step, total));
            if (!metrics.isEmpty()) {
                sb.append(' ').append(metrics);
            }
            sb.append(String.format(Locale.ROOT, " (%.1f s)", seconds));
            return sb.toString();
        }

        /** The line as escaped monospace HTML. */
        public String html() {
            String t = toString().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
            return "<pre style=\"margin:0\">" + t + "</pre>";
        }
    }
}
