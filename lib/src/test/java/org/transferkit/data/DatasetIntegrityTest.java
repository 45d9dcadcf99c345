package org.transferkit.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damaged copies of optdigits (never the real files): each damage gives a DatasetException naming file and repair. */
class DatasetIntegrityTest {

    @TempDir
    Path tmp;
    Path images;
    Path labels;

    @BeforeEach
    void copyOptdigits() throws IOException {
        Path real = DatasetCatalog.locate();
        Files.createDirectories(tmp.resolve("optdigits"));
        Files.copy(real.resolve("catalog.json"), tmp.resolve("catalog.json"));
        images = tmp.resolve("optdigits/" + DatasetCatalog.IMAGES_FILE);
        labels = tmp.resolve("optdigits/" + DatasetCatalog.LABELS_FILE);
        Files.copy(real.resolve("optdigits/" + DatasetCatalog.IMAGES_FILE), images);
        Files.copy(real.resolve("optdigits/" + DatasetCatalog.LABELS_FILE), labels);
    }

    @Test
    void intactCopyLoads() {
        assertEquals(1797, Datasets.load(tmp, "optdigits").size());
    }

    @Test
    void missingFile() throws IOException {
        Files.delete(labels);
        assertFails(labels, "missing");
    }

    @Test
    void leftoverTempFileDoesNotCountAsTheFile() throws IOException {
        Files.move(images, images.resolveSibling(DatasetCatalog.IMAGES_FILE + ".123456.tmp"));
        assertFails(images, "missing");
    }

    @Test
    void truncatedGzip() throws IOException {
        byte[] b = Files.readAllBytes(images);
        Files.write(images, Arrays.copyOf(b, b.length / 2));
        assertFails(images, "truncated or corrupted");
    }

    @Test
    void bitFlip() throws IOException {
        byte[] b = Files.readAllBytes(images);
        b[b.length / 2] ^= 0x10;
        Files.write(images, b);
        DatasetException e = assertFails(images, "");
        assertTrue(e.getMessage().contains("checksum mismatch") || e.getMessage().contains("corrupted"), e.getMessage());
    }

    @Test
    void checksumMismatchWithValidGzip() throws IOException {
        // a valid gzip of different (but well-formed) IDX content
        byte[] idx = Idx.labels(new byte[1797]);
        Files.write(labels, Gzip.gzip(idx));
        assertFails(labels, "checksum mismatch");
    }

    @Test
    void textFileInsteadOfGzip() throws IOException {
        Files.writeString(images, "this is not a dataset\n");
        assertFails(images, "not a complete gzip file");
    }

    @Test
    void wrongFormatEvenWhenTheCatalogueChecksumMatches() throws IOException {
        byte[] gz = Gzip.gzip("hello, not IDX".getBytes(StandardCharsets.US_ASCII));
        Files.write(images, gz);
        FileEntryEdit.setChecksums(tmp, "optdigits/" + DatasetCatalog.IMAGES_FILE, DatasetFile.sha256(gz),
                DatasetFile.sha256(Gzip.gunzip(gz)));
        assertFails(images, "not in the expected format");
    }

    @Test
    void wrongShapeIsAFormatError() throws IOException {
        byte[] idx = Idx.labels(new byte[10]);
        byte[] gz = Gzip.gzip(idx);
        Files.write(labels, gz);
        FileEntryEdit.setChecksums(tmp, "optdigits/" + DatasetCatalog.LABELS_FILE, DatasetFile.sha256(gz),
                DatasetFile.sha256(idx));
        assertFails(labels, "catalogue expects [1797]");
    }

    @Test
    void missingCatalogue() throws IOException {
        Files.delete(tmp.resolve("catalog.json"));
        DatasetException e = assertThrows(DatasetException.class, () -> Datasets.load(tmp, "optdigits"));
        assertTrue(e.getMessage().contains(tmp.resolve("catalog.json").toString()), e.getMessage());
    }

    @Test
    void verifyReportsDamageWithoutThrowing() throws IOException {
        Files.delete(labels);
        DatasetCatalog.Status s = DatasetCatalog.load(tmp).verify().stream()
                .filter(x -> x.name().equals("optdigits")).findFirst().orElseThrow();
        assertTrue(!s.present() && !s.ok());
        assertTrue(s.problem().contains(DatasetCatalog.REPAIR_COMMAND));
    }

    @Test
    void unknownDatasetName() {
        assertThrows(IllegalArgumentException.class, () -> Datasets.load(tmp, "cifar"));
    }

    private DatasetException assertFails(Path file, String problem) {
        DatasetException e = assertThrows(DatasetException.class, () -> Datasets.load(tmp, "optdigits"));
        String m = e.getMessage();
        assertTrue(m.contains(file.toAbsolutePath().normalize().toString()), m);
        assertTrue(m.contains(DatasetCatalog.REPAIR_COMMAND), m);
        assertTrue(m.contains(problem), m);
        assertEquals(file.toAbsolutePath().normalize(), e.file());
        return e;
    }

    /** Rewrites a file's checksums in a temp catalogue copy. */
    static final class FileEntryEdit {
        static void setChecksums(Path dir, String path, String sha, String contentSha) throws IOException {
            Path cat = dir.resolve("catalog.json");
            String text = Files.readString(cat);
            DatasetFile f = DatasetCatalog.load(dir).entry("optdigits").files().stream()
                    .filter(x -> x.path().equals(path)).findFirst().orElseThrow();
            text = text.replace(f.sha256(), sha).replace(f.contentSha256(), contentSha);
            Files.writeString(cat, text);
        }
    }
}
