package org.transferkit;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.bytedeco.javacpp.Pointer;
import org.nd4j.common.config.ND4JClassLoading;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Environment;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * One-call setup for notebooks and tests: float tensors, ND4J's thread counts, oneDNN convolutions where ND4J's
 * oneDNN build is present, a class loader that can see ND4J's backend, a check of the linear algebra, the run profile
 * ({@code KIT_PROFILE=fast|full}) and the seed offset ({@code KIT_SEED_OFFSET}).
 *
 * <p>Threads (CPU backend only). ND4J runs its own ops with OpenMP and matrix products with OpenBLAS; left to
 * themselves both use every core and compete for them. {@link #init()} gives OpenBLAS one thread and OpenMP one
 * ({@code KIT_OMP_THREADS}, else {@code OMP_NUM_THREADS}; {@code KIT_BLAS_THREADS} overrides the BLAS count): the
 * lessons' networks are too small for more threads to pay (on 2 cores notebook 09 took 156 s on one OpenMP thread,
 * 295 s on two).
 * How idle OpenMP threads wait ({@code OMP_WAIT_POLICY}) can only be set before the process starts; the kernel's
 * launcher sets {@code passive}. On a machine shared by several kernels, one OpenMP thread per kernel
 * ({@code KIT_OMP_THREADS=1}) is the robust choice. The measurements behind these defaults are in
 * {@code docs/performance.md}. {@code OPENBLAS_NUM_THREADS} has no effect (ND4J sets the BLAS count itself), and
 * {@code Environment.setMaxThreads} cannot lower the OpenMP count, so {@link #threads} goes through ND4J's native
 * {@code setOmpNumThreads}.
 */
public final class Kit {

    private static volatile boolean initialized;

    private Kit() {
    }

    /**
     * Prepares ND4J for the kit; safe to call any number of times (only the first call does work).
     * Sets FLOAT as default data type, applies the thread settings on the CPU backend, fixes the context class
     * loader when it cannot see ND4J (the JShell/notebook failure "Could not initialize class ...Nd4j") and checks
     * the linear algebra against plain Java ({@link LinearAlgebraCheck}; throws {@link IllegalStateException} naming
     * the CPU, the BLAS and the fix when it computes wrongly).
     */
    public static void init() {
        if (initialized) {
            return;
        }
        synchronized (Kit.class) {
            if (initialized) {
                return;
            }
            fixClassLoader();
            useOneDnnHelpers();
            boolean guardMemory = replaceJavaCppMemoryCheck();
            int omp = envInt("KIT_OMP_THREADS", envInt("OMP_NUM_THREADS", 1));
            int blas = envInt("KIT_BLAS_THREADS", 1);
            Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
            applyThreads(omp, blas);
            if (guardMemory && Pointer.maxPhysicalBytes() == 0) {   // 0 unless JavaCPP was loaded before this call
                long heapCap = Pointer.maxBytes() > 0 ? Pointer.maxBytes() : Runtime.getRuntime().maxMemory();
                NativeMemoryGuard.start(2 * heapCap);                // JavaCPP's own default limit
            }
            if (!"1".equals(System.getenv(LinearAlgebraCheck.SKIP_VARIABLE))) {
                LinearAlgebraCheck.verify(); // a wrong BLAS kernel for this CPU stops here, not in a lesson's numbers
            }
            initialized = true;
        }
    }

    /**
     * Changes the CPU thread counts at run time: OpenMP threads of ND4J's own ops and OpenBLAS threads of matrix
     * products. Lower the OpenMP count when the machine is shared: with more busy processes than cores, one thread
     * can be several times faster (see the class comment). Does nothing on a GPU backend.
     */
    public static void threads(int ompThreads, int blasThreads) {
        if (ompThreads < 1 || blasThreads < 1) {
            throw new IllegalArgumentException("thread counts must be at least 1, got omp=" + ompThreads
                    + " blas=" + blasThreads);
        }
        init();
        applyThreads(ompThreads, blasThreads);
    }

    private static void applyThreads(int ompThreads, int blasThreads) {
        Environment env = Nd4j.getEnvironment();
        if (!env.isCPU()) {
            return;
        }
        Nd4j.factory().blas().setMaxThreads(blasThreads);
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(ompThreads);
        env.setMaxThreads(ompThreads);
        env.setMaxMasterThreads(ompThreads);
    }

    /** DL4J's switch for its layer helpers (oneDNN on the CPU, cuDNN on CUDA); DL4J 1.0.0-M2.1 defaults it to off. */
    static final String HELPERS_PROPERTY = "org.eclipse.deeplearning4j.helpers.disable";

    /**
     * Lets DL4J create its oneDNN layer helpers, so that convolutions and pooling run through oneDNN where ND4J's
     * oneDNN build is loaded (see {@link #nativeBuild()}); {@code KIT_ONEDNN=0} keeps DL4J's own implementation. An
     * explicit {@code -Dorg.eclipse.deeplearning4j.helpers.disable=...} wins. The property is read whenever a layer is
     * created, so it applies to every network built after this call. JavaCPP is asked for the oneDNN build of libnd4j
     * (it falls back to the default build where that is missing).
     */
    private static void useOneDnnHelpers() {
        boolean off = "0".equals(System.getenv("KIT_ONEDNN"));
        if (System.getProperty(HELPERS_PROPERTY) == null) {
            System.setProperty(HELPERS_PROPERTY, String.valueOf(off));
        }
        if (System.getProperty("org.bytedeco.javacpp.platform.extension") == null && !off) {
            System.setProperty("org.bytedeco.javacpp.platform.extension", "-onednn");
        }
    }

    private static final String PHYSICAL_BYTES = "org.bytedeco.javacpp.maxPhysicalBytes";

    /**
     * Turns off JavaCPP's resident-memory check at every native allocation, to be replaced by a
     * {@link NativeMemoryGuard} (why: its class comment), unless the limit is set explicitly, {@code KIT_MEMORY_GUARD=0}
     * asks for JavaCPP's check, or the resident size cannot be read here. Must run before JavaCPP's {@code Pointer}
     * class loads, which reads the property once. True when the check was turned off.
     */
    private static boolean replaceJavaCppMemoryCheck() {
        if (System.getProperty(PHYSICAL_BYTES) != null || System.getProperty(PHYSICAL_BYTES.toLowerCase(Locale.ROOT)) != null
                || "0".equals(System.getenv("KIT_MEMORY_GUARD")) || NativeMemoryGuard.residentBytesOfThisProcess() < 0) {
            return false;
        }
        System.setProperty(PHYSICAL_BYTES, "0");
        return true;
    }

    /** How the native memory of arrays is kept bounded, in one line. */
    static String memoryGuard() {
        NativeMemoryGuard guard = NativeMemoryGuard.running();
        if (guard != null) {
            return String.format(Locale.ROOT, "the kit's guard collects garbage above %.1f GiB resident",
                    guard.limitBytes() / (double) (1L << 30));
        }
        return Pointer.maxPhysicalBytes() > 0
                ? String.format(Locale.ROOT, "JavaCPP checks at every allocation, limit %.1f GiB resident",
                        Pointer.maxPhysicalBytes() / (double) (1L << 30))
                : "no limit";
    }

    /**
     * Which native build ND4J runs on, in one line: "oneDNN" (libnd4j with oneDNN, DL4J's oneDNN helpers on),
     * "oneDNN, helpers off", "default" (libnd4j without oneDNN: DL4J's own convolution), or the GPU backend.
     */
    public static String nativeBuild() {
        init();
        if (!Nd4j.getEnvironment().isCPU()) {
            return Nd4j.getBackend().getClass().getSimpleName() + " (GPU)";
        }
        String info = NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo();
        if (!info.contains("HAVE_ONEDNN")) {
            return "default (no oneDNN in this libnd4j: convolutions use DL4J's own im2col path)";
        }
        return Boolean.parseBoolean(System.getProperty(HELPERS_PROPERTY, "true"))
                ? "oneDNN, helpers off (" + HELPERS_PROPERTY + "=true: convolutions use DL4J's own path)"
                : "oneDNN (convolutions and pooling through DL4J's oneDNN helpers)";
    }

    /** Makes sure ND4J's service lookup (backend discovery) uses a class loader that can see the ND4J classes. */
    private static void fixClassLoader() {
        ClassLoader own = Kit.class.getClassLoader();
        Thread current = Thread.currentThread();
        ClassLoader context = current.getContextClassLoader();
        if (context == null || !sees(context, own)) {
            current.setContextClassLoader(own);
        }
        ND4JClassLoading.setNd4jClassloader(own);
    }

    private static boolean sees(ClassLoader candidate, ClassLoader own) {
        try {
            Class<?> c = Class.forName("org.nd4j.linalg.factory.Nd4j", false, candidate);
            return c == Class.forName("org.nd4j.linalg.factory.Nd4j", false, own);
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static int envInt(String name, int fallback) {
        String v = System.getenv(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < 1) {
                throw new IllegalArgumentException(name + " must be a positive integer, got '" + v + "'");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a positive integer, got '" + v + "'", e);
        }
    }

    /** The run profile from the environment variable {@code KIT_PROFILE} ({@code fast} or {@code full}; default full). */
    public static Profile profile() {
        return parseProfile(System.getenv("KIT_PROFILE"));
    }

    /** Parses a profile name; null or blank means {@link Profile#FULL}. Visible for tests. */
    static Profile parseProfile(String value) {
        if (value == null || value.isBlank()) {
            return Profile.FULL;
        }
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "fast":
                return Profile.FAST;
            case "full":
                return Profile.FULL;
            default:
                throw new IllegalArgumentException("KIT_PROFILE must be 'fast' or 'full', got '" + value + "'");
        }
    }

    /** True when running the {@link Profile#FAST} profile. */
    public static boolean fast() {
        return profile() == Profile.FAST;
    }

    /** Picks the value for the current profile, e.g. {@code int steps = Kit.byProfile(200, 3000);}. */
    public static <T> T byProfile(T fast, T full) {
        return fast() ? fast : full;
    }

    /**
     * What the notebooks run on, for the tour notebook: backend, device kind, cores, thread settings, Java version
     * and profile. Calls {@link #init()} first.
     */
    public static LinkedHashMap<String, String> describe() {
        init();
        LinkedHashMap<String, String> d = new LinkedHashMap<>();
        Environment env = Nd4j.getEnvironment();
        d.put("backend", Nd4j.getBackend().getClass().getSimpleName());
        d.put("native build", nativeBuild());
        d.put("device", env.isCPU() ? "CPU" : "GPU");
        d.put("cores", String.valueOf(Runtime.getRuntime().availableProcessors()));
        d.put("blas threads", String.valueOf(Nd4j.factory().blas().getMaxThreads()));
        d.put("omp threads", String.valueOf(NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads()));
        d.put("omp wait", ompWaitPolicy());
        d.put("data type", String.valueOf(Nd4j.dataType()));
        d.put("memory", memoryGuard());
        d.put("blas", LinearAlgebraCheck.blasName());
        d.put("cpu", LinearAlgebraCheck.cpuName());
        d.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
        d.put("profile", profile().name().toLowerCase(Locale.ROOT));
        d.put("seed offset", String.valueOf(seedOffset()));
        return d;
    }

    /**
     * How ND4J's idle OpenMP threads wait, from {@code OMP_WAIT_POLICY} (read by the OpenMP runtime when it loads, so
     * only the process's environment can set it). Spinning threads take the cores from the busy ones as soon as
     * anything else runs (a second kernel, the JVM's compiler and collector), which slows every operation; the kit's
     * kernel launcher and benchmark therefore set {@code passive} (README.md has the figures).
     */
    static String ompWaitPolicy() {
        String v = System.getenv("OMP_WAIT_POLICY");
        return v == null || v.isBlank()
                ? "not set (idle threads spin: slow when anything else runs; set OMP_WAIT_POLICY=passive)"
                : v.trim().toLowerCase(Locale.ROOT);
    }

    /** {@link #describe()} as aligned text lines. */
    public static String describeText() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : describe().entrySet()) {
            sb.append(String.format(Locale.ROOT, "%-13s %s%n", e.getKey(), e.getValue()));
        }
        return sb.toString();
    }

    /**
     * A notebook's seed: {@code base + KIT_SEED_OFFSET} (the environment variable, default 0). Every seed a lesson
     * uses goes through this, so a reviewer can re-run it on seeds nobody tuned on
     * ({@code KIT_SEED_OFFSET=1000 environment/kit notebook ...}) and its checks must still pass.
     */
    public static long seed(long base) {
        return base + seedOffset();
    }

    /** {@code KIT_SEED_OFFSET} (default 0); an integer, possibly negative. */
    public static long seedOffset() {
        String v = System.getenv("KIT_SEED_OFFSET");
        if (v == null || v.isBlank()) {
            return 0;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("KIT_SEED_OFFSET must be an integer, got '" + v + "'", e);
        }
    }

    /**
     * The seed to hand to DL4J/ND4J for a user's seed. ND4J's native generator treats seed 0 as "pick a random
     * seed", so a network configured with {@code .seed(0)} would be initialised differently in every JVM. Mixing the
     * seed (SplitMix64 finaliser) and avoiding 0 keeps every user seed, 0 included, reproducible.
     */
    public static long nativeSeed(long seed) {
        long z = seed + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return z == 0 ? 1 : z;
    }
}
