package org.transferkit.kernel;

import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.ExpressionSnippet;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.VarSnippet;

import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/** Java code through JShell in this JVM: evaluation, completion, documentation, completeness. */
final class JavaEvaluator implements AutoCloseable {
    /** Marks a cell whose last snippet has no value to show (a declaration or a statement). */
    static final Object NO_VALUE = new Object();

    private final CellExecutionControl control;
    private final JShell shell;
    private final SourceCodeAnalysis analysis;

    JavaEvaluator(List<String> compilerOptions, Duration timeout) {
        this.control = new CellExecutionControl(timeout);
        JShell.Builder builder = JShell.builder()
                .executionEngine(CellExecutionControl.provider(control), null)
                .out(System.out).err(System.err);
        if (!compilerOptions.isEmpty()) builder.compilerOptions(compilerOptions.toArray(String[]::new));
        this.shell = builder.build();
        this.analysis = shell.sourceCodeAnalysis();
        // The kernel's start-up classpath (the kit's library and its dependencies) is visible to cells.
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator))
            if (!entry.isBlank()) shell.addToClasspath(entry);
    }

    void addToClasspath(String path) {
        shell.addToClasspath(path);
    }

    /** Each snippet's wrapper class and where the snippet starts in its cell, by the wrapper's class name. */
    private final Map<String, Placed> placed = new ConcurrentHashMap<>();
    /** Ids of the snippets of the cell being run (or last run). */
    private final Set<String> currentCell = ConcurrentHashMap.newKeySet();

    /** A snippet's wrapper (the class JShell compiled) and the cell line of the snippet's first line. */
    private record Placed(String id, SourceCodeAnalysis.SnippetWrapper wrapper, int firstLine) {}

    /** Evaluates every snippet of {@code code} in order; returns the last expression's object or {@link #NO_VALUE}. */
    Object eval(String code) throws Exception {
        return eval(code, 1, true);
    }

    /**
     * Evaluates {@code code}, which starts at line {@code firstLine} of its cell; {@code newCell} starts a new cell
     * (a cell split by line magics is evaluated in several parts). Line numbers let runtime errors name the cell's line.
     */
    Object eval(String code, int firstLine, boolean newCell) throws Exception {
        if (newCell) currentCell.clear();
        Object last = NO_VALUE;
        String remaining = code;
        try {
            while (!remaining.isBlank()) {
                SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
                if (info.completeness() == SourceCodeAnalysis.Completeness.EMPTY) break;
                String source = info.completeness().isComplete() ? info.source() : remaining;
                int line = firstLine + lineOf(code, code.length() - remaining.length() + startIn(remaining, source));
                remaining = info.completeness().isComplete() ? info.remaining() : "";
                last = evalSnippet(source, line);
            }
        } finally {
            control.clearValues();
        }
        return last;
    }

    /** Offset in {@code remaining} where {@code source} (a snippet JShell cut from its front) begins. */
    private static int startIn(String remaining, String source) {
        if (remaining.startsWith(source)) return 0; // the usual case: the snippet keeps its leading blank lines
        String first = source.strip().lines().findFirst().orElse("").strip();
        int at = first.isEmpty() ? -1 : remaining.indexOf(first);
        if (at >= 0) return at;
        int lead = 0;
        while (lead < remaining.length() && Character.isWhitespace(remaining.charAt(lead))) lead++;
        return lead;
    }

    /** 0-based line of {@code offset} in {@code text}. */
    private static int lineOf(String text, int offset) {
        int lines = 0;
        for (int i = 0; i < Math.min(offset, text.length()); i++) if (text.charAt(i) == '\n') lines++;
        return lines;
    }

    /**
     * The cell line of line {@code wrapperLine} of the class JShell compiled a snippet into (a stack frame's class and
     * line), and whether that snippet belongs to the cell being run; null for code the kernel did not place (start-up
     * code) or a line of the wrapper's own scaffolding. (JShell's own translation of frames, in EvalException, gives
     * the first line of a method for every line in it.)
     */
    CellLine cellLine(String className, int wrapperLine) {
        Placed p = placed.get(className);
        for (int cut = className.lastIndexOf('$'); p == null && cut > 0; cut = className.lastIndexOf('$', cut - 1))
            p = placed.get(className.substring(0, cut)); // a nested or local class of the snippet
        if (p == null || wrapperLine < 1) return null;
        String wrapped = p.wrapper().wrapped();
        int start = 0;
        for (int l = 1; l < wrapperLine && start >= 0; l++) start = wrapped.indexOf('\n', start) + (start < 0 ? 0 : 1);
        if (start <= 0 && wrapperLine > 1) return null;
        int end = wrapped.indexOf('\n', start);
        if (end < 0) end = wrapped.length();
        for (int i = start; i < end; i++) {
            if (Character.isWhitespace(wrapped.charAt(i))) continue;
            int at = p.wrapper().wrappedToSourcePosition(i);
            if (at >= 0) return new CellLine(p.firstLine() + lineOf(p.wrapper().source(), at), currentCell.contains(p.id()));
        }
        return null;
    }

    /** A line of a cell, and whether it is in the cell being run. */
    record CellLine(int line, boolean thisCell) {}

    private Object evalSnippet(String source, int line) throws Exception {
        Object value = NO_VALUE;
        for (SnippetEvent event : shell.eval(source)) {
            if (event.causeSnippet() != null) continue;
            Snippet snippet = event.snippet();
            currentCell.add(snippet.id());
            if (event.status() != Snippet.Status.REJECTED) {
                SourceCodeAnalysis.SnippetWrapper wrapper = analysis.wrapper(snippet);
                placed.put(wrapper.fullClassName(), new Placed(snippet.id(), wrapper, line));
            }
            if (event.status() == Snippet.Status.REJECTED) throw compilationError(source, snippet);
            if (control.wasStopped() || control.wasTimedOut())
                throw new CellErrors.Interrupted(control.wasTimedOut()
                        ? "The cell ran past the kernel's time limit (IJAVA_TIMEOUT) and was stopped."
                        : "The cell was interrupted.");
            if (event.exception() != null) throw userException(event.exception());
            if (event.status() == Snippet.Status.RECOVERABLE_DEFINED || event.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
                List<String> missing = shell.unresolvedDependencies((DeclarationSnippet) snippet).collect(Collectors.toList());
                if (event.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED)
                    throw new CellErrors.Unresolved("cannot define this yet: it needs " + String.join(", ", missing));
            }
            if (event.value() != null && showsValue(snippet)) {
                Object v = control.takeValue(event.value());
                value = v;
            }
        }
        return value;
    }

    private static boolean showsValue(Snippet snippet) {
        return snippet instanceof ExpressionSnippet
                || (snippet instanceof VarSnippet && snippet.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND);
    }

    private Exception userException(Exception jshellException) {
        if (jshellException instanceof UnresolvedReferenceException u) {
            List<String> missing = shell.unresolvedDependencies(u.getSnippet()).collect(Collectors.toList());
            return new CellErrors.Unresolved(u.getSnippet().toString().isEmpty() ? "unresolved reference"
                    : "'" + name(u.getSnippet()) + "' cannot run until this is defined: " + String.join(", ", missing));
        }
        Throwable thrown = control.lastThrown();
        if (thrown instanceof Exception e) return e;
        if (thrown != null) return new CellErrors.CellError(thrown);
        if (jshellException instanceof EvalException ee)
            return new RuntimeException(ee.getExceptionClassName() + ": " + ee.getMessage());
        return jshellException;
    }

    private static String name(DeclarationSnippet s) {
        return s instanceof jdk.jshell.MethodSnippet m ? m.name() + "(" + m.parameterTypes() + ")"
                : s instanceof jdk.jshell.TypeDeclSnippet t ? t.name() : s.toString();
    }

    private CellErrors.CompilationError compilationError(String source, Snippet snippet) {
        List<String> details = new ArrayList<>();
        String summary = null;
        for (Diag d : (Iterable<Diag>) shell.diagnostics(snippet)::iterator) {
            if (!d.isError()) continue;
            String message = d.getMessage(Locale.ENGLISH);
            if (summary == null) summary = message.lines().findFirst().orElse(message);
            details.add(message);
            details.add(offendingLine(source, (int) d.getStartPosition(), (int) d.getEndPosition()));
        }
        if (summary == null) summary = "the snippet was rejected by the compiler";
        return new CellErrors.CompilationError(summary, details);
    }

    /** The source line holding [start, end) with a caret underline, so a student sees where the error is. */
    static String offendingLine(String source, int start, int end) {
        if (start < 0 || start > source.length()) return "";
        int lineStart = source.lastIndexOf('\n', Math.max(0, start - 1)) + 1;
        if (start == 0) lineStart = 0;
        int lineEnd = source.indexOf('\n', start);
        if (lineEnd < 0) lineEnd = source.length();
        String line = source.substring(lineStart, lineEnd);
        int from = start - lineStart;
        int to = Math.max(from + 1, Math.min(end, lineEnd) - lineStart);
        return line + "\n" + " ".repeat(from) + "^".repeat(Math.max(1, to - from));
    }

    /** Completion candidates at {@code cursor}; {@code anchor[0]} receives where they start. */
    List<String> complete(String code, int cursor, int[] anchor) {
        return analysis.completionSuggestions(code, cursor, anchor).stream()
                .map(SourceCodeAnalysis.Suggestion::continuation).distinct().collect(Collectors.toList());
    }

    /** Signature and javadoc of what is at {@code cursor}, or an empty string. */
    String documentation(String code, int cursor) {
        String doc = documentationAt(code, cursor);
        // JShell documents a method only inside its call: retry as if the student had typed the opening parenthesis.
        if (doc.isEmpty() && cursor > 0 && Character.isJavaIdentifierPart(code.charAt(cursor - 1)))
            doc = documentationAt(code.substring(0, cursor) + "(", cursor + 1);
        return doc;
    }

    private String documentationAt(String code, int cursor) {
        return analysis.documentation(code, cursor, true).stream()
                .map(d -> d.signature() + (d.javadoc() == null ? "" : "\n\n" + d.javadoc()))
                .collect(Collectors.joining("\n\n"));
    }

    /** Jupyter's is_complete status for the code: complete, incomplete or invalid. */
    String completeness(String code) {
        String remaining = code;
        while (!remaining.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
            switch (info.completeness()) {
                case COMPLETE, COMPLETE_WITH_SEMI -> remaining = info.remaining();
                case EMPTY -> { return "complete"; }
                case DEFINITELY_INCOMPLETE, CONSIDERED_INCOMPLETE -> { return "incomplete"; }
                default -> { return "invalid"; }
            }
        }
        return "complete";
    }

    void stop() {
        shell.stop();
    }

    @Override
    public void close() {
        shell.close();
    }
}
