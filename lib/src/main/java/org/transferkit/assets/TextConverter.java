package org.transferkit.assets;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.stream.JsonReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.transferkit.data.Gzip;

/**
 * Converts the labelled text sources (IMDB reviews, Amazon fine-food reviews, SpamAssassin mail) into the kit's text
 * files: gzip UTF-8 TSV with a header {@code label<TAB>text}, one record per line in the source's order, the text
 * cleaned by {@link #cleanText(String)}. Each method returns the converted files by role ({@link AssetSpec.FileSpec}).
 */
final class TextConverter {

    private static final Pattern LINE_BREAK_TAG = Pattern.compile("(?i)<br\\s*/?>");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private TextConverter() {
    }

    /** IMDB: {@code package/reviews.json}, an array of {@code {t: text, s: 0|1}}, streamed. */
    static Map<String, byte[]> imdb(Path packageDir) throws IOException {
        AssetSpec.FileSpec spec = AssetSpec.named("imdb").file("reviews");
        Path json = packageDir.resolve("reviews.json");
        StringBuilder tsv = header();
        int count = 0;
        try (JsonReader in = new JsonReader(Files.newBufferedReader(json, StandardCharsets.UTF_8))) {
            in.beginArray();
            while (in.hasNext()) {
                String text = null;
                int label = -1;
                in.beginObject();
                while (in.hasNext()) {
                    switch (in.nextName()) {
                        case "t" -> text = in.nextString();
                        case "s" -> label = (int) in.nextDouble();
                        default -> in.skipValue();
                    }
                }
                in.endObject();
                if (text == null || (label != 0 && label != 1)) {
                    throw new IOException(json + ": a review without text or with a label other than 0/1");
                }
                count++;
                append(tsv, label, text);
            }
            in.endArray();
        }
        spec.requireRows(json, count);
        return Map.of(spec.role(), gzip(tsv));
    }

    /** Fine foods: {@code train.tsv} and {@code test.tsv} written by Rscript (columns product, review, score). */
    static Map<String, byte[]> fineFoods(Path exportDir) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (AssetSpec.FileSpec spec : AssetSpec.named("fine-foods").files()) {
            Path file = exportDir.resolve(spec.role() + ".tsv");
            List<String[]> rows = Tsv.readExport(file, List.of("product", "review", "score"));
            StringBuilder tsv = header();
            for (String[] row : rows) {
                int label = switch (row[2]) {
                    case "great" -> 1;
                    case "other" -> 0;
                    default -> throw new IOException(file + ": score '" + row[2] + "' is neither great nor other");
                };
                append(tsv, label, row[1]);
            }
            spec.requireRows(file, rows.size());
            out.put(spec.role(), gzip(tsv));
        }
        return out;
    }

    /**
     * SpamAssassin: one JSON file per message ({@code {id, group, checksum, text}}) in
     * {@code data/<collection>/}, listed in {@code data/file_list.json}; one converted file per collection.
     */
    static Map<String, byte[]> spamAssassin(Path packageDir) throws IOException {
        List<AssetSpec.FileSpec> collections = AssetSpec.named("spam-assassin").files();
        Path listFile = packageDir.resolve("data/file_list.json");
        Map<String, StringBuilder> tsv = new LinkedHashMap<>();
        Map<String, Integer> counts = new HashMap<>();
        collections.forEach(c -> tsv.put(c.role(), header()));
        for (JsonElement entry : readJson(listFile, JsonArray.class)) {
            String txt = entry.getAsString();
            String group = txt.substring(0, txt.indexOf('/'));
            if (!tsv.containsKey(group)) {
                throw new IOException(listFile + ": unknown collection " + group);
            }
            Path file = packageDir.resolve("data").resolve(txt.replaceFirst("\\.txt$", ".json"));
            JsonObject message = readJson(file, JsonObject.class);
            JsonElement text = message.get("text");
            JsonElement messageGroup = message.get("group");
            if (text == null || !text.isJsonPrimitive() || messageGroup == null
                    || !group.equals(messageGroup.getAsString())) {
                throw new IOException(file + ": no text, or a group other than " + group);
            }
            append(tsv.get(group), group.startsWith("spam") ? 1 : 0, subjectAndBody(text.getAsString()));
            counts.merge(group, 1, Integer::sum);
        }
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (AssetSpec.FileSpec c : collections) {
            c.requireRows(listFile, counts.getOrDefault(c.role(), 0));
            out.put(c.role(), gzip(tsv.get(c.role())));
        }
        return out;
    }

    /** A raw e-mail's Subject header value (empty when none), a space, and its body (after the first empty line). */
    static String subjectAndBody(String message) {
        String m = message.replace("\r\n", "\n");
        int split = m.indexOf("\n\n");
        String headers = split < 0 ? m : m.substring(0, split);
        String body = split < 0 ? "" : m.substring(split + 2);
        String subject = "";
        String[] lines = headers.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].regionMatches(true, 0, "Subject:", 0, 8)) {
                StringBuilder sb = new StringBuilder(lines[i].substring(8));
                for (int j = i + 1; j < lines.length && (lines[j].startsWith(" ") || lines[j].startsWith("\t")); j++) {
                    sb.append(' ').append(lines[j]); // folded header line
                }
                subject = sb.toString().trim();
                break;
            }
        }
        return subject + " " + body;
    }

    /** HTML line breaks and runs of white space become one space; the result is trimmed. */
    static String cleanText(String text) {
        String t = LINE_BREAK_TAG.matcher(text).replaceAll(" ");
        return SPACES.matcher(t).replaceAll(" ").trim();
    }

    private static StringBuilder header() {
        return new StringBuilder("label\ttext\n");
    }

    private static void append(StringBuilder tsv, int label, String text) {
        tsv.append(label).append('\t').append(cleanText(text)).append('\n');
    }

    private static byte[] gzip(StringBuilder tsv) {
        return Gzip.gzip(tsv.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** A whole small JSON file through Gson; IOException naming the file when it is not a {@code type}. */
    private static <T extends JsonElement> T readJson(Path file, Class<T> type) throws IOException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            JsonElement e = new Gson().fromJson(in, JsonElement.class);
            if (!type.isInstance(e)) {
                throw new IOException(file + ": not a " + type.getSimpleName());
            }
            return type.cast(e);
        } catch (RuntimeException e) {
            throw new IOException(file + ": not valid JSON (" + e.getMessage() + ")", e);
        }
    }
}
