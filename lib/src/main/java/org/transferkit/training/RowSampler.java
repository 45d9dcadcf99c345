package org.transferkit.training;

import java.util.Random;

/**
 * Seeded minibatch row indices, epoch by epoch without replacement: each pass visits every row once, in a fresh
 * seeded order, and a batch that runs past the end of a pass continues in the next one (no row is skipped). The
 * same seed gives the same sequence of batches. {@link Trainer}, the DANN trainer and the transfer arms with their own
 * step (L2-SP) draw their batches from it.
 *
 * <p>Multi-task training ({@code multitask.MultiTaskTrainer}, {@code SoftSharing}) cuts each pass into full batches
 * instead and skips the short remainder, so that every task's batch has the same size; that is its own sampler.
 */
public final class RowSampler {
    private final int[] order;
    private final Random random;
    private int position;

    /** Rows {@code 0..n-1} in the order of a generator seeded with {@code seed}. */
    public RowSampler(int n, long seed) {
        this(n, new Random(seed));
    }

    /**
     * Rows {@code 0..n-1} shuffled by {@code random}, which may be shared with other samplers (the DANN trainer
     * draws its source and its target batches from one generator).
     */
    public RowSampler(int n, Random random) {
        if (n < 1) {
            throw new IllegalArgumentException("expected at least one row, got " + n);
        }
        this.order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        this.random = random;
        shuffle();
    }

    /** The row indices of the next batch of {@code size} rows (a new array). */
    public int[] next(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("expected a batch of at least one row, got " + size);
        }
        int[] batch = new int[size];
        for (int i = 0; i < size; i++) {
            if (position == order.length) {
                shuffle();
            }
            batch[i] = order[position++];
        }
        return batch;
    }

    /** Fisher-Yates with the seeded generator; starts a new pass. */
    private void shuffle() {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        position = 0;
    }
}
