package org.transferkit.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Converter: atomic writes, deterministic gzip, JSON scanning, conversion of small synthetic sources. */
class DatasetConverterTest {

    @TempDir
    Path tmp;

    @Test
    void interruptedWriteLeavesNoFileAndNoTempFile() throws IOException {
        Path target = tmp.resolve("out/images-idx3-ubyte.gz");
        assertThrows(IOException.class, () -> DatasetConverter.writeAtomically(target, out -> {
            out.write(new byte[1000]);
            throw new IOException("simulated interruption");
        }));
        assertFalse(Files.exists(target));
        assertEquals(List.of(), list(target.getParent()));
    }

    @Test
    void interruptedRewriteKeepsTheOldFile() throws IOException {
        Path target = tmp.resolve("labels.gz");
        DatasetConverter.writeAtomically(target, out -> out.write(new byte[]{1, 2, 3}));
        assertThrows(IOException.class, () -> DatasetConverter.writeAtomically(target, out -> {
            out.write(new byte[]{9, 9});
            throw new IOException("simulated interruption");
        }));
        assertArrayEquals(new byte[]{1, 2, 3}, Files.readAllBytes(target));
        assertEquals(List.of("labels.gz"), list(tmp));
    }

    @Test
    void gzipIsDeterministicWithoutTimestamp() throws IOException {
        byte[] data = "same input, same bytes".repeat(100).getBytes(StandardCharsets.US_ASCII);
        byte[] a = DatasetConverter.gzip(data);
        byte[] b = DatasetConverter.gzip(data);
        assertArrayEquals(a, b);
        assertEquals(0, a[4] | a[5] | a[6] | a[7], "mtime is 0");
        assertArrayEquals(data, DatasetConverter.gunzip(a));
        assertArrayEquals(data, new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(a)).readAllBytes());
    }

    @Test
    void idxRoundTripAndFormatErrors() {
        byte[] idx = DatasetConverter.idx3(2, 2, 3, new byte[]{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
        DatasetConverter.Idx p = DatasetConverter.parseIdx(idx, 3);
        assertArrayEquals(new int[]{2, 2, 3}, p.dims());
        assertEquals(7, idx[p.offset() + 6]);
        assertThrows(IllegalArgumentException.class, () -> DatasetConverter.parseIdx(idx, 1));
        assertThrows(IllegalArgumentException.class, () -> DatasetConverter.parseIdx(java.util.Arrays.copyOf(idx, 20), 3));
        assertThrows(IllegalArgumentException.class, () -> DatasetConverter.parseIdx("text".getBytes(StandardCharsets.US_ASCII), 3));
    }

    @Test
    void scansFlatFloatsAndNestedIntegers() throws IOException {
        Path flat = tmp.resolve("flat.json");
        Files.writeString(flat, "{ \"data\": [0,0.2,0.992,1] }");
        assertArrayEquals(new byte[]{0, 51, (byte) 253, (byte) 255}, DatasetConverter.scanJsonNumbers(flat, 2, 255));
        Path nested = tmp.resolve("nested.json");
        Files.writeString(nested, "{\"data\":[[1,2,3],[250,0,7],[]]}");
        assertArrayEquals(new byte[]{1, 2, 3, (byte) 250, 0, 7}, DatasetConverter.scanJsonNumbers(nested, 3, 1));
        Path wrongLength = tmp.resolve("wrong.json");
        Files.writeString(wrongLength, "{\"data\":[[1,2,3],[4,5]]}");
        assertThrows(IllegalArgumentException.class, () -> DatasetConverter.scanJsonNumbers(wrongLength, 3, 1));
        Path truncated = tmp.resolve("truncated.json");
        Files.writeString(truncated, "{\"data\":[[1,2,3],[4,5");
        assertThrows(IllegalArgumentException.class, () -> DatasetConverter.scanJsonNumbers(truncated, 3, 1));
        Path outOfRange = tmp.resolve("range.json");
        Files.writeString(outOfRange, "{\"data\":[[1,2,300]]}");
        assertThrows(IllegalArgumentException.class, () -> DatasetConverter.scanJsonNumbers(outOfRange, 3, 1));
    }

    @Test
    void convertsAnNpmStylePackageAndFailsWithoutWritingOnBadInput() throws IOException {
        Path pkg = tmp.resolve("pkg/package/src/clothes");
        Files.createDirectories(pkg);
        for (int c = 0; c < 10; c++) {
            StringBuilder b = new StringBuilder("{\"data\":[");
            for (int img = 0; img < 2; img++) {
                b.append(img == 0 ? "[" : ",[");
                for (int k = 0; k < 784; k++) {
                    b.append(k == 0 ? "" : ",").append((c * 20 + img + k) % 256);
                }
                b.append(']');
            }
            Files.writeString(pkg.resolve(c + ".json"), b.append(",[]]}").toString());
        }
        Path out = tmp.resolve("datasets");
        DatasetConverter.convert(DatasetConverter.spec("fashion-mnist"), tmp.resolve("pkg"), out, null);
        byte[] labels = DatasetConverter.gunzip(Files.readAllBytes(out.resolve("fashion-mnist/" + DatasetConverter.LABELS_FILE)));
        DatasetConverter.Idx l = DatasetConverter.parseIdx(labels, 1);
        assertEquals(20, l.count());
        assertEquals(9, labels[l.offset() + 19]);
        byte[] images = DatasetConverter.gunzip(Files.readAllBytes(out.resolve("fashion-mnist/" + DatasetConverter.IMAGES_FILE)));
        assertArrayEquals(new int[]{20, 28, 28}, DatasetConverter.parseIdx(images, 3).dims());

        // an interrupted source (class 5 truncated): conversion fails before writing anything
        Files.writeString(pkg.resolve("5.json"), "{\"data\":[[1,2,3");
        Path out2 = tmp.resolve("datasets2");
        assertThrows(IllegalArgumentException.class,
                () -> DatasetConverter.convert(DatasetConverter.spec("fashion-mnist"), tmp.resolve("pkg"), out2, null));
        assertFalse(Files.exists(out2.resolve("fashion-mnist/" + DatasetConverter.IMAGES_FILE)));
    }

    @Test
    void conversionThatDoesNotMatchTheCatalogueWritesNothing() throws IOException {
        Path csv = tmp.resolve("digits.csv.gz");
        String row = "0,".repeat(64) + "3\n";
        Files.write(csv, DatasetConverter.gzip((row + row).getBytes(StandardCharsets.US_ASCII)));
        DatasetConverter.Entry expected = DatasetConverter.Catalog.read(DatasetCatalog.locate()).entry("optdigits");
        Path out = tmp.resolve("datasets");
        assertThrows(IllegalStateException.class,
                () -> DatasetConverter.convert(DatasetConverter.spec("optdigits"), csv, out, expected));
        assertEquals(List.of(), list(out.resolve("optdigits")));
    }

    @Test
    void committedOptdigitsIsReproducibleFromTheCachedCsv() throws IOException {
        Path dir = DatasetCatalog.locate();
        Path csv = dir.resolve("cache/digits.csv.gz");
        assumeTrue(Files.isRegularFile(csv), "no datasets/cache/digits.csv.gz (environment/prepare-datasets.sh keeps it)");
        Path out = tmp.resolve("datasets");
        DatasetConverter.Entry expected = DatasetConverter.Catalog.read(dir).entry("optdigits");
        DatasetConverter.convert(DatasetConverter.spec("optdigits"), csv, out, expected);
        for (DatasetConverter.FileEntry f : expected.files()) {
            assertEquals(f.sha256(), DatasetConverter.sha256(Files.readAllBytes(out.resolve(f.path()))));
        }
    }

    @Test
    void catalogueJsonRoundTrips() throws IOException {
        String text = Files.readString(DatasetCatalog.locate().resolve("catalog.json"));
        Object parsed = DatasetConverter.Json.parse(text);
        assertEquals(text.strip(), DatasetConverter.Json.write(parsed));
        assertTrue(((Map<?, ?>) parsed).containsKey("datasets"));
        assertThrows(IllegalArgumentException.class, () -> DatasetConverter.Json.parse("{\"a\": [1, 2}"));
    }

    @Test
    void commandLineVerifyAndUsage() throws IOException {
        assertEquals(2, DatasetConverter.run(new String[]{"bogus"}));
        assertEquals(0, DatasetConverter.run(new String[]{"verify", DatasetCatalog.locate().toString(), "mnist", "optdigits"}));
    }

    private static List<String> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
