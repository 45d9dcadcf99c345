package org.transferkit.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Converter: reading per-class JSON, conversion of small synthetic sources, agreement with the catalogue. */
class DatasetConverterTest {

    @TempDir
    Path tmp;

    @Test
    void readsFlatFloatsAndNestedIntegers() throws IOException {
        Path flat = tmp.resolve("flat.json");
        Files.writeString(flat, "{ \"data\": [0,0.2,0.992,1] }");
        assertArrayEquals(new byte[]{0, 51, (byte) 253, (byte) 255}, DatasetConverter.readDataValues(flat, 2, 255));
        Path nested = tmp.resolve("nested.json");
        Files.writeString(nested, "{\"data\":[[1,2,3],[250,0,7],[]]}");
        assertArrayEquals(new byte[]{1, 2, 3, (byte) 250, 0, 7}, DatasetConverter.readDataValues(nested, 3, 1));
        Path wrongLength = tmp.resolve("wrong.json");
        Files.writeString(wrongLength, "{\"data\":[[1,2,3],[4,5]]}");
        assertThrows(IllegalArgumentException.class, () -> DatasetConverter.readDataValues(wrongLength, 3, 1));
        Path truncated = tmp.resolve("truncated.json");
        Files.writeString(truncated, "{\"data\":[[1,2,3],[4,5");
        assertThrows(IllegalArgumentException.class, () -> DatasetConverter.readDataValues(truncated, 3, 1));
        Path outOfRange = tmp.resolve("range.json");
        Files.writeString(outOfRange, "{\"data\":[[1,2,300]]}");
        assertThrows(IllegalArgumentException.class, () -> DatasetConverter.readDataValues(outOfRange, 3, 1));
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
        DatasetConverter.convert(DatasetSpec.named("fashion-mnist"), tmp.resolve("pkg"), out, null);
        byte[] labels = Gzip.gunzip(Files.readAllBytes(out.resolve("fashion-mnist/" + DatasetCatalog.LABELS_FILE)));
        Idx l = Idx.parse(labels, 1);
        assertEquals(20, l.count());
        assertEquals(9, labels[l.offset() + 19]);
        byte[] images = Gzip.gunzip(Files.readAllBytes(out.resolve("fashion-mnist/" + DatasetCatalog.IMAGES_FILE)));
        assertArrayEquals(new int[]{20, 28, 28}, Idx.parse(images, 3).dims());

        // an interrupted source (class 5 truncated): conversion fails before writing anything
        Files.writeString(pkg.resolve("5.json"), "{\"data\":[[1,2,3");
        Path out2 = tmp.resolve("datasets2");
        assertThrows(IllegalArgumentException.class,
                () -> DatasetConverter.convert(DatasetSpec.named("fashion-mnist"), tmp.resolve("pkg"), out2, null));
        assertFalse(Files.exists(out2.resolve("fashion-mnist/" + DatasetCatalog.IMAGES_FILE)));
    }

    @Test
    void conversionThatDoesNotMatchTheCatalogueWritesNothing() throws IOException {
        Path csv = tmp.resolve("digits.csv.gz");
        String row = "0,".repeat(64) + "3\n";
        Files.write(csv, Gzip.gzip((row + row).getBytes(StandardCharsets.US_ASCII)));
        CatalogEntry expected = DatasetCatalog.load().entry("optdigits");
        Path out = tmp.resolve("datasets");
        assertThrows(IllegalStateException.class,
                () -> DatasetConverter.convert(DatasetSpec.named("optdigits"), csv, out, expected));
        assertEquals(List.of(), AtomicFileTest.list(out.resolve("optdigits")));
    }

    @Test
    void committedOptdigitsIsReproducibleFromTheCachedCsv() throws IOException {
        Path dir = DatasetCatalog.locate();
        Path csv = dir.resolve("cache/digits.csv.gz");
        assumeTrue(Files.isRegularFile(csv), "no datasets/cache/digits.csv.gz (environment/prepare-datasets.sh keeps it)");
        Path out = tmp.resolve("datasets");
        CatalogEntry expected = DatasetCatalog.load(dir).entry("optdigits");
        DatasetConverter.convert(DatasetSpec.named("optdigits"), csv, out, expected);
        for (DatasetFile f : expected.files()) {
            assertEquals(f.sha256(), DatasetFile.sha256(Files.readAllBytes(out.resolve(f.path()))));
        }
    }
}
