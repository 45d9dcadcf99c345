package org.transferkit.kernel;

import org.transferkit.display.Display;
import org.transferkit.display.DisplaySink;

/**
 * Lets the kit's library show and update displays (training progress, live charts) through this kernel, so
 * library code stays free of any kernel dependency and prints plain lines when run from a terminal.
 */
final class KernelDisplaySink implements DisplaySink {
    private KernelDisplaySink() {}

    static void install(KitKernel kernel) {
        Display.install(new KernelDisplaySink());
    }

    @Override
    public String display(Object o) {
        return Notebook.display(o);
    }

    @Override
    public void update(String id, Object o) {
        Notebook.updateDisplay(id, o);
    }
}
