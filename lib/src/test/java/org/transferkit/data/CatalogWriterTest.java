package org.transferkit.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalogue's layout survives reading and writing, and the writer reproduces the committed catalogue. */
class CatalogWriterTest {

    @Test
    void catalogueJsonRoundTrips(@TempDir Path tmp) throws IOException {
        String text = Files.readString(DatasetCatalog.locate().resolve("catalog.json"));
        JsonElement parsed = new Gson().fromJson(text, JsonElement.class);
        assertEquals(text.strip(), CatalogJson.format(parsed));
        assertTrue(parsed.getAsJsonObject().has("datasets"));
        Files.writeString(tmp.resolve("catalog.json"), "{\"a\": [1, 2}");
        assertThrows(DatasetException.class, () -> DatasetCatalog.load(tmp));
    }

    @Test
    void writerReproducesTheCommittedCatalogue() throws IOException {
        Path dir = DatasetCatalog.locate();
        assumeTrue(Files.exists(dir.resolve("fashion-mnist/" + DatasetCatalog.IMAGES_FILE)),
                "Fashion-MNIST not produced yet: run bash environment/prepare-datasets.sh");
        assertEquals(Files.readString(dir.resolve("catalog.json")), CatalogWriter.json(dir));
    }
}
