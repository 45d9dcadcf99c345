package org.transferkit.assets;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.transferkit.data.DatasetException;

/**
 * Reads tab-separated files with a header line, then one record per line: the assets' gzip-compressed files (for the
 * loaders), and the plain files that Rscript exports at set-up (for the converters). A file with another header or a
 * line with the wrong number of fields is refused, naming the file and line.
 */
public final class Tsv {

    private Tsv() {
    }

    /** A file whose header or field count is not the expected one. */
    private static final class LayoutException extends IOException {
        LayoutException(String message) {
            super(message);
        }
    }

    /**
     * The records of the gzip-compressed asset {@code file} (fields split on tabs), after checking that its header is
     * {@code header}.
     *
     * @throws DatasetException when the file cannot be read or does not have the expected layout (the message names
     *                          the file and the repair command)
     */
    public static List<String[]> read(Path file, List<String> header) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file), 1 << 16), StandardCharsets.UTF_8), 1 << 16)) {
            return rows(r, header);
        } catch (LayoutException e) {
            throw AssetCatalog.error(file, "not in the expected format (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw AssetCatalog.error(file, "unreadable (" + e.getMessage() + ")", e);
        }
    }

    /**
     * The records of the plain UTF-8 {@code file} that a set-up step exported (R's {@code write.table} with
     * {@code quote = FALSE}), after checking its header; IOException naming the file otherwise.
     */
    static List<String[]> readExport(Path file, List<String> header) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return rows(r, header);
        } catch (LayoutException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    private static List<String[]> rows(BufferedReader r, List<String> header) throws IOException {
        String first = r.readLine();
        if (first == null || !List.of(first.split("\t", -1)).equals(header)) {
            throw new LayoutException("header " + first + ", expected " + String.join("<TAB>", header));
        }
        List<String[]> rows = new ArrayList<>();
        int lineNumber = 1;
        for (String line; (line = r.readLine()) != null; ) {
            lineNumber++;
            String[] fields = line.split("\t", -1);
            if (fields.length != header.size()) {
                throw new LayoutException("line " + lineNumber + " has " + fields.length + " fields, expected "
                        + header.size());
            }
            rows.add(fields);
        }
        return rows;
    }
}
