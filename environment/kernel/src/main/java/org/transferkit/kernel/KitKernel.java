package org.transferkit.kernel;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.LanguageInfo;
import io.github.spencerpark.jupyter.kernel.ReplacementOptions;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.util.GlobFinder;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The transfer-kit Jupyter kernel: Java through JShell in this JVM, IJava's magics and display functions, and
 * readable errors. Protocol handling comes from the base library (jupyter-jvm-basekernel), sockets from
 * {@link KitConnection}.
 */
public final class KitKernel extends BaseKernel {
    private static final Pattern LINE_MAGIC = Pattern.compile("^\\s*%(?!%)(\\w+)(.*)$");
    private static final Pattern CELL_MAGIC = Pattern.compile("^\\s*%%(\\w+)(.*)$");
    private static volatile KitKernel instance;

    private final KernelSettings settings;
    private final JavaEvaluator evaluator;
    private final MavenResolver maven = new MavenResolver();
    private final LanguageInfo languageInfo;

    KitKernel(KernelSettings settings) {
        this.settings = settings;
        this.evaluator = new JavaEvaluator(settings.compilerOptions(), settings.timeout());
        this.languageInfo = new LanguageInfo.Builder("Java")
                .version(Runtime.version().toString()).mimetype("text/x-java-source").fileExtension(".jshell")
                .pygments("java").codemirror("java").build();
        Renderers.registerAll(getRenderer());
        instance = this;
        Notebook.attach(this);
    }

    /** The running kernel, for IJava-compatible code. */
    public static KitKernel instance() {
        return instance;
    }

    /** Default imports and start-up scripts, run once before the first cell. */
    void runStartup() throws Exception {
        evaluator.eval(String.join("\n",
                "import java.io.*;", "import java.math.*;", "import java.net.*;", "import java.nio.file.*;",
                "import java.util.*;", "import java.util.concurrent.*;", "import java.util.function.*;",
                "import java.util.prefs.*;", "import java.util.regex.*;", "import java.util.stream.*;",
                "import static org.transferkit.kernel.Notebook.*;"));
        for (String cp : settings.classpath()) addClasspath(cp);
        for (String glob : settings.startupScriptGlobs())
            for (Path p : new GlobFinder(glob).computeMatchingFiles()) evaluator.eval(Files.readString(p));
        if (settings.startupScript() != null) evaluator.eval(settings.startupScript());
    }

    @Override
    public LanguageInfo getLanguageInfo() {
        return languageInfo;
    }

    @Override
    public String getBanner() {
        return "transfer-kit Java kernel (JShell in-process, Java " + Runtime.version() + ")";
    }

    @Override
    public DisplayData eval(String code) throws Exception {
        Object value = evalToObject(code);
        // printf/format/append on System.out return the stream itself: a trailing printf shows its text, not the stream;
        // a null value shows nothing, as in IJava (and None in Python)
        if (value == null || value == JavaEvaluator.NO_VALUE || value instanceof PrintStream || value instanceof PrintWriter) return null;
        return Notebook.render(value);
    }

    /** A cell: an optional cell magic on its first line, else Java with line magics on their own lines. */
    Object evalToObject(String code) throws Exception {
        String firstLine = code.stripLeading().lines().findFirst().orElse("");
        Matcher cell = CELL_MAGIC.matcher(firstLine);
        if (cell.matches()) {
            String body = code.stripLeading().substring(firstLine.length());
            return cellMagic(cell.group(1), splitArgs(cell.group(2)), body.startsWith("\n") ? body.substring(1) : body);
        }
        Object last = JavaEvaluator.NO_VALUE;
        StringBuilder pending = new StringBuilder();
        int pendingLine = 1;   // the cell line where the pending Java starts
        int lineNumber = 0;
        boolean first = true;  // the first Java part of the cell starts a new cell for the line numbers
        for (String line : code.split("\n", -1)) {
            lineNumber++;
            Matcher m = LINE_MAGIC.matcher(line);
            if (m.matches()) {
                if (!pending.toString().isBlank()) {
                    evaluator.eval(pending.toString(), pendingLine, first);
                    first = false;
                }
                pending.setLength(0);
                pendingLine = lineNumber + 1;
                last = lineMagicRaw(m.group(1), m.group(2));
            } else {
                pending.append(line).append('\n');
                if (!line.isBlank()) last = JavaEvaluator.NO_VALUE;
            }
        }
        if (!pending.toString().isBlank()) last = evaluator.eval(pending.toString(), pendingLine, first);
        return last;
    }

    private Object lineMagicRaw(String name, String rest) throws Exception {
        if (name.equals("time")) return timed(rest.trim());
        return lineMagic(name, splitArgs(rest));
    }

    Object lineMagic(String name, List<String> args) throws Exception {
        switch (name) {
            case "jars", "classpath" -> {
                for (String a : args) addClasspath(a);
                return JavaEvaluator.NO_VALUE;
            }
            case "maven", "addMavenDependency", "addMavenDependencies" -> {
                for (Path jar : maven.resolveCoordinates(args)) evaluator.addToClasspath(jar.toString());
                return JavaEvaluator.NO_VALUE;
            }
            case "mavenRepo", "addMavenRepo" -> {
                if (args.size() != 2) throw new CellErrors.MagicError("%mavenRepo expects: %mavenRepo <id> <url>");
                maven.addRepository(args.get(0), args.get(1));
                return JavaEvaluator.NO_VALUE;
            }
            case "loadFromPOM" -> {
                if (args.isEmpty()) throw new CellErrors.MagicError("%loadFromPOM expects the path of a pom.xml");
                for (Path jar : maven.resolvePomFragment(Files.readString(Path.of(args.get(0)))))
                    evaluator.addToClasspath(jar.toString());
                return JavaEvaluator.NO_VALUE;
            }
            case "load" -> {
                Object last = JavaEvaluator.NO_VALUE;
                for (String a : args) last = load(Path.of(a));
                return last;
            }
            case "time" -> {
                return timed(String.join(" ", args));
            }
            default -> throw new CellErrors.MagicError("unknown line magic %" + name
                    + " (known: %jars %classpath %maven %mavenRepo %loadFromPOM %load %time)");
        }
    }

    Object cellMagic(String name, List<String> args, String body) throws Exception {
        switch (name) {
            case "time" -> {
                return timed(body);
            }
            case "loadFromPOM" -> {
                for (Path jar : maven.resolvePomFragment(body)) evaluator.addToClasspath(jar.toString());
                return JavaEvaluator.NO_VALUE;
            }
            default -> throw new CellErrors.MagicError("unknown cell magic %%" + name + " (known: %%time %%loadFromPOM)");
        }
    }

    /** Runs a cell's code and prints CPU and wall time as JJava's %time does. */
    private Object timed(String code) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu0 = totalCpuNanos(threads);
        long wall0 = System.nanoTime();
        try {
            return evalToObject(code);
        } finally {
            double wall = (System.nanoTime() - wall0) / 1e9;
            double cpu = (totalCpuNanos(threads) - cpu0) / 1e9;
            System.out.printf(Locale.ROOT, "CPU time: %.3f s, Wall time: %.3f s%n", cpu, wall);
        }
    }

    private static long totalCpuNanos(ThreadMXBean threads) {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) return sun.getProcessCpuTime();
        return threads.getCurrentThreadCpuTime();
    }

    private Object load(Path file) throws Exception {
        if (!Files.exists(file)) throw new CellErrors.MagicError("%load: no such file " + file.toAbsolutePath());
        String text = Files.readString(file);
        if (!file.toString().endsWith(".ipynb")) return evalToObject(text);
        Object last = JavaEvaluator.NO_VALUE;
        JsonObject nb = new JsonParser().parse(text).getAsJsonObject();
        for (JsonElement c : nb.getAsJsonArray("cells")) {
            JsonObject cell = c.getAsJsonObject();
            if (!"code".equals(cell.get("cell_type").getAsString())) continue;
            JsonElement src = cell.get("source");
            StringBuilder code = new StringBuilder();
            if (src.isJsonArray()) for (JsonElement s : (JsonArray) src) code.append(s.getAsString());
            else code.append(src.getAsString());
            last = evalToObject(code.toString());
        }
        return last;
    }

    private void addClasspath(String globs) throws Exception {
        for (String glob : globs.split(java.io.File.pathSeparator)) {
            if (glob.isBlank()) continue;
            boolean any = false;
            for (Path p : new GlobFinder(glob.replace('\\', '/')).computeMatchingPaths()) {
                evaluator.addToClasspath(p.toAbsolutePath().toString());
                any = true;
            }
            if (!any) throw new CellErrors.MagicError("nothing matches classpath entry '" + glob + "'");
        }
    }

    /** Splits magic arguments on blanks, keeping quoted parts together. */
    static List<String> splitArgs(String s) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("\"([^\"]*)\"|'([^']*)'|(\\S+)").matcher(s);
        while (m.find()) out.add(m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3));
        return out;
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        int[] anchor = new int[1];
        List<String> options = evaluator.complete(code, at, anchor);
        return options.isEmpty() ? null : new ReplacementOptions(options, anchor[0], at);
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        String doc = evaluator.documentation(code, at);
        return doc.isBlank() ? null : new DisplayData(doc);
    }

    @Override
    public String isComplete(String code) {
        if (CELL_MAGIC.matcher(code.stripLeading()).lookingAt()) return IS_COMPLETE_YES;
        StringBuilder javaOnly = new StringBuilder();
        for (String line : code.split("\n", -1)) if (!LINE_MAGIC.matcher(line).matches()) javaOnly.append(line).append('\n');
        return switch (evaluator.completeness(javaOnly.toString())) {
            case "complete" -> IS_COMPLETE_YES;
            case "incomplete" -> "";           // the base reports "incomplete" with this indent
            default -> IS_COMPLETE_BAD;
        };
    }

    @Override
    public void interrupt() {
        evaluator.stop();
    }

    @Override
    public void onShutdown(boolean isRestarting) {
        evaluator.close();
    }

    @Override
    public List<String> formatError(Exception e) {
        return ErrorFormatting.format(e, errorStyler, evaluator::cellLine);
    }
}
