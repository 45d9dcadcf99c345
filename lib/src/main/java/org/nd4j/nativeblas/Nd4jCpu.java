package org.nd4j.nativeblas;

/**
 * A bridge for DL4J 1.0.0-M2.1's oneDNN (MKL-DNN) layer helpers. Before DL4J creates a convolution, pooling or batch
 * normalisation helper, {@code BaseMKLDNNHelper.mklDnnEnabled()} asks {@code org.nd4j.nativeblas.Nd4jCpu$Environment}
 * by reflection whether libnd4j was built with oneDNN; in 1.0.0-M2.1 that class moved to
 * {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu} and lost its {@code isUseMKLDNN()}, the lookup fails, and every
 * layer falls back to DL4J's own im2col path even on ND4J's oneDNN build. This class answers at the old name, from
 * libnd4j's build information. It does nothing
 * else: on a backend without oneDNN (the default build, CUDA) it answers false and DL4J behaves as without it.
 */
public final class Nd4jCpu {
    private Nd4jCpu() {
    }

    /** The part of libnd4j's environment that DL4J's helper check reads. */
    public static final class Environment {
        private static final Environment INSTANCE = new Environment();

        private Environment() {
        }

        /** The one instance, as the old class had. */
        public static Environment getInstance() {
            return INSTANCE;
        }

        /** Whether libnd4j was built with oneDNN ({@code HAVE_ONEDNN} in its build information). */
        public boolean isUseMKLDNN() {
            try {
                return NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo().contains("HAVE_ONEDNN");
            } catch (LinkageError | RuntimeException e) {
                return false;
            }
        }
    }
}
