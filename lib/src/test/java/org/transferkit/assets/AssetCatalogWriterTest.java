package org.transferkit.assets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The writer reproduces the committed catalogue, byte for byte, from the converted files. */
class AssetCatalogWriterTest {

    @Test
    void writerReproducesTheCommittedCatalogue() throws IOException {
        Path dir = AssetCatalog.load().directory();
        assumeTrue(AssetCatalog.load().problems().isEmpty(),
                "application assets not all present: run bash environment/prepare-applications.sh");
        assertEquals(Files.readString(dir.resolve(AssetCatalog.CATALOG_FILE)), AssetCatalogWriter.json(dir));
    }
}
