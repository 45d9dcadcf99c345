package org.transferkit.kernel;

import io.github.spencerpark.jupyter.kernel.util.StringStyler;

import java.util.ArrayList;
import java.util.List;

/** Turns a cell's exception into the traceback lines a student reads: real class, message, the cell's own frames. */
final class ErrorFormatting {
    /** Frames from these packages are the kernel's and JShell's machinery, not the student's code. */
    private static final String[] HIDDEN = {"jdk.jshell.", "jdk.internal.", "java.lang.reflect.", "java.util.concurrent.FutureTask",
            "java.lang.Thread.run", "org.transferkit.kernel.", "sun.reflect."};

    private ErrorFormatting() {}

    /** The lines of the last error formatted, for the execute reply ({@link ResilientShellChannel}). */
    private static volatile List<String> lastFormatted;

    /** Maps a stack frame of snippet code (its class and line) to a line of its cell; null when unknown. */
    interface CellLines {
        JavaEvaluator.CellLine cellLine(String className, int line);
    }

    static List<String> format(Exception e, StringStyler styler) {
        return format(e, styler, (id, line) -> null);
    }

    static List<String> format(Exception e, StringStyler styler, CellLines cellLines) {
        List<String> lines = formatLines(e, styler, cellLines);
        lastFormatted = List.copyOf(lines);
        return lines;
    }

    /** The traceback of the error formatted last (the one the cell shows), or null. */
    static List<String> lastFormatted() {
        return lastFormatted;
    }

    private static List<String> formatLines(Exception e, StringStyler styler, CellLines cellLines) {
        List<String> lines = new ArrayList<>();
        if (e instanceof CellErrors.CompilationError c) {
            lines.add(styler.secondary("Compilation error: ") + styler.primary(c.getMessage()));
            for (String d : c.details) lines.addAll(d.lines().toList());
            return lines;
        }
        if (e instanceof CellErrors.Interrupted || e instanceof CellErrors.Unresolved || e instanceof CellErrors.MagicError) {
            lines.add(styler.primary(e.getMessage()));
            if (e.getCause() != null) lines.add(String.valueOf(e.getCause()));
            return lines;
        }
        Throwable t = e instanceof CellErrors.CellError ce ? ce.error : e;
        boolean first = true;
        while (t != null) {
            String head = t.getClass().getName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
            lines.add(first ? styler.primary(head) : styler.secondary("Caused by: ") + head);
            for (StackTraceElement f : t.getStackTrace()) {
                if (hidden(f)) continue;
                lines.add("    at " + describe(f, cellLines));
            }
            first = false;
            t = t.getCause() == t ? null : t.getCause();
        }
        return lines;
    }

    private static boolean hidden(StackTraceElement f) {
        String s = f.getClassName() + "." + f.getMethodName();
        for (String h : HIDDEN) if (s.startsWith(h)) return true;
        return false;
    }

    private static String describe(StackTraceElement f, CellLines cellLines) {
        // JShell wraps each snippet in a class named REPL.$JShell$<n>; say "the cell" or the method, and the cell's line.
        if (f.getClassName().startsWith("REPL.")) {
            String cls = f.getClassName().replaceFirst("^REPL\\.\\$JShell\\$\\d+[A-Z]?\\$?", "");
            String where = cls.isEmpty() ? f.getMethodName() : cls + "." + f.getMethodName();
            boolean cellBody = where.equals("do_it$");
            JavaEvaluator.CellLine at = cellLines.cellLine(f.getClassName(), f.getLineNumber());
            if (at == null) return (cellBody ? "the cell" : where) + " (cell)";
            if (cellBody) return "the cell, line " + at.line();
            return where + (at.thisCell() ? " (cell line " + at.line() + ")" : " (line " + at.line() + " of the cell that defines it)");
        }
        return f.toString();
    }
}
