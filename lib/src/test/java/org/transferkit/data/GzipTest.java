package org.transferkit.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** The deterministic gzip of every converted data file. */
class GzipTest {

    @Test
    void gzipIsDeterministicWithoutTimestamp() throws IOException {
        byte[] data = "same input, same bytes".repeat(100).getBytes(StandardCharsets.US_ASCII);
        byte[] a = Gzip.gzip(data);
        byte[] b = Gzip.gzip(data);
        assertArrayEquals(a, b);
        assertEquals(0, a[4] | a[5] | a[6] | a[7], "mtime is 0");
        assertArrayEquals(data, Gzip.gunzip(a));
        assertArrayEquals(data, new GZIPInputStream(new ByteArrayInputStream(a)).readAllBytes());
    }
}
