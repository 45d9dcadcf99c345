package org.transferkit.multitask;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Test setup: single-threaded native ops. The tests use tiny networks, for which thread hand-offs cost more than
 * they save (and the build machine is shared), so this keeps them fast and their timing stable.
 */
final class TestSupport {

    private static boolean done;

    private TestSupport() {
    }

    static synchronized void init() {
        if (done) {
            return;
        }
        Nd4j.getEnvironment().setMaxThreads(1);
        Nd4j.getEnvironment().setMaxMasterThreads(1);
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(1);
        done = true;
    }
}
