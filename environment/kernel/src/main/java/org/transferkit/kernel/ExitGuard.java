package org.transferkit.kernel;

import java.security.Permission;

/**
 * Refuses {@code System.exit} from notebook cells: in a kernel that runs cells in its own JVM an exit would kill
 * the kernel silently. Every other permission is granted, so nothing else changes.
 */
@SuppressWarnings("removal")
final class ExitGuard extends SecurityManager {
    static final String MESSAGE = "System.exit is refused in a notebook cell: it would stop the kernel and lose every "
            + "definition. Use Kernel > Restart (or shutdown) instead.";

    static void install() {
        // Java 17 warns on stderr that security managers are deprecated; the guard is deliberate, so keep the
        // kernel's log (what students see in the Jupyter console) free of that noise.
        java.io.PrintStream err = System.err;
        System.setErr(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        try {
            System.setSecurityManager(new ExitGuard());
        } catch (UnsupportedOperationException e) {
            // Java 18+ without -Djava.security.manager=allow: the kernel then dies on exit, and Jupyter restarts it.
            err.println("transfer-kit kernel: cannot guard System.exit on this JVM (" + e.getMessage() + ")");
        } finally {
            System.setErr(err);
        }
    }

    @Override
    public void checkExit(int status) {
        if (inCellThread()) throw new SecurityException(MESSAGE);
    }

    @Override
    public void checkPermission(Permission perm) {
        if (perm instanceof RuntimePermission && "setSecurityManager".equals(perm.getName()) && inCellThread())
            throw new SecurityException("a notebook cell may not replace the kernel's security manager");
    }

    @Override
    public void checkPermission(Permission perm, Object context) {
        checkPermission(perm);
    }

    private static boolean inCellThread() {
        ThreadGroup g = Thread.currentThread().getThreadGroup();
        while (g != null) {
            if (g == CellExecutionControl.CELL_THREADS) return true;
            g = g.getParent();
        }
        return false;
    }
}
