package io.github.spencerpark.ijava;

import io.github.spencerpark.jupyter.kernel.BaseKernel;

/**
 * Compatibility with notebooks written for IJava 1.3.0, which reach the kernel through
 * {@code IJava.getKernelInstance()} (for example to register a renderer for their own types).
 */
public final class IJava {
    private IJava() {}

    public static BaseKernel getKernelInstance() {
        return org.transferkit.kernel.KitKernel.instance();
    }
}
