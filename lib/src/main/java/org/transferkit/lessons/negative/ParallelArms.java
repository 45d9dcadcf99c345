package org.transferkit.lessons.negative;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;
import org.transferkit.Kit;
import org.transferkit.display.Progress;
import org.transferkit.experiment.Experiment;
import tech.tablesaw.api.Table;

/**
 * Runs the arms of a study for every seed, several seeds at a time. The small networks of the kit do not get faster
 * with more threads per operation, but independent seeds do run side by side: with {@code threads} workers, ND4J is
 * set to one thread per operation while they run (and set back afterwards), and each worker takes one seed and runs
 * its arms in order. Every (arm, seed) result depends only on the arm and the seed, so the table is the same whatever
 * the number of threads. Progress is shown from the calling thread. After each long arm (and once per seed) a garbage
 * collection releases the native memory of the networks and arrays the arms used, and after each seed the worker releases its ND4J workspaces,
 * so that a long study does not accumulate native memory.
 */
public final class ParallelArms {
    /** Environment variable that sets {@link #defaultThreads()}: seeds run side by side (a positive integer). */
    public static final String THREADS_ENV = "KIT_ARM_THREADS";
    /** Arm time after which the worker collects garbage before the next arm (see {@code runSeed}). */
    private static final long GC_AFTER_NANOS = 5_000_000_000L;

    private ParallelArms() {
    }

    /**
     * How many seeds to run at the same time by default: {@code KIT_ARM_THREADS} when set, else one per available
     * core. On a machine shared with other jobs set {@code KIT_ARM_THREADS=1}: the seeds then run one after the other,
     * with the same results (they never depend on the number of threads).
     *
     * @throws IllegalArgumentException when {@code KIT_ARM_THREADS} is set to something other than a positive integer
     */
    public static int defaultThreads() {
        return threadsFrom(System.getenv(THREADS_ENV), Runtime.getRuntime().availableProcessors());
    }

    /** The thread count an environment value asks for; blank or null means {@code cores}. Visible for tests. */
    static int threadsFrom(String value, int cores) {
        if (value == null || value.isBlank()) {
            return Math.max(1, cores);
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(THREADS_ENV + " must be a positive integer, got '" + value + "'");
    }

    /** One arm: the target test error it reaches with a seed. */
    @FunctionalInterface
    public interface Arm {
        /** The test error (or any metric) of this arm for {@code seed}. */
        double run(long seed) throws Exception;
    }

    /**
     * Runs every arm for every seed and returns an {@link Experiment} results table (columns {@code method, k, seed,
     * value}, method = arm name), rows ordered by seed, then by arm in the map's order.
     *
     * @param arms    arm name to arm, in display order
     * @param k       value of the {@code k} column (e.g. labelled examples per class)
     * @param seeds   the seeds
     * @param threads seeds run at the same time (1 = one after the other)
     * @throws IllegalArgumentException on no arm, no seed or threads &lt; 1
     * @throws IllegalStateException    when an arm fails (naming the arm and the seed)
     */
    public static Table run(Map<String, Arm> arms, int k, long[] seeds, int threads) {
        return run("arms x seeds", arms, k, seeds, threads);
    }

    /** {@link #run(Map, int, long[], int)} with a title for the progress display. */
    public static Table run(String title, Map<String, Arm> arms, int k, long[] seeds, int threads) {
        if (arms == null || arms.isEmpty()) {
            throw new IllegalArgumentException("expected at least one arm");
        }
        if (seeds == null || seeds.length == 0) {
            throw new IllegalArgumentException("expected at least one seed");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        Kit.init();
        List<String> names = new ArrayList<>(arms.keySet());
        double[][] values = new double[seeds.length][names.size()];
        LinkedBlockingQueue<String> done = new LinkedBlockingQueue<>();
        int workers = Math.min(threads, seeds.length);
        int omp = NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads();
        int blas = Nd4j.factory().blas().getMaxThreads();
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try (Progress progress = Progress.start(title, names.size() * seeds.length)) {
            if (workers > 1) {
                Kit.threads(1, 1);
            }
            List<Future<?>> futures = new ArrayList<>();
            for (int s = 0; s < seeds.length; s++) {
                final int si = s;
                futures.add(pool.submit((Callable<Void>) () -> {
                    try {
                        runSeed(arms, names, seeds[si], values[si], done);
                    } finally {
                        // workspaces are per thread and outlive the networks: release this thread's after each seed,
                        // or the native memory of every worker thread's workspaces stays allocated
                        Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread();
                    }
                    return null;
                }));
            }
            for (int i = 0; i < names.size() * seeds.length; i++) {
                String line = null;
                while (line == null) {
                    line = done.poll(200, java.util.concurrent.TimeUnit.MILLISECONDS);
                    if (line == null) {
                        rethrowFailure(futures);
                    }
                }
                progress.step(line);
            }
            rethrowFailure(futures);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running the arms", e);
        } finally {
            pool.shutdownNow();
            if (workers > 1) {
                Kit.threads(Math.max(1, omp), Math.max(1, blas));
            }
        }
        Table results = Experiment.emptyResults();
        for (int s = 0; s < seeds.length; s++) {
            for (int a = 0; a < names.size(); a++) {
                Experiment.add(results, names.get(a), k, seeds[s], values[s][a]);
            }
        }
        return results;
    }

    private static void runSeed(Map<String, Arm> arms, List<String> names, long seed, double[] values,
                                LinkedBlockingQueue<String> done) {
        long heavySinceGc = 0;
        for (int a = 0; a < names.size(); a++) {
            String name = names.get(a);
            long armStart = System.nanoTime();
            try {
                values[a] = arms.get(name).run(seed);
            } catch (Exception e) {
                throw new IllegalStateException("arm '" + name + "' with seed " + seed + " failed: " + e, e);
            }
            // ND4J frees a native buffer only when its small Java object is collected, and an arm can leave hundreds
            // of megabytes of them (e.g. the parameter-sized temporaries of an L2-SP step) while hardly touching the
            // heap. A full collection can cost more than a cheap arm (the data sets live on the heap): collect once per
            // seed, and after an arm when the arms since the last collection ran for
            // more than GC_AFTER_NANOS (long arms leave the most behind)
            heavySinceGc += System.nanoTime() - armStart;
            if (heavySinceGc > GC_AFTER_NANOS || a == names.size() - 1) {
                Nd4j.getMemoryManager().invokeGc();
                heavySinceGc = 0;
            }
            done.add(String.format(Locale.ROOT, "%s seed %d -> %.4f", name, seed, values[a]));
        }
    }

    private static void rethrowFailure(List<Future<?>> futures) throws InterruptedException {
        for (Future<?> f : futures) {
            if (f.isDone()) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof RuntimeException) {
                        throw (RuntimeException) cause;
                    }
                    throw new IllegalStateException(cause);
                }
            }
        }
    }
}
