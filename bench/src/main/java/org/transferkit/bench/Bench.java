package org.transferkit.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.nd4j.linalg.factory.Nd4j;
import org.transferkit.Kit;
import org.transferkit.display.Display;
import org.transferkit.display.DisplaySink;

/**
 * The Java side of {@code environment/kit bench}: builds the {@link Workloads} and times their kit and plain arms
 * on request, so that a driver ({@code tests/benchmarks/bench.py}) can alternate them with each other and with a
 * PyTorch process. Every reply is one line starting with {@code BENCH }; anything else on stdout/stderr is noise.
 *
 * <p>Commands ({@code java -cp ... org.transferkit.bench.Bench COMMAND}):
 * <ul>
 * <li>{@code serve}: reads commands from stdin, one per line:
 * {@code info} (settings; several {@code BENCH info key=value} lines, then {@code BENCH ok}),
 * {@code setup ID WORKLOAD [OPTION...]} (builds a workload under the id; options in {@link Workloads.Options}),
 * {@code run ID kit|plain STEPS} (replies {@code BENCH time ID ARM STEPS SECONDS SAMPLES_PER_STEP}),
 * {@code threads OMP BLAS}, {@code periodic-gc on|off}, {@code drop ID}, {@code quit}.</li>
 * <li>{@code memory WORKLOAD kit|plain STEPS WARMUP [OPTION...]}: in this (fresh) JVM, builds the workload, runs
 * warm-up and timed steps of one arm and prints {@code BENCH memory key=value ...} with the peaks of
 * {@link PeakMemory}.</li>
 * <li>{@code info}: the settings, as in serve.</li>
 * </ul>
 * Library displays (training progress) go to a sink that drops them, so progress bars behave as in a notebook
 * (throttled updates) without printing.
 */
public final class Bench {

    private final PrintStream out;
    private final Map<String, Workload> workloads = new HashMap<>();

    private Bench(PrintStream out) {
        this.out = out;
    }

    /** Entry point; see the class comment for the commands. */
    public static void main(String[] args) throws IOException {
        PrintStream protocol = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                StandardCharsets.UTF_8);
        System.setOut(System.err);  // stray prints must not mix with the replies
        Kit.init();
        Display.install(new DroppingSink());
        Bench bench = new Bench(protocol);
        String command = args.length == 0 ? "help" : args[0];
        List<String> rest = Arrays.asList(args).subList(Math.min(1, args.length), args.length);
        int rc = 0;
        try {
            switch (command) {
                case "serve":
                    bench.serve(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
                    break;
                case "memory":
                    bench.memory(rest);
                    break;
                case "info":
                    bench.info();
                    break;
                default:
                    protocol.println("usage: Bench serve | memory WORKLOAD kit|plain STEPS WARMUP [OPTION...] | info");
                    rc = command.equals("help") ? 0 : 2;
            }
        } catch (RuntimeException e) {
            protocol.println("BENCH error " + oneLine(e));
            rc = 1;
        }
        protocol.flush();
        System.exit(rc);  // ND4J leaves non-daemon threads behind
    }

    /** Answers commands until {@code quit} or the end of the input. */
    void serve(BufferedReader in) throws IOException {
        String line;
        while ((line = in.readLine()) != null) {
            line = line.trim();
            if (line.isEmpty()) {
                continue;
            }
            if (line.equals("quit")) {
                out.println("BENCH ok quit");
                return;
            }
            try {
                handle(new ArrayList<>(Arrays.asList(line.split("\\s+"))));
            } catch (RuntimeException | OutOfMemoryError e) {
                out.println("BENCH error " + oneLine(e));
            }
        }
    }

    private void handle(List<String> words) {
        String cmd = words.remove(0);
        switch (cmd) {
            case "info":
                info();
                break;
            case "setup": {
                need(words, 2, "setup ID WORKLOAD [OPTION...]");
                String id = words.get(0);
                Workload w = Workloads.create(words.get(1), Workloads.Options.parse(words.subList(2, words.size())));
                workloads.put(id, w);
                out.println("BENCH ok setup " + id + " " + w.samplesPerStep() + " " + w.kitCall() + " | "
                        + w.plainCall() + " | " + w.description());
                break;
            }
            case "run": {
                need(words, 3, "run ID kit|plain STEPS");
                Workload w = workloads.get(words.get(0));
                if (w == null) {
                    throw new IllegalArgumentException("no workload set up under id '" + words.get(0) + "'");
                }
                Workload.Arm arm = Workload.Arm.parse(words.get(1));
                int steps = Integer.parseInt(words.get(2));
                double s = w.seconds(arm, steps);
                out.println(String.format(Locale.ROOT, "BENCH time %s %s %d %.6f %d", words.get(0), arm.label(),
                        steps, s, w.samplesPerStep()));
                break;
            }
            case "threads":
                need(words, 2, "threads OMP BLAS");
                Kit.threads(Integer.parseInt(words.get(0)), Integer.parseInt(words.get(1)));
                out.println("BENCH ok threads " + Kit.describe().get("omp threads") + " "
                        + Kit.describe().get("blas threads"));
                break;
            case "periodic-gc":
                need(words, 1, "periodic-gc on|off");
                Nd4j.getMemoryManager().togglePeriodicGc(words.get(0).equals("on"));
                out.println("BENCH ok periodic-gc " + (Nd4j.getMemoryManager().isPeriodicGcActive() ? "on" : "off"));
                break;
            case "drop":
                need(words, 1, "drop ID");
                workloads.remove(words.get(0));
                System.gc();
                out.println("BENCH ok drop " + words.get(0));
                break;
            default:
                throw new IllegalArgumentException("unknown command '" + cmd
                        + "'; expected info, setup, run, threads, periodic-gc, drop or quit");
        }
    }

    /** The settings the numbers were measured with. */
    void info() {
        Map<String, String> d = new LinkedHashMap<>(Kit.describe());
        d.put("jvm args", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        d.put("max heap", String.format(Locale.ROOT, "%.0f MiB", Runtime.getRuntime().maxMemory() / 1048576.0));
        d.put("periodic gc", Nd4j.getMemoryManager().isPeriodicGcActive() ? "on" : "off");
        d.put("dl4j workspaces", "ENABLED (DL4J default)");
        for (Map.Entry<String, String> e : d.entrySet()) {
            out.println("BENCH info " + e.getKey().replace(' ', '_') + "=" + e.getValue());
        }
        out.println("BENCH ok info");
    }

    /** One workload, one arm, in this JVM: warm-up, timed steps, then the memory peaks. */
    void memory(List<String> args) {
        need(args, 4, "memory WORKLOAD kit|plain STEPS WARMUP [OPTION...]");
        String name = args.get(0);
        Workload.Arm arm = Workload.Arm.parse(args.get(1));
        int steps = Integer.parseInt(args.get(2));
        int warmup = Integer.parseInt(args.get(3));
        Nd4j.create(new float[] {1f, 2f}).sumNumber();  // native libraries loaded before the base line
        double rssBase = PeakMemory.rssPeakMiB();
        try (PeakMemory peaks = PeakMemory.start(5)) {
            Workload w = Workloads.create(name, Workloads.Options.parse(args.subList(4, args.size())));
            if (warmup > 0) {
                w.seconds(arm, warmup);
            }
            double s = w.seconds(arm, steps);
            out.println(String.format(Locale.ROOT, "BENCH memory workload=%s arm=%s steps=%d seconds=%.4f"
                            + " samples_per_s=%.1f heap_peak_mib=%.1f workspace_peak_mib=%.1f rss_base_mib=%.1f"
                            + " rss_peak_mib=%.1f", w.name(), arm.label(), steps, s,
                    steps * w.samplesPerStep() / s, PeakMemory.heapPeakMiB(), peaks.offHeapPeakMiB(), rssBase,
                    PeakMemory.rssPeakMiB()));
        }
    }

    private static void need(List<String> words, int n, String usage) {
        if (words.size() < n) {
            throw new IllegalArgumentException("expected: " + usage);
        }
    }

    private static String oneLine(Throwable e) {
        String m = e.getClass().getSimpleName() + ": " + e.getMessage();
        return m.replace('\n', ' ').replace('\r', ' ');
    }

    /** Drops library displays (progress bars), while making them behave as in a notebook. */
    static final class DroppingSink implements DisplaySink {
        @Override
        public String display(Object o) {
            return "bench";
        }

        @Override
        public void update(String id, Object o) {
            // dropped
        }
    }
}
