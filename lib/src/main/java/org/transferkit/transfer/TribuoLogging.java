package org.transferkit.transfer;

import java.util.logging.Level;
import java.util.logging.Logger;

/** Keeps Tribuo's per-training INFO lines ("Training SGD model with n examples") out of notebook output. */
final class TribuoLogging {
    /** Held so the logger (and its level) is not garbage-collected. */
    private static final Logger TRIBUO = Logger.getLogger("org.tribuo");

    private TribuoLogging() {
    }

    /** Shows only Tribuo's warnings and errors. */
    static void quiet() {
        TRIBUO.setLevel(Level.WARNING);
    }
}
