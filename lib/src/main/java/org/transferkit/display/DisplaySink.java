package org.transferkit.display;

/**
 * Where {@link Display} sends objects: the Jupyter kernel installs a sink that renders rich output (images, charts,
 * tables, HTML) in the notebook; the default sink prints text to stdout.
 */
public interface DisplaySink {

    /** Shows an object and returns an id under which it can later be replaced with {@link #update}. */
    String display(Object o);

    /** Replaces what was shown under {@code id} (in a terminal: prints the new text). */
    void update(String id, Object o);
}
