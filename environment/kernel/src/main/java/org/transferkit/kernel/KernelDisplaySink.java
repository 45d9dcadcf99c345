package org.transferkit.kernel;

/** Lets the kit's library show and update displays (progress, live charts) through this kernel. */
final class KernelDisplaySink {
    private KernelDisplaySink() {}

    static void install(KitKernel kernel) {
        // Wired to org.transferkit.display.Display once the library's display API is in place.
    }
}
