package org.transferkit.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One file of a dataset as the catalogue records it, and the check of a file on disk against that record.
 *
 * @param role          {@code images} or {@code labels}
 * @param path          path relative to the datasets folder, e.g. {@code mnist/images-idx3-ubyte.gz}
 * @param bytes         size of the gzip file
 * @param sha256        SHA-256 of the gzip file
 * @param contentSha256 SHA-256 of the decompressed IDX bytes
 */
record DatasetFile(String role, String path, long bytes, String sha256, String contentSha256) {

    /**
     * Outcome of checking one file: ok (with its decompressed IDX bytes when asked for), or a problem in words.
     *
     * @param file    the absolute path checked
     * @param present whether the file exists
     * @param ok      whether it matches the catalogue
     * @param problem what is wrong, or null
     * @param idx     the decompressed IDX bytes, or null
     */
    record Check(Path file, boolean present, boolean ok, String problem, byte[] idx) {
    }

    /**
     * Checks the file in {@code datasetsDir}: present, then the SHA-256 of the gzip file, else (a different zlib may
     * compress the same data differently) the SHA-256 of the decompressed IDX content. With {@code wantContent} false
     * a file whose gzip SHA-256 matches is accepted without decompressing it (the check then has no IDX bytes).
     * Never throws for a bad file.
     */
    Check check(Path datasetsDir, boolean wantContent) {
        Path file = datasetsDir.resolve(path).toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            return new Check(file, false, false, "missing", null);
        }
        byte[] gz;
        try {
            gz = Files.readAllBytes(file);
        } catch (IOException e) {
            return new Check(file, true, false, "unreadable (" + e.getMessage() + ")", null);
        }
        boolean fileShaOk = sha256(gz).equals(sha256);
        if (fileShaOk && !wantContent) {
            return new Check(file, true, true, null, null);
        }
        byte[] idx;
        try {
            idx = Idx.gunzip(gz);
        } catch (IOException e) {
            return new Check(file, true, false, "not a complete gzip file, truncated or corrupted (" + e.getMessage() + ")", null);
        }
        if (!fileShaOk && !sha256(idx).equals(contentSha256)) {
            return new Check(file, true, false, "checksum mismatch: SHA-256 " + sha256(gz) + ", catalogue expects "
                    + sha256 + " (content " + sha256(idx) + ", expected " + contentSha256 + ")", null);
        }
        return new Check(file, true, true, null, idx);
    }

    /** Lower-case hex SHA-256 of some bytes, as the catalogue records it. */
    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
