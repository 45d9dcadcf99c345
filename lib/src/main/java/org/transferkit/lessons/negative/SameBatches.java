package org.transferkit.lessons.negative;

import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Seeded mini-batch indices that every arm of a comparison can replay: with the same seed, the scratch model, the
 * fine-tuned models, the L2-SP models and the frozen-feature heads all see the same examples in the same order, so
 * the per-seed differences between arms come from the arms, not from the batches. The order is a shuffle of
 * 0..n-1 with {@code new Random(seed)}, consumed {@code batchSize} at a time; a batch that crosses the end of a
 * shuffle continues into the next one (the same semantics as {@link org.transferkit.training.Trainer}), so every
 * batch has exactly {@code batchSize} examples.
 */
public final class SameBatches {
    private final int n;
    private final int batchSize;
    private final long seed;

    /**
     * @param n         number of training examples (at least 1)
     * @param batchSize examples per batch (at least 1; may exceed n, rows then repeat within a batch)
     * @param seed      seed of the shuffles
     */
    public SameBatches(int n, int batchSize, long seed) {
        if (n < 1) {
            throw new IllegalArgumentException("expected at least 1 training example, got " + n);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        this.n = n;
        this.batchSize = batchSize;
        this.seed = seed;
    }

    /** Examples per batch. */
    public int batchSize() {
        return batchSize;
    }

    /** The row indices of the first {@code steps} batches, {@code [steps][batchSize]}; the same on every call. */
    public int[][] indices(int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be >= 1, got " + steps);
        }
        Random random = new Random(seed);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        shuffle(order, random);
        int pos = 0;
        int[][] batches = new int[steps][batchSize];
        for (int s = 0; s < steps; s++) {
            for (int k = 0; k < batchSize; k++) {
                if (pos == n) {
                    shuffle(order, random);
                    pos = 0;
                }
                batches[s][k] = order[pos++];
            }
        }
        return batches;
    }

    /** The rows {@code idx} of {@code data} as a new DataSet (features of any rank, one-hot labels [n, C]). */
    public static DataSet rows(DataSet data, int[] idx) {
        INDArray f = data.getFeatures();
        INDArray l = data.getLabels();
        if (f.rank() == 2 && l.rank() == 2) {
            return new DataSet(Nd4j.pullRows(f, 1, idx), Nd4j.pullRows(l, 1, idx));
        }
        return data.get(idx);
    }

    private static void shuffle(int[] order, Random random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }
}
