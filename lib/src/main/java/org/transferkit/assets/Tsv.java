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

/**
 * Reads the assets' gzip-compressed, tab-separated files: a header line, then one record per line. Any problem (not
 * gzip, another header, a line with the wrong number of fields) is an {@link AssetException} naming the file and line.
 */
public final class Tsv {

    private Tsv() {
    }

    /**
     * The records of {@code file} (fields split on tabs), after checking that its header is {@code header}.
     *
     * @throws AssetException when the file cannot be read or does not have the expected layout
     */
    public static List<String[]> read(Path file, List<String> header) {
        List<String[]> rows = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file), 1 << 16), StandardCharsets.UTF_8), 1 << 16)) {
            String first = r.readLine();
            if (first == null || !List.of(first.split("\t", -1)).equals(header)) {
                throw new AssetException(AssetException.describe(file, "not in the expected format (header "
                        + first + ", expected " + String.join("<TAB>", header) + ")"), file);
            }
            int lineNumber = 1;
            for (String line; (line = r.readLine()) != null; ) {
                lineNumber++;
                String[] fields = line.split("\t", -1);
                if (fields.length != header.size()) {
                    throw new AssetException(AssetException.describe(file, "not in the expected format (line "
                            + lineNumber + " has " + fields.length + " fields, expected " + header.size() + ")"), file);
                }
                rows.add(fields);
            }
        } catch (IOException e) {
            throw new AssetException(AssetException.describe(file, "unreadable (" + e.getMessage() + ")"), file, e);
        }
        return rows;
    }
}
