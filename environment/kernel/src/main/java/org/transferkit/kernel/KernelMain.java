package org.transferkit.kernel;

import io.github.spencerpark.jupyter.kernel.KernelConnectionProperties;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Entry point: {@code java -cp <kernel-lib>/* org.transferkit.kernel.KernelMain <connection-file>}. */
public final class KernelMain {
    private KernelMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: KernelMain <connection-file.json>");
            System.exit(2);
        }
        try {
            org.transferkit.Kit.profile(); // a bad KIT_PROFILE stops here, once, rather than in every cell that asks
        } catch (IllegalArgumentException e) {
            System.err.println("transfer-kit kernel: " + e.getMessage() + "; unset it or set it to fast or full, "
                    + "then start the kernel again");
            System.exit(2);
        }
        Logger.getLogger("").setLevel(Level.WARNING);
        KernelConnectionProperties props = KernelConnectionProperties.parse(Files.readString(Path.of(args[0])));
        KitKernel kernel = new KitKernel(KernelSettings.fromEnvironment(System.getenv()));
        KernelDisplaySink.install(kernel);
        // Start-up scripts run before the sockets open: JShell must not serve two threads at once.
        kernel.runStartup();
        KitConnection connection = new KitConnection(props);
        kernel.becomeHandlerForConnection(connection);
        connection.connect();
        ExitGuard.install();
        connection.waitUntilClose();
        // Shutdown (or restart) was requested: Jupyter starts a fresh process when restarting.
        Runtime.getRuntime().halt(0);
    }
}
