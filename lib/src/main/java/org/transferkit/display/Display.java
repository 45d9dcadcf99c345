package org.transferkit.display;

import java.awt.image.BufferedImage;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Shows results from library code without knowing where it runs: in a notebook the kernel's {@link DisplaySink}
 * renders rich output and can update it in place; in a terminal objects are printed as text.
 */
public final class Display {

    private static final DisplaySink TERMINAL = new TerminalSink(System.out);
    private static volatile DisplaySink sink = TERMINAL;

    private Display() {
    }

    /** Installs the sink used from now on (the notebook kernel does this); {@code null} restores the terminal sink. */
    public static void install(DisplaySink newSink) {
        sink = newSink == null ? TERMINAL : newSink;
    }

    /** True when a sink other than the default terminal one is installed, i.e. we run inside a notebook. */
    public static boolean inNotebook() {
        return sink != TERMINAL;
    }

    /** Shows an object and returns its display id (for {@link #update}). */
    public static String show(Object o) {
        return sink.display(o);
    }

    /** Replaces the object shown under {@code id}; in a terminal the new text is printed on a new line. */
    public static void update(String id, Object o) {
        if (id == null) {
            throw new IllegalArgumentException("display id must not be null; use the id returned by Display.show");
        }
        sink.update(id, o);
    }

    /** A plain-text form of an object for terminals: images and charts are summarised, everything else uses toString. */
    public static String text(Object o) {
        if (o == null) {
            return "null";
        }
        if (o instanceof BufferedImage img) {
            return "[image " + img.getWidth() + "x" + img.getHeight() + "]";
        }
        if (o instanceof org.knowm.xchart.internal.chartpart.Chart<?, ?> chart) {
            String title = chart.getTitle();
            return "[chart" + (title == null || title.isEmpty() ? "" : " '" + title + "'") + " "
                    + chart.getWidth() + "x" + chart.getHeight() + "]";
        }
        if (o instanceof tech.tablesaw.api.Table table) {
            return table.print();
        }
        return o.toString();
    }

    /** Default sink: prints {@link #text(Object)} to a stream. */
    static final class TerminalSink implements DisplaySink {
        private final PrintStream out;
        private final AtomicLong next = new AtomicLong();

        TerminalSink(PrintStream out) {
            this.out = out;
        }

        @Override
        public String display(Object o) {
            out.println(text(o));
            return "terminal-" + next.incrementAndGet();
        }

        @Override
        public void update(String id, Object o) {
            out.println(text(o));
        }
    }
}
