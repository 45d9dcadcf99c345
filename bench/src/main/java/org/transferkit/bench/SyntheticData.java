package org.transferkit.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Seeded random data of the right shapes for throughput measurements: the speed of a training step does not depend
 * on what the numbers are, so no dataset has to be downloaded. Same seed, same numbers.
 */
public final class SyntheticData {

    private SyntheticData() {
    }

    /** A float matrix {@code [rows, cols]} of uniform values in [0, 1), like pixel intensities. */
    public static INDArray uniform(int rows, int cols, long seed) {
        positive(rows, "rows");
        positive(cols, "cols");
        Random r = new Random(seed);
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextFloat();
        }
        return Nd4j.create(v, new long[] {rows, cols}, 'c');
    }

    /** One-hot labels {@code [rows, classes]} with uniformly drawn classes. */
    public static INDArray oneHot(int rows, int classes, long seed) {
        positive(rows, "rows");
        if (classes < 2) {
            throw new IllegalArgumentException("classes must be at least 2, got " + classes);
        }
        Random r = new Random(seed);
        float[] v = new float[rows * classes];
        for (int i = 0; i < rows; i++) {
            v[i * classes + r.nextInt(classes)] = 1f;
        }
        return Nd4j.create(v, new long[] {rows, classes}, 'c');
    }

    /** A classification set: {@code n} flat images of {@code width} features, {@code classes} one-hot labels. */
    public static DataSet classification(int n, int width, int classes, long seed) {
        return new DataSet(uniform(n, width, seed), oneHot(n, classes, seed + 1));
    }

    /**
     * The data shuffled once (seeded) and cut into full minibatches, each its own array: what a plain DL4J loop over
     * an in-memory iterator hands to {@code fit}, without any per-step gathering.
     */
    public static List<DataSet> batches(DataSet data, int batchSize, long seed) {
        int n = data.numExamples();
        int[] order = order(n, batchSize, seed);
        List<DataSet> out = new ArrayList<>();
        for (int from = 0; from + batchSize <= n; from += batchSize) {
            int[] idx = java.util.Arrays.copyOfRange(order, from, from + batchSize);
            out.add(new DataSet(Nd4j.pullRows(data.getFeatures(), 1, idx), Nd4j.pullRows(data.getLabels(), 1, idx)));
        }
        return out;
    }

    /** {@link #batches(DataSet, int, long)} for a multi-task set (one feature array, several label arrays). */
    public static List<MultiDataSet> batches(MultiDataSet data, int batchSize, long seed) {
        int n = (int) data.getFeatures(0).size(0);
        int[] order = order(n, batchSize, seed);
        List<MultiDataSet> out = new ArrayList<>();
        for (int from = 0; from + batchSize <= n; from += batchSize) {
            int[] idx = java.util.Arrays.copyOfRange(order, from, from + batchSize);
            INDArray[] labels = new INDArray[data.getLabels().length];
            for (int k = 0; k < labels.length; k++) {
                labels[k] = Nd4j.pullRows(data.getLabels(k), 1, idx);
            }
            out.add(new MultiDataSet(new INDArray[] {Nd4j.pullRows(data.getFeatures(0), 1, idx)}, labels));
        }
        return out;
    }

    private static int[] order(int n, int batchSize, long seed) {
        if (batchSize < 1 || batchSize > n) {
            throw new IllegalArgumentException("batchSize must be between 1 and " + n + ", got " + batchSize);
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Random r = new Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    private static void positive(int v, String what) {
        if (v < 1) {
            throw new IllegalArgumentException(what + " must be at least 1, got " + v);
        }
    }
}
