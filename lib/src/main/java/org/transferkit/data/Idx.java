package org.transferkit.data;

import java.nio.ByteBuffer;

/**
 * The kit's dataset file format: an IDX array of unsigned bytes (images {@code [n, height, width]}, magic
 * {@code 0x00000803}; labels {@code [n]}, magic {@code 0x00000801}), stored gzip-compressed. A parsed file is a view on
 * its bytes: {@link #dims()} and the values starting at {@link #offset()}.
 *
 * <p>The files are compressed with {@link Gzip}, which is deterministic, so converting the same source gives the same
 * bytes on every run and the catalogue's checksums can name them.
 *
 * @param dims   the dimensions from the header, the first being the number of examples
 * @param bytes  the whole uncompressed file
 * @param offset index in {@code bytes} of the first value (the header's length)
 */
record Idx(int[] dims, byte[] bytes, int offset) {

    static final int UBYTE_1D = 0x00000801;
    static final int UBYTE_3D = 0x00000803;

    /** Number of examples (the first dimension). */
    int count() {
        return dims[0];
    }

    /** Encodes {@code n} images of {@code rows x cols} bytes, stored row by row in {@code data}. */
    static byte[] images(int n, int rows, int cols, byte[] data) {
        if ((long) n * rows * cols != data.length) {
            throw new IllegalArgumentException("IDX3: " + data.length + " bytes for " + n + "x" + rows + "x" + cols);
        }
        return ByteBuffer.allocate(16 + data.length).putInt(UBYTE_3D).putInt(n).putInt(rows).putInt(cols).put(data).array();
    }

    /** Encodes a vector of labels. */
    static byte[] labels(byte[] labels) {
        return ByteBuffer.allocate(8 + labels.length).putInt(UBYTE_1D).putInt(labels.length).put(labels).array();
    }

    /** Parses an uncompressed IDX uint8 file; throws IllegalArgumentException describing what is wrong. */
    static Idx parse(byte[] idx, int expectedDims) {
        if (idx.length < 4 || idx[0] != 0 || idx[1] != 0) {
            throw new IllegalArgumentException("not an IDX file (the first two bytes must be 0)");
        }
        if (idx[2] != 0x08) {
            throw new IllegalArgumentException("IDX element type 0x" + Integer.toHexString(idx[2] & 0xff) + ", expected 0x08 (uint8)");
        }
        int dims = idx[3];
        if (dims != expectedDims) {
            throw new IllegalArgumentException("IDX has " + dims + " dimensions, expected " + expectedDims);
        }
        int header = 4 + 4 * dims;
        if (idx.length < header) {
            throw new IllegalArgumentException("IDX header truncated");
        }
        ByteBuffer buf = ByteBuffer.wrap(idx);
        int[] d = new int[dims];
        long total = 1;
        for (int k = 0; k < dims; k++) {
            d[k] = buf.getInt(4 + 4 * k);
            if (d[k] <= 0) {
                throw new IllegalArgumentException("IDX dimension " + k + " is " + d[k]);
            }
            total *= d[k];
        }
        if (idx.length - header != total) {
            throw new IllegalArgumentException("IDX holds " + (idx.length - header) + " values, its header says " + total);
        }
        return new Idx(d, idx, header);
    }
}
