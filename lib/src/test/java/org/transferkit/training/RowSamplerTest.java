package org.transferkit.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

class RowSamplerTest {

    @Test
    void everyPassVisitsEveryRowOnceAndABatchCarriesOverIntoTheNextPass() {
        RowSampler s = new RowSampler(10, 1);
        int[] stream = new int[30];
        for (int b = 0; b < 10; b++) {
            System.arraycopy(s.next(3), 0, stream, 3 * b, 3);   // batches of 3 straddle the passes of 10
        }
        for (int pass = 0; pass < 3; pass++) {
            int[] rows = Arrays.copyOfRange(stream, 10 * pass, 10 * pass + 10);
            Arrays.sort(rows);
            assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, rows, "pass " + pass);
        }
        assertFalse(Arrays.equals(Arrays.copyOfRange(stream, 0, 10), Arrays.copyOfRange(stream, 10, 20)),
                "each pass has a fresh order");
    }

    @Test
    void theSameSeedGivesTheSameBatches() {
        RowSampler a = new RowSampler(7, 42), b = new RowSampler(7, 42);
        for (int i = 0; i < 5; i++) {
            assertArrayEquals(a.next(4), b.next(4));
        }
    }

    @Test
    void theFirstPassIsAFisherYatesShuffleOfTheSeededGenerator() {
        Random random = new Random(3);
        int[] expected = {0, 1, 2, 3, 4};
        for (int i = expected.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = expected[i];
            expected[i] = expected[j];
            expected[j] = t;
        }
        assertArrayEquals(expected, new RowSampler(5, 3).next(5));
    }

    @Test
    void twoSamplersMayShareOneGenerator() {
        Random shared = new Random(9);
        RowSampler first = new RowSampler(4, shared), second = new RowSampler(6, shared);
        assertEquals(4, first.next(4).length);
        assertEquals(6, second.next(6).length);
    }

    @Test
    void refusesEmptyDataAndEmptyBatches() {
        assertThrows(IllegalArgumentException.class, () -> new RowSampler(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new RowSampler(3, 1).next(0));
    }
}
