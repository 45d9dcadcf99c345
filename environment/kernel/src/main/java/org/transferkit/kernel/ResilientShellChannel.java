package org.transferkit.kernel;

import io.github.spencerpark.jupyter.channels.JupyterConnection;
import io.github.spencerpark.jupyter.channels.ShellChannel;
import io.github.spencerpark.jupyter.channels.ShellHandler;
import io.github.spencerpark.jupyter.channels.ShellReplyEnvironment;
import io.github.spencerpark.jupyter.kernel.KernelConnectionProperties;
import io.github.spencerpark.jupyter.messages.HMACGenerator;
import io.github.spencerpark.jupyter.messages.Message;
import io.github.spencerpark.jupyter.messages.reply.ErrorReply;
import org.zeromq.ZMQ;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;

/**
 * A shell (or control) channel whose loop survives bad input and answers without polling delay.
 *
 * <p>The base library's loop sleeps 50 ms between polls (a ~53 ms round trip for an empty cell) and lets the
 * {@code SecurityException} of a badly signed message end its thread, after which no request is answered again.
 * This loop blocks in {@code poll} until a message arrives, and drops (and logs) any message whose signature is
 * wrong or missing, or which cannot be parsed, then keeps serving. The base reads every frame of a message before it
 * checks the signature, so a dropped message leaves the socket aligned on the next one.
 */
final class ResilientShellChannel extends ShellChannel {
    private static final long POLL_TIMEOUT_MS = 250;

    private final boolean control;
    private final JupyterConnection connection;
    private final AtomicLong rejected = new AtomicLong();
    private volatile boolean running;
    private volatile Thread loop;

    ResilientShellChannel(ZMQ.Context ctx, HMACGenerator hmac, boolean control, JupyterConnection connection) {
        super(ctx, hmac, control, connection);
        this.control = control;
        this.connection = connection;
    }

    /**
     * The base library builds an execute reply's traceback from the exception's raw frames (JShell's wrapper classes,
     * reflection, the kernel's threads), while the error shown in the cell is formatted by the kernel; nbconvert and
     * nbclient print the reply's. Send the cell's lines in the reply too.
     */
    @Override
    public synchronized void sendMessage(Message<?> message) {
        if (message.getContent() instanceof ErrorReply reply && ErrorFormatting.lastFormatted() != null) {
            try {
                List<String> traceback = reply.getStacktrace();
                traceback.clear();
                traceback.addAll(ErrorFormatting.lastFormatted());
            } catch (UnsupportedOperationException keepTheRawOne) {
                // an immutable list: the reply keeps the base library's traceback
            }
        }
        super.sendMessage(message);
    }

    /** Number of messages dropped because their signature was wrong, missing, or they could not be parsed. */
    long rejectedCount() {
        return rejected.get();
    }

    @Override
    public void bind(KernelConnectionProperties props) {
        if (loop != null) throw new IllegalStateException("channel already bound");
        int port = control ? props.getControlPort() : props.getShellPort();
        String address = formatAddress(props.getTransport(), props.getIp(), port);
        logger.info("Binding " + (control ? "control" : "shell") + " to " + address);
        bind(address);
        running = true;
        loop = new Thread(this::serve, control ? "jupyter-control" : "jupyter-shell");
        loop.setDaemon(true);
        loop.start();
    }

    private void serve() {
        ZMQ.Poller poller = ctx.poller(1);
        poller.register(this, ZMQ.Poller.POLLIN);
        try {
            while (running) {
                if (poller.poll(POLL_TIMEOUT_MS) <= 0 || !running) continue;
                Message<?> message;
                try {
                    message = readMessage();
                } catch (SecurityException e) {
                    rejected.incrementAndGet();
                    logger.warning("Dropped a message with an invalid or missing signature (" + rejected.get() + " so far)");
                    continue;
                } catch (RuntimeException e) {
                    rejected.incrementAndGet();
                    drainFrames();
                    logger.warning("Dropped a malformed message: " + e);
                    continue;
                }
                handle(message);
            }
        } finally {
            poller.close();
            super.close();
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void handle(Message message) {
        ShellHandler handler = connection.getHandler(message.getHeader().getType());
        if (handler == null) {
            logger.info("No handler for message type " + message.getHeader().getType().getName());
            return;
        }
        ShellReplyEnvironment env = connection.prepareReplyEnv(this, message);
        try {
            handler.handle(env, message);
        } catch (Throwable t) {
            logger.log(Level.SEVERE, "Unhandled error while handling " + message.getHeader().getType().getName(), t);
        } finally {
            env.resolveDeferrals();
        }
        if (env.isMarkedForShutdown()) {
            logger.info("Shutdown requested");
            new Thread(connection::close, "jupyter-shutdown").start();
        }
    }

    private void drainFrames() {
        while (hasReceiveMore()) recv();
    }

    @Override
    public void close() {
        running = false;
        if (loop == null) super.close();
    }

    @Override
    public void waitUntilClose() {
        Thread t = loop;
        if (t == null) return;
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
