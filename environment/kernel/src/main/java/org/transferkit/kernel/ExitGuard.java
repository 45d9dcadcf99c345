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
        // Java 17 prints a deprecation warning to the kernel's log (not to notebooks) here; the guard is deliberate.
        try {
            System.setSecurityManager(new ExitGuard());
        } catch (UnsupportedOperationException e) {
            // Java 18+ without -Djava.security.manager=allow: the kernel then dies on exit, and Jupyter restarts it.
            System.err.println("transfer-kit kernel: cannot guard System.exit on this JVM (" + e.getMessage() + ")");
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
