package org.transferkit.lessons.negative;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

class SameBatchesTest {

    @Test
    void sameSeedSameBatchesOtherSeedOtherBatches() {
        int[][] a = new SameBatches(10, 4, 3).indices(7);
        int[][] b = new SameBatches(10, 4, 3).indices(7);
        int[][] c = new SameBatches(10, 4, 4).indices(7);
        assertEquals(7, a.length);
        for (int s = 0; s < a.length; s++) {
            assertArrayEquals(a[s], b[s]);
        }
        assertFalse(Arrays.deepEquals(a, c));
        // a shorter run is a prefix of a longer one: arms with fewer steps see the same first batches
        int[][] prefix = new SameBatches(10, 4, 3).indices(3);
        for (int s = 0; s < 3; s++) {
            assertArrayEquals(a[s], prefix[s]);
        }
    }

    /* 10 examples, batches of 4: the first 10 indices drawn (2.5 batches) are one shuffle, a permutation of 0..9. */
    @Test
    void everyShuffleIsAPermutationAndBatchesCrossItsEnd() {
        int[][] batches = new SameBatches(10, 4, 11).indices(5);
        int[] flat = Arrays.stream(batches).flatMapToInt(Arrays::stream).toArray();
        assertEquals(20, flat.length);
        int[] first = Arrays.copyOfRange(flat, 0, 10);
        int[] second = Arrays.copyOfRange(flat, 10, 20);
        Arrays.sort(first);
        Arrays.sort(second);
        int[] all = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        assertArrayEquals(all, first);
        assertArrayEquals(all, second);
        for (int[] batch : batches) {
            assertEquals(4, batch.length);
        }
    }

    @Test
    void rowsPicksTheIndexedExamples() {
        DataSet data = new DataSet(Nd4j.createFromArray(new float[][] {{0, 0}, {1, 10}, {2, 20}}),
                Nd4j.createFromArray(new float[][] {{1, 0}, {0, 1}, {1, 0}}));
        DataSet picked = SameBatches.rows(data, new int[] {2, 0, 2});
        assertArrayEquals(new float[] {2, 20, 0, 0, 2, 20}, picked.getFeatures().ravel().toFloatVector());
        assertArrayEquals(new float[] {1, 0, 1, 0, 1, 0}, picked.getLabels().ravel().toFloatVector());
    }

    @Test
    void invalidArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new SameBatches(0, 4, 1));
        assertThrows(IllegalArgumentException.class, () -> new SameBatches(4, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new SameBatches(4, 2, 1).indices(0));
    }
}
