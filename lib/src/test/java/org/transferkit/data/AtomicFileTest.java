package org.transferkit.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Atomic writes: an interrupted write leaves no file, and an interrupted rewrite keeps the old one. */
class AtomicFileTest {

    @TempDir
    Path tmp;

    @Test
    void interruptedWriteLeavesNoFileAndNoTempFile() throws IOException {
        Path target = tmp.resolve("out/images-idx3-ubyte.gz");
        assertThrows(IOException.class, () -> AtomicFile.write(target, out -> {
            out.write(new byte[1000]);
            throw new IOException("simulated interruption");
        }));
        assertFalse(Files.exists(target));
        assertEquals(List.of(), list(target.getParent()));
    }

    @Test
    void interruptedRewriteKeepsTheOldFile() throws IOException {
        Path target = tmp.resolve("labels.gz");
        AtomicFile.write(target, out -> out.write(new byte[]{1, 2, 3}));
        assertThrows(IOException.class, () -> AtomicFile.write(target, out -> {
            out.write(new byte[]{9, 9});
            throw new IOException("simulated interruption");
        }));
        assertArrayEquals(new byte[]{1, 2, 3}, Files.readAllBytes(target));
        assertEquals(List.of("labels.gz"), list(tmp));
    }

    /** The file names in a folder, sorted; empty when the folder does not exist. */
    static List<String> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
