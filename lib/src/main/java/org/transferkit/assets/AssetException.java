package org.transferkit.assets;

import java.nio.file.Path;

/**
 * An application asset (dataset, word vectors, pretrained model) is missing, damaged or not in the expected format, or
 * the assets folder cannot be found. The message names the file and the command that repairs it.
 */
public class AssetException extends RuntimeException {

    private final transient Path file;

    /** Creates the exception for {@code file} (null when no single file is to blame). */
    public AssetException(String message, Path file, Throwable cause) {
        super(message, cause);
        this.file = file;
    }

    /** Creates the exception for {@code file} without a cause. */
    public AssetException(String message, Path file) {
        this(message, file, null);
    }

    /** The file at fault, or null. */
    public Path file() {
        return file;
    }

    /** The standard message: which file, what is wrong with it, and how to repair it. */
    public static String describe(Path file, String problem) {
        return "Application asset " + file + " is " + problem + ". Repair: run `" + AssetConverter.REPAIR_COMMAND
                + "` in the repository root (see datasets/applications/README.md).";
    }
}
