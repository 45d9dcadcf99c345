package org.transferkit.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** The IDX codec: encoding, parsing and its errors, deterministic gzip. */
class IdxTest {

    @Test
    void gzipIsDeterministicWithoutTimestamp() throws IOException {
        byte[] data = "same input, same bytes".repeat(100).getBytes(StandardCharsets.US_ASCII);
        byte[] a = Idx.gzip(data);
        byte[] b = Idx.gzip(data);
        assertArrayEquals(a, b);
        assertEquals(0, a[4] | a[5] | a[6] | a[7], "mtime is 0");
        assertArrayEquals(data, Idx.gunzip(a));
        assertArrayEquals(data, new GZIPInputStream(new ByteArrayInputStream(a)).readAllBytes());
    }

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
