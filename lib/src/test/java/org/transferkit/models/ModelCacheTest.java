package org.transferkit.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.learning.config.Adam;

class ModelCacheTest {
    @Test
    void trainsOnceThenReadsTheSameNetworkBack(@TempDir Path dir) {
        ModelCache cache = new ModelCache(dir);
        AtomicInteger trained = new AtomicInteger();
        MultiLayerNetwork first = cache.getOrTrain("lenet5 test recipe, seed 3", () -> {
            trained.incrementAndGet();
            return Models.lenet5(5, new Adam(1e-3), 3);
        });
        MultiLayerNetwork second = cache.getOrTrain("lenet5 test recipe, seed 3", () -> {
            trained.incrementAndGet();
            return Models.lenet5(5, new Adam(1e-3), 4);
        });
        assertEquals(1, trained.get(), "the second call must read the file");
        assertEquals(first.params(), second.params());
        assertTrue(Files.isRegularFile(cache.file("lenet5 test recipe, seed 3")));
        assertNotEquals(cache.file("lenet5 test recipe, seed 3"), cache.file("lenet5 test recipe, seed 4"));
    }

    @Test
    void anOffCacheAlwaysTrains() {
        ModelCache off = new ModelCache(null);
        AtomicInteger trained = new AtomicInteger();
        off.getOrTrain("r", () -> { trained.incrementAndGet(); return Models.lenet5(2, new Adam(1e-3), 1); });
        off.getOrTrain("r", () -> { trained.incrementAndGet(); return Models.lenet5(2, new Adam(1e-3), 1); });
        assertEquals(2, trained.get());
    }
}
