package org.transferkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.eigen.Eigen;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A self-test of the linear algebra the kit trusts: a DOUBLE and a FLOAT matrix product and a symmetric eigen
 * decomposition from ND4J's backend, compared with plain Java loops. It runs in a few milliseconds at {@link Kit#init()}
 * and in {@code environment/kit doctor} ({@link #main}), and stops with an error naming the CPU, the BLAS and the fix
 * when they disagree.
 *
 * <p>Why: BLAS libraries pick their kernels for the CPU they run on, and a wrong kernel computes silently wrong
 * numbers. OpenBLAS 0.3.19 (what ND4J 1.0.0-M2.1 ships) returns non-orthogonal eigenvectors for symmetric matrices
 * larger than 128 x 128 on Intel Sapphire Rapids CPUs, and DOUBLE products off by up to 8.6 when
 * {@code OPENBLAS_CORETYPE} is set to an empty string. Transferability scores built on them (LogME, the H-score) then
 * return minus infinity or leave their bounds, with no error. The eigen test uses a 192 x 192 rank-deficient Gram
 * matrix of rectified Gaussian features: the shape that failed.
 */
public final class LinearAlgebraCheck {
    /** Set to 1 to skip the check at {@link Kit#init()} (at your own risk). */
    public static final String SKIP_VARIABLE = "KIT_SKIP_LINALG_CHECK";

    /**
     * The operations under test; the default is ND4J's backend. Visible for tests, which pass a wrong one.
     */
    interface Ops {
        /** a b, computed in the given precision (DOUBLE or FLOAT), returned in double. */
        double[][] product(double[][] a, double[][] b, DataType type);

        /** Eigenvalues and eigenvectors of a symmetric matrix: {values} followed by the vectors as columns [d][d]. */
        Eigenpairs eigen(double[][] symmetric);
    }

    /** Eigenvalues and the eigenvectors as the columns of {@code vectors}. */
    record Eigenpairs(double[] values, double[][] vectors) {
    }

    /**
     * The outcome of the check.
     *
     * @param failures what disagreed (empty when all is well), each with its measured error
     * @param cpu      the processor's model name
     * @param blas     the BLAS library and the kernel it chose for this CPU
     */
    public record Outcome(List<String> failures, String cpu, String blas) {
        /** True when every computation agreed with plain Java. */
        public boolean ok() {
            return failures.isEmpty();
        }

        /** One line when all is well; otherwise what failed, on which CPU and BLAS, and what to do. */
        public String message() {
            if (ok()) {
                return "linear algebra agrees with plain Java (DOUBLE and FLOAT products, symmetric eigen decomposition) "
                        + "on " + cpu + " with " + blas;
            }
            return "The linear algebra library computes wrong results on this machine, so training and the kit's "
                    + "scores cannot be trusted.\n  CPU:  " + cpu + "\n  BLAS: " + blas + "\n  failed: "
                    + String.join("; ", failures) + "\n  Fix: run environment/kit setup (it builds the kit with the "
                    + "OpenBLAS version the kit pins) and restart the kernel; if this message stays, start Jupyter (or "
                    + "environment/kit) with OPENBLAS_CORETYPE=Haswell, which makes OpenBLAS use its AVX2 kernels. "
                    + "Do not set OPENBLAS_CORETYPE to an empty string. To go on anyway, set " + SKIP_VARIABLE + "=1.";
        }
    }

    private static volatile Outcome cached;

    private LinearAlgebraCheck() {
    }

    /** Runs the check on ND4J's backend (once per JVM; later calls return the first result). */
    public static Outcome run() {
        Outcome r = cached;
        if (r == null) {
            r = run(new Nd4jOps());
            cached = r;
        }
        return r;
    }

    /** Runs the check and throws {@link IllegalStateException} with {@link Outcome#message()} when it fails. */
    public static void verify() {
        Outcome r = run();
        if (!r.ok()) {
            throw new IllegalStateException(r.message());
        }
    }

    /** For {@code environment/kit doctor}: prints the result's message; exit status 1 when the check fails. */
    public static void main(String[] args) {
        try {
            Kit.init();
        } catch (IllegalStateException e) {
            // Kit.init() ran this check and threw its message; it is printed below
        }
        Outcome r = run();
        System.out.println("native build: " + Kit.nativeBuild());
        System.out.println(r.message());
        System.exit(r.ok() ? 0 : 1);
    }

    static Outcome run(Ops ops) {
        List<String> failures = new ArrayList<>();
        Random random = new Random(20231);
        double[][] a = gaussian(random, 67, 131);
        double[][] b = gaussian(random, 131, 53);
        checkProduct(ops, a, b, DataType.DOUBLE, 1e-12, failures);
        checkProduct(ops, a, b, DataType.FLOAT, 1e-5, failures);
        checkEigen(ops, gram(rectified(random, 96, 192)), failures);
        return new Outcome(List.copyOf(failures), cpuName(), blasName());
    }

    /**
     * Each entry of the product must agree with a plain Java sum to within {@code relative} times the sum of the
     * absolute values of its terms, the rounding error a correct summation in that precision can make.
     */
    private static void checkProduct(Ops ops, double[][] a, double[][] b, DataType type, double relative,
            List<String> failures) {
        double[][] c = ops.product(a, b, type);
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b[0].length; j++) {
                double sum = 0;
                double magnitude = 0;
                for (int k = 0; k < b.length; k++) {
                    sum += a[i][k] * b[k][j];
                    magnitude += Math.abs(a[i][k] * b[k][j]);
                }
                double error = Math.abs(c[i][j] - sum) / magnitude;
                worst = Double.isNaN(error) ? Double.POSITIVE_INFINITY : Math.max(worst, error);
            }
        }
        if (!(worst <= relative)) {
            failures.add(String.format(Locale.ROOT, "%s product %dx%d by %dx%d: relative error %.2e (at most %.0e "
                    + "expected)", type, a.length, b.length, b.length, b[0].length, worst, relative));
        }
    }

    /** The eigenvectors must be orthonormal and satisfy S v = lambda v, both to near machine precision. */
    private static void checkEigen(Ops ops, double[][] s, List<String> failures) {
        int d = s.length;
        Eigenpairs e = ops.eigen(s);
        double[][] v = e.vectors();
        double scale = 0;
        for (double lambda : e.values()) {
            scale = Math.max(scale, Math.abs(lambda));
        }
        double orthogonality = 0;
        double residual = 0;
        for (int p = 0; p < d; p++) {
            for (int q = p; q < d; q++) {
                double dot = 0;
                for (int k = 0; k < d; k++) {
                    dot += v[k][p] * v[k][q];
                }
                orthogonality = Math.max(orthogonality, Math.abs(dot - (p == q ? 1 : 0)));
            }
            for (int i = 0; i < d; i++) {
                double sv = 0;
                for (int k = 0; k < d; k++) {
                    sv += s[i][k] * v[k][p];
                }
                residual = Math.max(residual, Math.abs(sv - e.values()[p] * v[i][p]) / scale);
            }
        }
        if (!(orthogonality <= 1e-9) || !(residual <= 1e-9)) {
            failures.add(String.format(Locale.ROOT, "DOUBLE symmetric eigen decomposition %dx%d: max |V^T V - I| "
                    + "%.2e, max |S V - V diag(lambda)| / max |lambda| %.2e (both at most 1e-9 expected)", d, d,
                    orthogonality, residual));
        }
    }

    private static double[][] gaussian(Random random, int rows, int columns) {
        double[][] m = new double[rows][columns];
        for (double[] row : m) {
            for (int j = 0; j < columns; j++) {
                row[j] = random.nextGaussian();
            }
        }
        return m;
    }

    /** max(0, N(0, 1)) entries: like ReLU features, many exact zeros. */
    private static double[][] rectified(Random random, int rows, int columns) {
        double[][] m = gaussian(random, rows, columns);
        for (double[] row : m) {
            for (int j = 0; j < columns; j++) {
                row[j] = Math.max(0, row[j]);
            }
        }
        return m;
    }

    /** F^T F in plain Java. */
    private static double[][] gram(double[][] f) {
        int d = f[0].length;
        double[][] g = new double[d][d];
        for (double[] row : f) {
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    g[i][j] += row[i] * row[j];
                }
            }
        }
        return g;
    }

    /** ND4J's backend: {@code mmul} and {@link Eigen#symmetricGeneralizedEigenvalues}. Visible for tests. */
    static final class Nd4jOps implements Ops {
        @Override
        public double[][] product(double[][] a, double[][] b, DataType type) {
            INDArray x = Nd4j.createFromArray(a).castTo(type);
            INDArray y = Nd4j.createFromArray(b).castTo(type);
            return x.mmul(y).castTo(DataType.DOUBLE).toDoubleMatrix();
        }

        @Override
        public Eigenpairs eigen(double[][] symmetric) {
            INDArray vectors = Nd4j.createFromArray(symmetric);
            double[] values = Eigen.symmetricGeneralizedEigenvalues(vectors, true).toDoubleVector();
            return new Eigenpairs(values, vectors.toDoubleMatrix());
        }
    }

    /** The processor's model name from /proc/cpuinfo (Linux), else the architecture. */
    static String cpuName() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (Files.isReadable(cpuinfo)) {
            try (Stream<String> lines = Files.lines(cpuinfo)) {
                String name = lines.filter(l -> l.startsWith("model name")).findFirst()
                        .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(null);
                if (name != null) {
                    return name + " (" + System.getProperty("os.arch") + ")";
                }
            } catch (IOException | java.io.UncheckedIOException e) {
                // fall through to the architecture
            }
        }
        return System.getProperty("os.arch") + " (" + System.getProperty("os.name") + ")";
    }

    /**
     * The BLAS in use: the OpenBLAS version of JavaCPP's preset on the class path (absent on the CUDA backend) and
     * OPENBLAS_CORETYPE when set (OpenBLAS otherwise picks its kernels for the CPU at run time), else the ND4J
     * backend's name.
     */
    static String blasName() {
        String env = System.getenv("OPENBLAS_CORETYPE");
        String core = env == null ? "kernels chosen for this CPU" : "OPENBLAS_CORETYPE='" + env + "'";
        try {
            Class<?> openblas = Class.forName("org.bytedeco.openblas.global.openblas", false, Kit.class.getClassLoader());
            String jar = Path.of(openblas.getProtectionDomain().getCodeSource().getLocation().toURI()).getFileName()
                    .toString();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("openblas-(\\d+\\.\\d+\\.\\d+)-(.+)\\.jar").matcher(jar);
            String version = m.matches() ? m.group(1) + " (JavaCPP " + m.group(2) + ")" : jar;
            return "OpenBLAS " + version + ", " + core;
        } catch (ReflectiveOperationException | LinkageError | RuntimeException | java.net.URISyntaxException e) {
            return "the BLAS of ND4J's " + Nd4j.getBackend().getClass().getSimpleName();
        }
    }
}
