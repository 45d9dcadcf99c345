package org.transferkit.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Feature rows for linear text classifiers, stored sparsely (each row its own column indices and values), so that
 * a bag of words over thousands of words and a dense 100-dimensional vector per text go through the same
 * {@link LogisticRegression}. Immutable.
 *
 * <ul>
 *   <li>{@link #averagedVectors}: the mean of the word vectors of each text, scaled to unit length (feature-based
 *       transfer from pretrained word vectors);</li>
 *   <li>{@link #bagOfWords}: the word counts of each text over a vocabulary, scaled to unit length;</li>
 *   <li>{@link #dense}: any dense rows, e.g. sentence embeddings.</li>
 * </ul>
 */
public final class TextFeatures {

    /** Per-column mean and standard deviation, learned on some rows and applied to others ({@link #standardise}). */
    public record Scaling(double[] mean, double[] sd) {
    }

    private final int dimension;
    private final int[][] index;
    private final float[][] value;

    private TextFeatures(int dimension, int[][] index, float[][] value) {
        this.dimension = dimension;
        this.index = index;
        this.value = value;
    }

    /** Dense rows (all of the same length), copied. */
    public static TextFeatures dense(float[][] rows) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("no rows");
        }
        int d = rows[0].length;
        int[] all = new int[d];
        for (int j = 0; j < d; j++) {
            all[j] = j;
        }
        int[][] index = new int[rows.length][];
        float[][] value = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != d) {
                throw new IllegalArgumentException("row " + i + " has " + rows[i].length + " values, not " + d);
            }
            index[i] = all;
            value[i] = rows[i].clone();
        }
        return new TextFeatures(d, index, value);
    }

    /** The words of each text ({@link WordTokenizer#words}). */
    public static List<List<String>> tokens(TextDataset texts) {
        List<List<String>> out = new ArrayList<>(texts.size());
        texts.texts().forEach(t -> out.add(WordTokenizer.words(t)));
        return out;
    }

    /**
     * The averaged word vectors of each text ({@link WordVectors#average}), scaled to unit length: one dense row of
     * {@code vectors.dimension()} values per text (all zeros for a text without a known word).
     */
    public static TextFeatures averagedVectors(WordVectors vectors, List<List<String>> tokens) {
        float[][] rows = new float[tokens.size()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = unit(vectors.average(tokens.get(i)));
        }
        return dense(rows);
    }

    /** The words of {@code tokens} numbered in order of first appearance: a bag-of-words vocabulary. */
    public static Map<String, Integer> vocabulary(List<List<String>> tokens) {
        Map<String, Integer> v = new LinkedHashMap<>();
        tokens.forEach(doc -> doc.forEach(t -> v.putIfAbsent(t, v.size())));
        return v;
    }

    /**
     * The bag of words of each text over {@code vocabulary}: the count of each vocabulary word (other words are
     * ignored), the row scaled to unit length.
     */
    public static TextFeatures bagOfWords(Map<String, Integer> vocabulary, List<List<String>> tokens) {
        int[][] index = new int[tokens.size()][];
        float[][] value = new float[tokens.size()][];
        for (int i = 0; i < index.length; i++) {
            Map<Integer, Integer> counts = new HashMap<>();
            for (String t : tokens.get(i)) {
                Integer c = vocabulary.get(t);
                if (c != null) {
                    counts.merge(c, 1, Integer::sum);
                }
            }
            int[] idx = counts.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
            float[] val = new float[idx.length];
            for (int k = 0; k < idx.length; k++) {
                val[k] = counts.get(idx[k]);
            }
            index[i] = idx;
            value[i] = unit(val);
        }
        return new TextFeatures(vocabulary.size(), index, value);
    }

    /** Number of rows. */
    public int size() {
        return index.length;
    }

    /** Number of columns. */
    public int dimension() {
        return dimension;
    }

    /** Column indices of row {@code i}'s stored values (shared; do not modify). */
    int[] index(int i) {
        return index[i];
    }

    /** Stored values of row {@code i} (shared; do not modify). */
    float[] value(int i) {
        return value[i];
    }

    /** Row {@code i} as a dense array. */
    public float[] row(int i) {
        float[] r = new float[dimension];
        for (int k = 0; k < index[i].length; k++) {
            r[index[i][k]] = value[i][k];
        }
        return r;
    }

    /** The rows at {@code rows}, in that order. */
    public TextFeatures select(int[] rows) {
        int[][] idx = new int[rows.length][];
        float[][] val = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            idx[i] = index[rows[i]];
            val[i] = value[rows[i]];
        }
        return new TextFeatures(dimension, idx, val);
    }

    /** Per-column mean and standard deviation of these rows (dense features; a constant column gets sd 1). */
    public Scaling scaling() {
        double[] mean = new double[dimension];
        double[] sd = new double[dimension];
        for (int i = 0; i < size(); i++) {
            for (int k = 0; k < index[i].length; k++) {
                mean[index[i][k]] += value[i][k];
            }
        }
        for (int j = 0; j < dimension; j++) {
            mean[j] /= size();
        }
        for (int i = 0; i < size(); i++) {
            float[] r = row(i);
            for (int j = 0; j < dimension; j++) {
                sd[j] += (r[j] - mean[j]) * (r[j] - mean[j]);
            }
        }
        for (int j = 0; j < dimension; j++) {
            sd[j] = Math.sqrt(sd[j] / size());
            if (sd[j] < 1e-9) {
                sd[j] = 1;
            }
        }
        return new Scaling(mean, sd);
    }

    /**
     * Dense rows with every column centred and scaled by {@code s} (learned on other rows, e.g. the labelled ones),
     * then divided by the square root of the dimension, so that a row's squared length is about 1 whatever the
     * dimension.
     */
    public TextFeatures standardise(Scaling s) {
        if (s.mean().length != dimension) {
            throw new IllegalArgumentException("scaling of " + s.mean().length + " columns for " + dimension);
        }
        float[][] rows = new float[size()][];
        double root = Math.sqrt(dimension);
        for (int i = 0; i < size(); i++) {
            float[] r = row(i);
            for (int j = 0; j < dimension; j++) {
                r[j] = (float) ((r[j] - s.mean()[j]) / s.sd()[j] / root);
            }
            rows[i] = r;
        }
        return dense(rows);
    }

    /** {@code v} scaled to unit length in place (left as it is when all zeros); returns it. */
    public static float[] unit(float[] v) {
        double n = 0;
        for (float x : v) {
            n += x * x;
        }
        if (n > 0) {
            float s = (float) (1 / Math.sqrt(n));
            for (int i = 0; i < v.length; i++) {
                v[i] *= s;
            }
        }
        return v;
    }

    @Override
    public String toString() {
        return "TextFeatures[" + size() + " rows, " + dimension + " columns]";
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TextFeatures f) || f.dimension != dimension || f.size() != size()) {
            return false;
        }
        for (int i = 0; i < size(); i++) {
            if (!Arrays.equals(row(i), f.row(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return 31 * dimension + size();
    }
}
