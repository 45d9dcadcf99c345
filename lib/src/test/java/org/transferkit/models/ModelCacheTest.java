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
    void callersAskingForTheSameRecipeAtOnceShareOneTraining(@TempDir Path dir) throws Exception {
        ModelCache cache = new ModelCache(dir);
        AtomicInteger trained = new AtomicInteger();
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.Callable<MultiLayerNetwork> ask = () -> cache.getOrTrain("shared recipe", () -> {
            trained.incrementAndGet();
            started.countDown();
            try {
                Thread.sleep(300);   // a slow training: the other caller arrives meanwhile
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Models.lenet5(3, new Adam(1e-3), 5);
        });
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var first = pool.submit(ask);
            started.await();
            var second = pool.submit(ask);
            assertEquals(first.get().params(), second.get().params());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, trained.get(), "the second caller must wait for the first and read its file");
    }

    @Test
    void anOffCacheAlwaysTrains() {
        ModelCache off = new ModelCache(null);
        AtomicInteger trained = new AtomicInteger();
        off.getOrTrain("r", () -> { trained.incrementAndGet(); return Models.lenet5(2, new Adam(1e-3), 1); });
        off.getOrTrain("r", () -> { trained.incrementAndGet(); return Models.lenet5(2, new Adam(1e-3), 1); });
        assertEquals(2, trained.get());
    }

    @Test
    void aSharedFolderIsReadFirstAndNeverWritten(@TempDir Path dir) throws Exception {
        Path shared = dir.resolve("shared");
        Path mine = dir.resolve("mine");
        // the instructor's cache holds one recipe's network
        MultiLayerNetwork instructors = new ModelCache(shared).getOrTrain("shared recipe", () -> Models.lenet5(5,
                new Adam(1e-3), 11));
        ModelCache student = new ModelCache(mine, shared);
        AtomicInteger trained = new AtomicInteger();
        MultiLayerNetwork read = student.getOrTrain("shared recipe", () -> {
            trained.incrementAndGet();
            return Models.lenet5(5, new Adam(1e-3), 12);
        });
        assertEquals(0, trained.get(), "a recipe in the shared folder is read, not trained");
        assertEquals(instructors.params(), read.params());
        assertTrue(student.contains("shared recipe"));
        // another recipe is trained into the student's folder, not the shared one
        student.getOrTrain("own recipe", () -> {
            trained.incrementAndGet();
            return Models.lenet5(5, new Adam(1e-3), 13);
        });
        assertEquals(1, trained.get());
        assertTrue(Files.isRegularFile(student.file("own recipe")));
        assertTrue(student.file("own recipe").startsWith(mine));
        try (var files = Files.list(shared)) {
            assertEquals(0, files.filter(f -> f.getFileName().equals(student.file("own recipe").getFileName())).count());
        }
    }
}
