package org.transferkit.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FewShotTest {

    @Test
    void kPerClassSeededRestInPool() {
        ImageDataset d = ImageDatasetTest.synthetic(100, 2, 2, 4);
        FewShotSplit a = FewShot.sample(d, 3, 11);
        FewShotSplit b = FewShot.sample(d, 3, 11);
        assertArrayEquals(new int[]{3, 3, 3, 3}, a.labelled().classCounts());
        assertEquals(88, a.pool().size());
        assertArrayEquals(a.labelled().labels(), b.labelled().labels());
        assertArrayEquals(a.labelled().pixels(), b.labelled().pixels());
        assertArrayEquals(a.pool().pixels(), b.pool().pixels());
        FewShotSplit c = FewShot.sample(d, 3, 12);
        assertNotEquals(Arrays.deepToString(a.labelled().pixels()), Arrays.deepToString(c.labelled().pixels()));
    }

    @Test
    void kTooLargeNamesClassKAndAvailable() {
        ImageDataset d = ImageDatasetTest.synthetic(10, 2, 2, 3); // class 0: 4, classes 1 and 2: 3 each
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FewShot.sample(d, 4, 1));
        assertTrue(e.getMessage().contains("k=4"), e.getMessage());
        assertTrue(e.getMessage().contains("class 1 ('c1')"), e.getMessage());
        assertTrue(e.getMessage().contains("only 3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FewShot.sample(d, 0, 1));
    }

    @Test
    void worksOnRealMnist() {
        FewShotSplit s = FewShot.sample(Datasets.mnist(), 5, 42);
        assertEquals(50, s.labelled().size());
        assertEquals(9950, s.pool().size());
    }
}
