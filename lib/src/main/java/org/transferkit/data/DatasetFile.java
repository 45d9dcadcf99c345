package org.transferkit.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;

/**
 * One data file as a catalogue records it (an image dataset's IDX file in {@code datasets/catalog.json}, or an
 * application asset's file in {@code datasets/applications/catalog.json}), and the check of a file on disk against
 * that record.
 *
 * @param role          what the file holds in its dataset, e.g. {@code images}, {@code labels}, {@code reviews}
 * @param path          path relative to the catalogue's folder, e.g. {@code mnist/images-idx3-ubyte.gz}
 * @param bytes         size of the file
 * @param sha256        SHA-256 of the file
 * @param contentSha256 SHA-256 of the decompressed bytes of a gzip file; null or empty for a file that is not gzip
 */
public record DatasetFile(String role, String path, long bytes, String sha256, String contentSha256) {

    /**
     * Outcome of checking one file: ok (with its decompressed bytes when asked for), or a problem in words.
     *
     * @param file    the absolute path checked
     * @param present whether the file exists
     * @param ok      whether it matches the catalogue
     * @param problem what is wrong, or null
     * @param content the decompressed bytes of a gzip file, when asked for; else null
     */
    public record Check(Path file, boolean present, boolean ok, String problem, byte[] content) {
    }

    /** Whether the file is gzip-compressed, that is, the catalogue records the SHA-256 of its content. */
    public boolean gzip() {
        return contentSha256 != null && !contentSha256.isEmpty();
    }

    /**
     * Checks the file in {@code folder}: present, then the SHA-256 of the file, else (a different zlib may compress the
     * same data differently) the SHA-256 of its decompressed content. With {@code wantContent} false the file is
     * streamed and a file whose SHA-256 matches is accepted without decompressing it (the check then has no content);
     * with {@code wantContent} true a gzip file's decompressed bytes come with the check. Never throws for a bad file.
     */
    public Check check(Path folder, boolean wantContent) {
        Path file = folder.resolve(path).toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            return new Check(file, false, false, "missing", null);
        }
        byte[] whole = null;
        String fileSha;
        try {
            if (wantContent) {
                whole = Files.readAllBytes(file);
                fileSha = sha256(whole);
            } else {
                fileSha = sha256(file);
            }
        } catch (IOException e) {
            return new Check(file, true, false, "unreadable (" + e.getMessage() + ")", null);
        }
        boolean fileShaOk = fileSha.equals(sha256);
        if (fileShaOk && !(wantContent && gzip())) {
            return new Check(file, true, true, null, null);
        }
        if (!gzip()) {
            return new Check(file, true, false, "damaged: checksum mismatch: SHA-256 " + fileSha + ", catalogue expects "
                    + sha256, null);
        }
        byte[] content = null;
        String contentSha;
        try {
            if (wantContent) {
                content = Gzip.gunzip(whole);
                contentSha = sha256(content);
            } else {
                try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
                    contentSha = sha256(in);
                }
            }
        } catch (IOException e) {
            return new Check(file, true, false, "damaged: not a complete gzip file, truncated or corrupted ("
                    + e.getMessage() + ")", null);
        }
        if (!fileShaOk && !contentSha.equals(contentSha256)) {
            return new Check(file, true, false, "damaged: checksum mismatch: SHA-256 " + fileSha + ", catalogue expects "
                    + sha256 + " (content " + contentSha + ", expected " + contentSha256 + ")", null);
        }
        return new Check(file, true, true, null, content);
    }

    /** Lower-case hex SHA-256 of some bytes, as the catalogues record it. */
    public static String sha256(byte[] data) {
        return HexFormat.of().formatHex(digest().digest(data));
    }

    /** Lower-case hex SHA-256 of a file, read as a stream. */
    public static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return sha256(in);
        }
    }

    /** Lower-case hex SHA-256 of what {@code in} holds, read to its end. */
    public static String sha256(InputStream in) throws IOException {
        MessageDigest md = digest();
        byte[] buffer = new byte[1 << 16];
        for (int n; (n = in.read(buffer)) > 0; ) {
            md.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
