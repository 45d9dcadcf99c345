package org.transferkit.text;

import java.io.IOException;
import java.nio.BufferOverflowException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.transferkit.assets.AssetCatalog;
import org.transferkit.assets.GloveConverter;
import org.transferkit.data.DatasetException;

/**
 * Pretrained word vectors: a vocabulary in frequency order and one float vector per word, immutable.
 * {@link #glove()} loads GloVe 6B 100d (its 100,000 most frequent words, lower-case) from
 * {@code datasets/applications/glove-6b-100d/vectors.bin}, made at set-up.
 */
public final class WordVectors {

    private static volatile WordVectors glove;

    private final List<String> words;
    private final Map<String, Integer> index;
    private final int dimension;
    private final float[] values; // words.size() x dimension, row-major

    private WordVectors(List<String> words, int dimension, float[] values) {
        this.words = List.copyOf(words);
        this.dimension = dimension;
        this.values = values;
        this.index = new HashMap<>(words.size() * 2);
        for (int i = 0; i < words.size(); i++) {
            index.putIfAbsent(words.get(i), i);
        }
    }

    /** GloVe 6B 100d, 100,000 words (loaded once, checksum checked). */
    public static WordVectors glove() {
        WordVectors v = glove;
        if (v == null) {
            synchronized (WordVectors.class) {
                if (glove == null) {
                    glove = read(AssetCatalog.load().file("glove-6b-100d", "vectors"));
                }
                v = glove;
            }
        }
        return v;
    }

    /**
     * Reads a word-vector file (the kit's binary format, see {@code datasets/applications/README.md}).
     *
     * @throws DatasetException when it is unreadable or not in that format
     */
    public static WordVectors read(Path file) {
        try {
            ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.BIG_ENDIAN);
            if (in.remaining() < 16 || in.getInt() != GloveConverter.VECTORS_MAGIC || in.getInt() != 1) {
                throw AssetCatalog.error(file, "not a word-vector file (no TKWV header)");
            }
            int count = in.getInt();
            int dimension = in.getInt();
            if (count <= 0 || dimension <= 0) {
                throw AssetCatalog.error(file, "damaged (" + count + " words of dimension "
                        + dimension + ")");
            }
            List<String> words = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                byte[] b = new byte[Short.toUnsignedInt(in.getShort())];
                in.get(b);
                words.add(new String(b, StandardCharsets.UTF_8));
            }
            if (in.remaining() != (long) count * dimension * Float.BYTES) {
                throw AssetCatalog.error(file, "damaged (" + in.remaining() + " bytes of"
                        + " vectors, expected " + (long) count * dimension * Float.BYTES + ")");
            }
            float[] values = new float[count * dimension];
            in.asFloatBuffer().get(values);
            return new WordVectors(words, dimension, values);
        } catch (IOException | BufferUnderflowException | BufferOverflowException e) {
            throw AssetCatalog.error(file, "unreadable or truncated (" + e + ")", e);
        }
    }

    /** Builds word vectors from rows of {@code vectors} (one per word); the arrays are copied. */
    public static WordVectors of(List<String> words, float[][] vectors) {
        if (words.size() != vectors.length || vectors.length == 0) {
            throw new IllegalArgumentException(words.size() + " words but " + vectors.length + " vectors");
        }
        int d = vectors[0].length;
        float[] values = new float[words.size() * d];
        for (int i = 0; i < vectors.length; i++) {
            if (vectors[i].length != d) {
                throw new IllegalArgumentException("vector " + i + " has " + vectors[i].length + " values, not " + d);
            }
            System.arraycopy(vectors[i], 0, values, i * d, d);
        }
        return new WordVectors(words, d, values);
    }

    /** Number of words. */
    public int size() {
        return words.size();
    }

    /** Length of every vector. */
    public int dimension() {
        return dimension;
    }

    /** The vocabulary in frequency order (unmodifiable). */
    public List<String> words() {
        return words;
    }

    /** True when {@code word} has a vector. */
    public boolean contains(String word) {
        return index.containsKey(word);
    }

    /** Row of {@code word}, or -1 when it has no vector. */
    public int indexOf(String word) {
        return index.getOrDefault(word, -1);
    }

    /** A copy of row {@code i}'s vector. */
    public float[] vector(int i) {
        return Arrays.copyOfRange(values, i * dimension, (i + 1) * dimension);
    }

    /**
     * A copy of the vector of {@code word}.
     *
     * @throws IllegalArgumentException when the word has none
     */
    public float[] vector(String word) {
        int i = indexOf(word);
        if (i < 0) {
            throw new IllegalArgumentException("no vector for '" + word + "'");
        }
        return vector(i);
    }

    /** Cosine similarity of two words' vectors. */
    public double cosine(String a, String b) {
        return cosine(vector(a), vector(b));
    }

    /** Cosine similarity of two vectors (0 when either is all zeros). */
    public static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }

    /** The {@code k} words nearest to {@code word} by cosine similarity, nearest first, without the word itself. */
    public List<String> nearest(String word, int k) {
        float[] v = vector(word);
        int self = indexOf(word);
        double[] sim = new double[size()];
        for (int i = 0; i < size(); i++) {
            sim[i] = i == self ? Double.NEGATIVE_INFINITY : cosine(v, vector(i));
        }
        return IntStream.range(0, size()).boxed().sorted(Comparator.comparingDouble((Integer i) -> -sim[i]))
                .limit(k).map(words::get).toList();
    }

    /**
     * The mean of the vectors of those {@code tokens} that have one (all zeros when none has): the classic "averaged
     * word vectors" feature of a text.
     */
    public float[] average(Collection<String> tokens) {
        float[] sum = new float[dimension];
        int n = 0;
        for (String t : tokens) {
            int i = indexOf(t);
            if (i >= 0) {
                for (int j = 0; j < dimension; j++) {
                    sum[j] += values[i * dimension + j];
                }
                n++;
            }
        }
        if (n > 0) {
            for (int j = 0; j < dimension; j++) {
                sum[j] /= n;
            }
        }
        return sum;
    }

    /**
     * The vectors of {@code vocabulary} as a new float matrix [vocabulary size, dimension], row {@code i} for word
     * {@code i}; a word without a vector gets a zero row. Use it to initialise an embedding layer for a task's own
     * vocabulary ({@link PretrainedEmbedding}).
     */
    public INDArray matrix(List<String> vocabulary) {
        float[][] rows = new float[vocabulary.size()][];
        for (int r = 0; r < rows.length; r++) {
            int i = indexOf(vocabulary.get(r));
            rows[r] = i >= 0 ? vector(i) : new float[dimension];
        }
        return Nd4j.createFromArray(rows);
    }

    @Override
    public String toString() {
        return "WordVectors[" + size() + " words, dimension " + dimension + "]";
    }
}
