package org.transferkit.data;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a file so that it is either complete or absent: the content goes to a temporary file in the same folder
 * ({@code <name>.<random>.tmp}), is forced to disk and then renamed over the target, readable by every user (like a
 * checkout). An interrupted conversion never leaves a half-written dataset or asset file under its final name.
 */
public final class AtomicFile {

    /** Writes a file's whole content; may throw at any point. */
    @FunctionalInterface
    public interface ContentWriter {
        /** Writes the content to {@code out}. */
        void write(OutputStream out) throws IOException;
    }

    private AtomicFile() {
    }

    /** Writes {@code bytes} as the whole content of {@code target}, as {@link #write(Path, ContentWriter)} does. */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    /**
     * Writes {@code target} through a temporary file renamed atomically. If the writer fails the temporary file is
     * deleted and {@code target} is untouched; a process killed mid-way leaves only a {@code .tmp} file, which no
     * reader opens.
     */
    public static void write(Path target, ContentWriter writer) throws IOException {
        Path folder = target.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        Path tmp = Files.createTempFile(folder, target.getFileName() + ".", ".tmp");
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: keep the default permissions
        }
        boolean done = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                 OutputStream out = Channels.newOutputStream(ch)) {
                writer.write(out);
                out.flush();
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
    }
}
