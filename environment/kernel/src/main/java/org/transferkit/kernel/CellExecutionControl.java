package org.transferkit.kernel;

import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs JShell snippets in the kernel's own JVM and keeps their values as real objects.
 *
 * <p>JShell's stock engines hand back only {@code String.valueOf(value)}, so a chart would show as
 * {@code XYChart@1a2b}. Here each snippet runs on a dedicated cell thread; its value is kept in a map and JShell gets
 * a key, which the kernel trades back for the object. The cell thread can be stopped (interrupt, timeout), and a
 * {@code System.exit} from it is refused (see {@link ExitGuard}).
 */
final class CellExecutionControl extends DirectExecutionControl {
    static final ThreadGroup CELL_THREADS = new ThreadGroup("notebook-cells");
    private static final AtomicInteger THREAD_IDS = new AtomicInteger();

    private final Map<String, Object> values = new HashMap<>();
    private final AtomicInteger keys = new AtomicInteger();
    private final Duration timeout;
    private volatile Thread cellThread;
    private volatile boolean stopRequested;
    private volatile boolean timedOut;
    private volatile Throwable lastThrown;

    CellExecutionControl(Duration timeout) {
        this.timeout = timeout;
    }

    /** A JShell execution engine that runs in this JVM with the given per-cell timeout (null: none). */
    static ExecutionControlProvider provider(CellExecutionControl control) {
        return new ExecutionControlProvider() {
            @Override public String name() { return "transferkit-direct"; }
            @Override public ExecutionControl generate(ExecutionEnv env, Map<String, String> params) { return control; }
        };
    }

    @Override
    protected String invoke(Method doit) throws Exception {
        stopRequested = false;
        timedOut = false;
        lastThrown = null;
        FutureTask<Object> task = new FutureTask<>(() -> doit.invoke(null));
        Thread thread = new Thread(CELL_THREADS, task, "notebook-cell-" + THREAD_IDS.incrementAndGet(), 64L << 20);
        thread.setContextClassLoader(ClassLoader.getSystemClassLoader());
        thread.setDaemon(true);
        cellThread = thread;
        thread.start();
        Object value;
        try {
            value = timeout == null ? task.get() : task.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            timedOut = true;
            stopCellThread();
            throw new ExecutionControl.StoppedException();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof InvocationTargetException ite ? ite.getCause() : e.getCause();
            if (stopRequested) throw new ExecutionControl.StoppedException();
            lastThrown = cause;
            throw new InvocationTargetException(cause);
        } finally {
            cellThread = null;
        }
        if (stopRequested) throw new ExecutionControl.StoppedException();
        String key = "#value" + keys.incrementAndGet();
        synchronized (values) {
            values.put(key, value);
        }
        return key;
    }

    /** The object a snippet returned, given the key JShell reported as its value; removes it. */
    Object takeValue(String key) {
        synchronized (values) {
            return values.remove(key);
        }
    }

    void clearValues() {
        synchronized (values) {
            values.clear();
        }
    }

    /** The throwable of the last failed snippet, exactly as user code threw it. */
    Throwable lastThrown() {
        return lastThrown;
    }

    boolean wasStopped() {
        return stopRequested;
    }

    boolean wasTimedOut() {
        return timedOut;
    }

    @Override
    public void stop() {
        stopRequested = true;
        stopCellThread();
    }

    @SuppressWarnings("removal")
    private void stopCellThread() {
        Thread t = cellThread;
        if (t == null) return;
        t.interrupt();
        try {
            t.join(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Thread.stop is deprecated but is the only way to end a busy loop such as while(true){} in this JVM.
        if (t.isAlive()) t.stop();
    }
}
