package org.transferkit.data;

import java.nio.file.Path;

/**
 * A dataset file is missing, truncated, corrupted or not in the expected format, or the datasets folder cannot be
 * found. The message names the file and the command that repairs it, so a notebook user can act on it directly.
 */
public class DatasetException extends RuntimeException {

    private final transient Path file;

    /** Creates the exception for {@code file} (may be null when no single file is to blame). */
    public DatasetException(String message, Path file, Throwable cause) {
        super(message, cause);
        this.file = file;
    }

    /** Creates the exception for {@code file} without a cause. */
    public DatasetException(String message, Path file) {
        this(message, file, null);
    }

    /** The file at fault, or null. */
    public Path file() {
        return file;
    }

    /** Standard message: what is wrong with which file, and how to repair it. */
    static String describe(Path file, String problem) {
        return "Dataset file " + file + " is " + problem + ". Repair: run `" + DatasetCatalog.REPAIR_COMMAND
                + "` in the repository root (see datasets/README.md), or set KIT_DATASETS to a datasets folder that has it.";
    }
}
