package org.transferkit.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Peak memory of the running JVM, for one workload per fresh JVM:
 * <ul>
 * <li>heap: the sum over the heap's memory pools ({@link MemoryPoolMXBean}) of each pool's peak use since the last
 * {@link #resetHeapPeaks()}; pools peak at different moments, so this is an upper bound of the true peak and it
 * depends on how lazily the garbage collector runs, not only on the workload;</li>
 * <li>tracked off-heap: the largest number of native bytes counted by ND4J's allocation tracker (in ND4J 1.0.0-M2.1
 * that is DL4J's workspaces and constants; ordinary data buffers are not counted) or by JavaCPP, whichever is larger,
 * sampled every few milliseconds by a background thread;</li>
 * <li>resident set: the kernel's high-water mark of the process ({@code VmHWM} in {@code /proc/self/status}),
 * which includes the JVM itself and ND4J's native libraries.</li>
 * </ul>
 */
public final class PeakMemory implements AutoCloseable {

    private static final double MIB = 1024.0 * 1024.0;

    private final Thread sampler;
    private volatile boolean running = true;
    private volatile long offHeapPeak;

    private PeakMemory(long periodMillis) {
        sampler = new Thread(() -> {
            while (running) {
                sampleNow();
                try {
                    Thread.sleep(periodMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "peak-memory-sampler");
        sampler.setDaemon(true);
    }

    /** Starts sampling the off-heap use every {@code periodMillis} ms (and resets the heap pools' peaks). */
    public static PeakMemory start(long periodMillis) {
        if (periodMillis < 1) {
            throw new IllegalArgumentException("periodMillis must be at least 1, got " + periodMillis);
        }
        PeakMemory m = new PeakMemory(periodMillis);
        resetHeapPeaks();
        m.sampleNow();
        m.sampler.start();
        return m;
    }

    private void sampleNow() {
        long off = Math.max(Pointer.totalBytes(), nd4jBytes());
        if (off > offHeapPeak) {
            offHeapPeak = off;
        }
    }

    /** Bytes of native memory ND4J's allocation tracker counts (buffers and workspaces); 0 when unavailable. */
    static long nd4jBytes() {
        try {
            return Nd4j.getMemoryManager().allocatedMemory(0);
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** Resets the peak of every heap memory pool to its current use. */
    public static void resetHeapPeaks() {
        for (MemoryPoolMXBean p : heapPools()) {
            p.resetPeakUsage();
        }
    }

    /** Sum over the heap pools of their peak use since the last reset, in MiB (an upper bound, see class comment). */
    public static double heapPeakMiB() {
        long sum = 0;
        for (MemoryPoolMXBean p : heapPools()) {
            sum += p.getPeakUsage().getUsed();
        }
        return sum / MIB;
    }

    /** Heap in use right now, in MiB. */
    public static double heapUsedMiB() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / MIB;
    }

    /** Largest off-heap allocation total (ND4J tracker or JavaCPP) seen since {@link #start}, in MiB. */
    public double offHeapPeakMiB() {
        sampleNow();
        return offHeapPeak / MIB;
    }

    /** The process's resident-set high-water mark ({@code VmHWM}), in MiB; NaN where /proc is not available. */
    public static double rssPeakMiB() {
        return procStatusMiB("VmHWM");
    }

    /** The process's current resident set ({@code VmRSS}), in MiB; NaN where /proc is not available. */
    public static double rssMiB() {
        return procStatusMiB("VmRSS");
    }

    /** A "kB" field of /proc/self/status in MiB, NaN when absent. */
    static double procStatusMiB(String field) {
        try {
            return parseStatusKb(Files.readAllLines(Path.of("/proc/self/status")), field) / 1024.0;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** The value in kB of a field such as {@code VmHWM:    123456 kB}; NaN when the field is missing. */
    static double parseStatusKb(List<String> lines, String field) {
        for (String line : lines) {
            if (line.startsWith(field + ":")) {
                String[] parts = line.substring(field.length() + 1).trim().split("\\s+");
                return Double.parseDouble(parts[0]);
            }
        }
        return Double.NaN;
    }

    private static List<MemoryPoolMXBean> heapPools() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .toList();
    }

    /** Stops the sampler. */
    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }
}
