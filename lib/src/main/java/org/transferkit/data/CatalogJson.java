package org.transferkit.data;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The JSON of the kit's catalogues ({@code datasets/catalog.json}, {@code datasets/applications/catalog.json}) through
 * Gson: reading a catalogue with typed field access whose errors name the field, and writing one in a fixed layout
 * (two-space indentation, arrays of numbers or short strings on one line), so that rewriting an unchanged catalogue
 * gives the same bytes and a change shows as a small diff.
 */
public final class CatalogJson {

    private CatalogJson() {
    }

    /** Parses a catalogue file; IOException when unreadable, a Gson exception when it is not JSON. */
    public static JsonObject read(Path file) throws IOException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return object(new Gson().fromJson(in, JsonElement.class), "catalogue");
        }
    }

    /** {@code e} as an object; IllegalArgumentException naming {@code what} otherwise. */
    public static JsonObject object(JsonElement e, String what) {
        if (e == null || !e.isJsonObject()) {
            throw new IllegalArgumentException("catalogue: " + what + " is not an object");
        }
        return e.getAsJsonObject();
    }

    /** The array {@code o.key}; IllegalArgumentException naming the key when it is absent or not an array. */
    public static JsonArray array(JsonObject o, String key) {
        if (!(o.get(key) instanceof JsonArray a)) {
            throw new IllegalArgumentException("catalogue: " + key + " is not an array");
        }
        return a;
    }

    /** The string {@code o.key}; IllegalArgumentException naming the key when it is absent or not a string. */
    public static String text(JsonObject o, String key) {
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw new IllegalArgumentException("catalogue: missing text field '" + key + "'");
        }
        return e.getAsString();
    }

    /** The string {@code o.key}, or "" when it is absent or null. */
    public static String optionalText(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? "" : e.getAsString();
    }

    /** The number {@code o.key}; IllegalArgumentException naming the key when it is absent or not a number. */
    public static long number(JsonObject o, String key) {
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw new IllegalArgumentException("catalogue: missing number field '" + key + "'");
        }
        return e.getAsLong();
    }

    /** The boolean {@code o.key}, false when it is absent. */
    public static boolean flag(JsonObject o, String key) {
        return o.has(key) && o.get(key).getAsBoolean();
    }

    /** JSON text in the catalogues' layout, without a final newline. */
    public static String format(JsonElement root) {
        StringWriter text = new StringWriter();
        try (JsonWriter out = new JsonWriter(text)) {
            out.setIndent("  ");
            write(root, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    private static void write(JsonElement e, JsonWriter out) throws IOException {
        if (e.isJsonObject()) {
            out.beginObject();
            for (Map.Entry<String, JsonElement> m : e.getAsJsonObject().entrySet()) {
                out.name(m.getKey());
                write(m.getValue(), out);
            }
            out.endObject();
        } else if (e.isJsonArray() && isFlat(e.getAsJsonArray())) {
            StringJoiner items = new StringJoiner(", ", "[", "]");
            e.getAsJsonArray().forEach(item -> items.add(item.toString()));
            out.jsonValue(items.toString());
        } else if (e.isJsonArray()) {
            out.beginArray();
            for (JsonElement item : e.getAsJsonArray()) {
                write(item, out);
            }
            out.endArray();
        } else if (e.isJsonNull()) {
            out.nullValue();
        } else {
            JsonPrimitive p = e.getAsJsonPrimitive();
            if (p.isString()) {
                out.value(p.getAsString());
            } else if (p.isNumber()) {
                out.value(p.getAsNumber());
            } else {
                out.value(p.getAsBoolean());
            }
        }
    }

    /** Arrays of numbers or of short strings fit on one line. */
    private static boolean isFlat(JsonArray a) {
        for (JsonElement item : a) {
            boolean flat = item.isJsonPrimitive() && (item.getAsJsonPrimitive().isNumber()
                    || item.getAsJsonPrimitive().isString() && item.getAsString().length() < 20);
            if (!flat) {
                return false;
            }
        }
        return true;
    }
}
