package org.transferkit.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The IDX codec: encoding, parsing and its errors. */
class IdxTest {

    @Test
    void idxRoundTripAndFormatErrors() {
        byte[] idx = Idx.images(2, 2, 3, new byte[]{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
        Idx p = Idx.parse(idx, 3);
        assertArrayEquals(new int[]{2, 2, 3}, p.dims());
        assertEquals(7, idx[p.offset() + 6]);
        assertThrows(IllegalArgumentException.class, () -> Idx.parse(idx, 1));
        assertThrows(IllegalArgumentException.class, () -> Idx.parse(Arrays.copyOf(idx, 20), 3));
        assertThrows(IllegalArgumentException.class, () -> Idx.parse("text".getBytes(StandardCharsets.US_ASCII), 3));
    }
}
