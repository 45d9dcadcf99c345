package org.transferkit.multitask;

import java.util.Random;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Seeded minibatch row indices for fixed-step training: rows are shuffled once per pass and cut into full batches
 * (the short remainder of a pass is skipped), then reshuffled. Same seed, same sequence of batches.
 */
final class BatchSampler {

    private final int n;
    private final int batchSize;
    private final Random random;
    private final int[] order;
    private int position;

    BatchSampler(int n, int batchSize, long seed) {
        if (n <= 0) {
            throw new IllegalArgumentException("expected a non-empty dataset, got 0 examples");
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("expected batchSize > 0, got " + batchSize);
        }
        this.n = n;
        this.batchSize = Math.min(batchSize, n);
        this.random = new Random(seed);
        this.order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        reshuffle();
    }

    /** Effective batch size (the requested size, capped at the number of examples). */
    int batchSize() {
        return batchSize;
    }

    /** Row indices of the next minibatch. */
    int[] next() {
        if (position + batchSize > n) {
            reshuffle();
        }
        int[] idx = new int[batchSize];
        System.arraycopy(order, position, idx, 0, batchSize);
        position += batchSize;
        return idx;
    }

    private void reshuffle() {
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        position = 0;
    }

    /**
     * The given rows of a matrix, as a new array. Uses one native gather ({@code Nd4j.pullRows}) for matrices:
     * {@code INDArray.getRows(int[])} copies row by row, many times slower (docs/performance.md, the batch-gather
     * lever), enough to double the time of a small MLP's training step.
     */
    static INDArray rows(INDArray a, int[] idx) {
        if (a == null) {
            return null;
        }
        if (a.rank() == 2 && idx.length > 0) {
            return Nd4j.pullRows(a, 1, idx);
        }
        return a.getRows(idx);
    }

    static INDArray[] rows(INDArray[] arrays, int[] idx) {
        if (arrays == null) {
            return null;
        }
        INDArray[] out = new INDArray[arrays.length];
        for (int i = 0; i < arrays.length; i++) {
            out[i] = rows(arrays[i], idx);
        }
        return out;
    }

    /** The given rows of every array (features, labels, masks) of a multi-dataset. */
    static MultiDataSet rows(org.nd4j.linalg.dataset.api.MultiDataSet data, int[] idx) {
        return new MultiDataSet(rows(data.getFeatures(), idx), rows(data.getLabels(), idx),
                rows(data.getFeaturesMaskArrays(), idx), rows(data.getLabelsMaskArrays(), idx));
    }

    /** The given rows of a dataset (features, labels, masks). */
    static DataSet rows(DataSet data, int[] idx) {
        return new DataSet(rows(data.getFeatures(), idx), rows(data.getLabels(), idx),
                rows(data.getFeaturesMaskArray(), idx), rows(data.getLabelsMaskArray(), idx));
    }

    static int numExamples(org.nd4j.linalg.dataset.api.MultiDataSet data) {
        if (data == null || data.getFeatures() == null || data.getFeatures().length == 0
                || data.getFeatures(0) == null) {
            throw new IllegalArgumentException("expected a MultiDataSet with features, got none");
        }
        return (int) data.getFeatures(0).size(0);
    }
}
