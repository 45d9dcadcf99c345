package org.transferkit.kernel;

import java.util.List;

/** Exceptions the kernel reports for a cell, each with the text a student needs and nothing of the kernel's insides. */
final class CellErrors {
    private CellErrors() {}

    /** The cell did not compile: the compiler's messages, each with the offending line of the cell. */
    static final class CompilationError extends Exception {
        final List<String> details;
        CompilationError(String summary, List<String> details) {
            super(summary, null, false, false);
            this.details = details;
        }
    }

    /** A JVM {@link Error} thrown by a cell (OutOfMemoryError, StackOverflowError, AssertionError...). */
    static final class CellError extends Exception {
        final Throwable error;
        CellError(Throwable error) {
            super(error.getClass().getName() + (error.getMessage() == null ? "" : ": " + error.getMessage()), error, false, false);
            this.error = error;
        }
    }

    /** The cell was stopped by an interrupt or by the timeout. */
    static final class Interrupted extends Exception {
        Interrupted(String message) {
            super(message, null, false, false);
        }
    }

    /** A method or class used by the cell refers to something not yet defined. */
    static final class Unresolved extends Exception {
        Unresolved(String message) {
            super(message, null, false, false);
        }
    }

    /** A magic failed or was misused. */
    static final class MagicError extends Exception {
        MagicError(String message) {
            super(message, null, false, false);
        }
        MagicError(String message, Throwable cause) {
            super(message, cause, false, false);
        }
    }
}
