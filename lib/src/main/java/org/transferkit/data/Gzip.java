package org.transferkit.data;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;

/**
 * The kit's deterministic gzip, used for every converted data file (the image datasets' IDX files and the application
 * assets' TSV files): a fixed header without file name or time (mtime 0, OS unknown) and deflate level 6, so that
 * converting the same source gives the same bytes on every run and the catalogues' checksums can name them.
 */
public final class Gzip {

    private Gzip() {
    }

    /**
     * Compresses {@code data} into a whole gzip file: same input, same bytes. Level 9 would take about ten times
     * longer for files about 1% smaller.
     */
    public static byte[] gzip(byte[] data) {
        Deflater deflater = new Deflater(6, true);
        try {
            deflater.setInput(data);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 4 + 64);
            out.write(new byte[]{0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff}, 0, 10);
            byte[] chunk = new byte[1 << 16];
            while (!deflater.finished()) {
                int k = deflater.deflate(chunk);
                out.write(chunk, 0, k);
            }
            CRC32 crc = new CRC32();
            crc.update(data);
            ByteBuffer trailer = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            trailer.putInt((int) crc.getValue()).putInt(data.length);
            out.write(trailer.array(), 0, 8);
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    /** Decompresses a whole gzip file; throws IOException (ZipException, EOFException) if it is not valid gzip. */
    public static byte[] gunzip(byte[] gz) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz), 1 << 16)) {
            return in.readAllBytes();
        }
    }
}
