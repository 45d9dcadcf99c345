package org.transferkit.data;

import java.nio.file.Path;

/**
 * A data file of the kit (an image dataset under {@code datasets/} or an application asset under
 * {@code datasets/applications/}) is missing, truncated, corrupted or not in the expected format, or its folder cannot
 * be found. The message names the file and the command that repairs it, so a notebook user can act on it directly.
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

    /**
     * The standard message: {@code "<kind> <file> is <problem>. Repair: <repair>."}, for example kind
     * {@code "Application asset"}, problem {@code "missing"} and repair {@code "run `bash environment/...`"}.
     */
    public static String describe(String kind, Path file, String problem, String repair) {
        return kind + " " + file + " is " + problem + ". Repair: " + repair + ".";
    }

    /** The standard message for an image dataset's file: what is wrong with which file, and how to repair it. */
    static String describe(Path file, String problem) {
        return describe("Dataset file", file, problem, "run `" + DatasetCatalog.REPAIR_COMMAND
                + "` in the repository root (see datasets/README.md), or set KIT_DATASETS to a datasets folder that has it");
    }
}
