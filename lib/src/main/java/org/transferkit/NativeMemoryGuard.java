package org.transferkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongSupplier;

/**
 * Keeps the native memory of ND4J's arrays bounded without a system call per array.
 *
 * <p>ND4J frees an array's native buffer only when the garbage collector has collected the array's small Java object,
 * and the Java heap alone rarely fills fast enough for that. JavaCPP's answer is a check at every native allocation:
 * it reads the process's resident size ({@code Pointer.physicalBytesInaccurate}) and collects garbage above
 * {@code org.bytedeco.javacpp.maxPhysicalBytes} (default twice the heap cap). A training step of the lessons' small
 * networks allocates hundreds of arrays, and that read took up to 40 % of such a step (measured in
 * {@code docs/performance.md}). {@link Kit#init()} therefore turns JavaCPP's check off, unless the property is set
 * explicitly (the course lab sets it, as a hard cap per kernel), and starts this guard instead: a daemon thread that
 * reads the resident size a few times a second and asks for a collection above the same limit.
 *
 * <p>Unlike JavaCPP's check the guard never throws: above the limit it only collects, at most once per
 * {@code backoffMillis} while the memory stays above it (memory that is really in use cannot be collected).
 */
public final class NativeMemoryGuard {

    /** How often the resident size is read. */
    static final long PERIOD_MILLIS = 100;
    /** The least time between two collections while the resident size stays above the limit. */
    static final long BACKOFF_MILLIS = 2_000;

    private final long limitBytes;
    private final LongSupplier residentBytes;
    private final Runnable collect;
    private final long backoffMillis;
    private long lastCollection = Long.MIN_VALUE / 2;
    private long collections;

    /**
     * A guard that calls {@code collect} when {@code residentBytes} exceeds {@code limitBytes}, at most once per
     * {@code backoffMillis} of the clock passed to {@link #poll(long)}.
     */
    NativeMemoryGuard(long limitBytes, LongSupplier residentBytes, Runnable collect, long backoffMillis) {
        if (limitBytes <= 0 || backoffMillis < 0) {
            throw new IllegalArgumentException("expected limit > 0 and backoff >= 0, got " + limitBytes + ", "
                    + backoffMillis);
        }
        this.limitBytes = limitBytes;
        this.residentBytes = residentBytes;
        this.collect = collect;
        this.backoffMillis = backoffMillis;
    }

    /** One look at the resident size at time {@code nowMillis}; true when it asked for a collection. */
    boolean poll(long nowMillis) {
        long resident = residentBytes.getAsLong();
        if (resident <= limitBytes || nowMillis - lastCollection < backoffMillis) {
            return false;
        }
        lastCollection = nowMillis;
        collections++;
        collect.run();
        return true;
    }

    /** Collections asked for so far. */
    long collections() {
        return collections;
    }

    private static volatile NativeMemoryGuard running;

    /**
     * Starts the guard of this process with limit {@code limitBytes} (once; later calls return the running guard),
     * or returns null where the resident size cannot be read (no {@code /proc/self/statm}: not Linux).
     */
    static synchronized NativeMemoryGuard start(long limitBytes) {
        if (running != null) {
            return running;
        }
        if (residentBytesOfThisProcess() < 0) {
            return null;
        }
        NativeMemoryGuard guard = new NativeMemoryGuard(limitBytes, NativeMemoryGuard::residentBytesOfThisProcess,
                System::gc, BACKOFF_MILLIS);
        Thread thread = new Thread(() -> {
            while (true) {
                try {
                    Thread.sleep(PERIOD_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
                guard.poll(System.currentTimeMillis());
            }
        }, "kit-native-memory-guard");
        thread.setDaemon(true);
        thread.start();
        running = guard;
        return guard;
    }

    /** The guard started by {@link Kit#init()}, or null when JavaCPP's own check is in charge. */
    static NativeMemoryGuard running() {
        return running;
    }

    /** The limit in bytes. */
    long limitBytes() {
        return limitBytes;
    }

    private static final Path STATUS = Path.of("/proc/self/status");

    /** Resident bytes of this process ({@code VmRSS} of {@code /proc/self/status}), or -1 where that is missing. */
    static long residentBytesOfThisProcess() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    String[] fields = line.trim().split("\\s+");   // "VmRSS:", value, "kB"
                    return Long.parseLong(fields[1]) * 1024L;
                }
            }
            return -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
