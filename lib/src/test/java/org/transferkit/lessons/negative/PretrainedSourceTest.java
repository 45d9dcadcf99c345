package org.transferkit.lessons.negative;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.transferkit.Kit;
import org.transferkit.data.ImageDataset;
import org.transferkit.models.Models;
import org.transferkit.training.Trainer;

/** LeNet needs 28x28 inputs: tiny synthetic "images" (a bright square whose position is the class), few steps. */
class PretrainedSourceTest {

    static ImageDataset squares(String name, int n, long seed) {
        Random random = new Random(seed);
        float[][] pixels = new float[n][28 * 28];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2;
            int x0 = labels[i] == 0 ? 4 : 16;
            for (int y = 8; y < 16; y++) {
                for (int x = x0; x < x0 + 8; x++) {
                    pixels[i][y * 28 + x] = 0.5f + 0.5f * random.nextFloat();
                }
            }
        }
        return new ImageDataset(name, 28, 28, 1, pixels, labels, new String[] {"left", "right"});
    }

    private static GradedSources.Source source(String name, long seed) {
        return new GradedSources.Source(name, "test", squares(name, 16, seed), squares(name + " test", 8, seed + 1));
    }

    @Test
    void pretrainingIsTheTrainersRunAndDoesNotDependOnThreads() {
        Kit.init();
        GradedSources.Source a = source("a", 1);
        GradedSources.Source b = source("b", 2);
        PretrainedSource alone = PretrainedSource.train(a, 4, 8, new Nesterovs(0.01, 0.9), 5);
        // the same steps through Trainer.fitSteps: SameBatches replays the Trainer's batches
        var reference = Models.lenet(2, new Nesterovs(0.01, 0.9), 5);
        Trainer.fitSteps(reference, a.train().toDataSet(), 4, 8, 5);
        assertTrue(reference.params().equalsWithEps(alone.net().params(), 1e-6));
        Map<String, PretrainedSource> both = PretrainedSource.trainAll(List.of(a, b), 4, 8, new Nesterovs(0.01, 0.9), 5, 2);
        assertEquals(List.of("a", "b"), List.copyOf(both.keySet()));
        assertTrue(alone.net().params().equalsWithEps(both.get("a").net().params(), 1e-6));
        assertEquals(4, both.get("b").steps());
        assertEquals(8, both.get("b").batchSize());
        assertTrue(both.get("b").trainAccuracy() >= 0 && both.get("b").heldOutAccuracy() <= 1);
    }

    @Test
    void invalidArgumentsAreRejected() {
        GradedSources.Source a = source("a", 1);
        assertThrows(IllegalArgumentException.class, () -> PretrainedSource.train(a, 0, 8, new Nesterovs(0.01, 0.9), 1));
        assertThrows(IllegalArgumentException.class, () -> PretrainedSource.train(a, 2, 8, null, 1));
        assertThrows(IllegalArgumentException.class,
                () -> PretrainedSource.trainAll(List.of(a, a), 2, 8, new Nesterovs(0.01, 0.9), 1, 1));
        assertThrows(IllegalArgumentException.class,
                () -> PretrainedSource.trainAll(List.of(), 2, 8, new Nesterovs(0.01, 0.9), 1, 1));
    }
}
