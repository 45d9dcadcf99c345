package org.transferkit.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

class DatasetCatalogTest {

    @Test
    void locatesByWalkingUpAndListsThreeDatasets() {
        DatasetCatalog c = DatasetCatalog.load();
        assertTrue(Files.isRegularFile(c.directory().resolve("catalog.json")));
        assertEquals(List.of("mnist", "fashion-mnist", "optdigits"), c.names());
        DatasetCatalog.Info mnist = c.info("mnist");
        assertEquals("mnist", mnist.sourcePackage());
        assertEquals("1.1.0", mnist.sourceVersion());
        assertEquals("CC BY-SA 3.0", mnist.license());
        assertEquals("MIT", c.info("fashion-mnist").license());
        assertEquals("CC BY 4.0", c.info("optdigits").license());
        assertEquals(10, c.info("fashion-mnist").classNames().size());
        assertThrows(IllegalArgumentException.class, () -> c.info("cifar"));
    }

    @Test
    void verifyReportsCommittedDatasetsOk() {
        for (DatasetCatalog.Status s : DatasetCatalog.load().verify()) {
            if (!s.name().equals("fashion-mnist")) {
                assertTrue(s.ok(), s.toString());
            } else if (s.present()) {
                assertTrue(s.checksumOk(), s.problem());
            }
        }
    }

    @Test
    void tableHasOneRowPerDataset() {
        Table t = DatasetCatalog.load().table();
        assertEquals(3, t.rowCount());
        assertEquals("optdigits", t.stringColumn("dataset").get(2));
        assertEquals(1797, t.intColumn("examples").get(2));
        assertEquals(3, DatasetCatalog.load().statusTable().rowCount());
    }

    @Test
    void systemPropertyOverridesAndIsChecked(@TempDir Path tmp) throws IOException {
        String old = System.getProperty(DatasetCatalog.PROPERTY);
        try {
            System.setProperty(DatasetCatalog.PROPERTY, tmp.toString());
            DatasetException e = assertThrows(DatasetException.class, DatasetCatalog::locate);
            assertTrue(e.getMessage().contains(tmp.toString()), e.getMessage());
            Files.copy(Path.of(System.getProperty("user.dir")).resolve("../datasets/catalog.json").normalize(),
                    tmp.resolve("catalog.json"));
            assertEquals(tmp.toAbsolutePath().normalize(), DatasetCatalog.locate());
        } finally {
            if (old == null) {
                System.clearProperty(DatasetCatalog.PROPERTY);
            } else {
                System.setProperty(DatasetCatalog.PROPERTY, old);
            }
        }
    }
}
