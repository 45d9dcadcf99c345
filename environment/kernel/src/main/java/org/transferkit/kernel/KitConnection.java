package org.transferkit.kernel;

import io.github.spencerpark.jupyter.channels.JupyterConnection;
import io.github.spencerpark.jupyter.kernel.KernelConnectionProperties;
import org.zeromq.ZMQ;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;

/**
 * The five Jupyter sockets, bound only to the connection file's address, with resilient shell and control loops.
 * Heartbeat, iopub and stdin come from the base library unchanged.
 */
final class KitConnection extends JupyterConnection {
    private final KernelConnectionProperties props;
    private final ZMQ.Context ctx = ZMQ.context(1);
    private final ResilientShellChannel kitShell;
    private final ResilientShellChannel kitControl;

    KitConnection(KernelConnectionProperties props) throws NoSuchAlgorithmException, InvalidKeyException {
        super(props);
        this.props = props;
        this.kitShell = new ResilientShellChannel(ctx, props.createHMACGenerator(), false, this);
        this.kitControl = new ResilientShellChannel(ctx, props.createHMACGenerator(), true, this);
    }

    @Override
    public void connect() {
        heartbeat.bind(props);
        iopub.bind(props);
        stdin.bind(props);
        kitShell.bind(props);
        kitControl.bind(props);
    }

    /** Messages dropped on the shell and control channels (bad signature or malformed). */
    long rejectedCount() {
        return kitShell.rejectedCount() + kitControl.rejectedCount();
    }

    @Override
    public void close() {
        kitShell.close();
        kitControl.close();
        heartbeat.close();
        iopub.close();
        stdin.close();
    }

    @Override
    public void waitUntilClose() {
        kitShell.waitUntilClose();
        kitControl.waitUntilClose();
    }
}
