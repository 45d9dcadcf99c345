package org.transferkit.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.learning.config.Adam;

class SourceNetworksTest {
    @Test
    void theRecipeNamesTaskStepsAndSeedAndKeepsTheKeysTheCacheAlreadyHolds() {
        // the words the lessons used before the recipe had one home: networks cached under them stay valid
        assertEquals("LeNet-5 (Models.lenet5), MNIST digits 0-4, training part of the pool (split 0.8, seed 17), "
                + "Adam 1e-3, 600 steps of 32, seed 7", SourceNetworks.recipe(SourceNetworks.Task.DIGITS_0_4, 7));
        assertEquals("LeNet-5 (Models.lenet5), Fashion-MNIST classes 0-4, training part of the pool (split 0.8, "
                + "seed 17), Adam 1e-3, 600 steps of 32, seed 7",
                SourceNetworks.recipe(SourceNetworks.Task.CLOTHES_0_4, 7));
        assertNotEquals(SourceNetworks.recipe(SourceNetworks.Task.DIGITS_0_4, 7),
                SourceNetworks.recipe(SourceNetworks.Task.DIGITS_0_4, 8));
    }

    @Test
    void aNetworkInTheCacheIsReadByItsRecipeNotTrained(@TempDir Path dir) {
        ModelCache cache = new ModelCache(dir);
        String recipe = SourceNetworks.recipe(SourceNetworks.Task.CLOTHES_0_4, 3);
        assertFalse(cache.contains(recipe));
        // a stand-in stored under the recipe's key: reading it back proves no training ran (training takes seconds
        // and would give other weights)
        MultiLayerNetwork standIn = cache.getOrTrain(recipe, () -> Models.lenet5(5, new Adam(1e-3), 99));
        assertTrue(cache.contains(recipe));
        MultiLayerNetwork read = SourceNetworks.pretrained(SourceNetworks.Task.CLOTHES_0_4, 3, cache);
        assertEquals(standIn.params(), read.params());
        assertFalse(cache.contains(SourceNetworks.recipe(SourceNetworks.Task.DIGITS_0_4, 3)), "other tasks' keys differ");
    }

    @Test
    void aMissingTaskIsRefused(@TempDir Path dir) {
        assertThrows(IllegalArgumentException.class, () -> SourceNetworks.pretrained(null, 1, new ModelCache(dir)));
    }
}
