package org.transferkit.transfer;

import org.transferkit.Arguments;

import java.util.Random;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The mini-batches {@link org.transferkit.training.Trainer#fitSteps} draws, for training loops that need their own
 * step (the L2-SP penalty): the indices 0..n-1 are shuffled with {@code new Random(seed)} and consumed
 * {@code min(batchSize, n)} at a time; when the shuffle is used up it is reshuffled (same generator) and the batch
 * continues into the new order, so every batch is full and the same seed gives exactly the Trainer's batches.
 */
final class MiniBatches {
    private final DataSet data;
    private final Random random;
    private final int[] order;
    private final int[] batch;
    private int position;

    MiniBatches(DataSet data, int batchSize, long seed) {
        Arguments.labelled(data, "training data");
        Arguments.positive(batchSize, "batchSize");
        this.data = data;
        this.order = new int[data.numExamples()];
        this.batch = new int[Math.min(batchSize, order.length)];
        this.random = new Random(seed);
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        shuffle();
    }

    /** The next mini-batch (a copy of the selected rows). */
    DataSet next() {
        for (int k = 0; k < batch.length; k++) {
            if (position == order.length) {
                shuffle();
            }
            batch[k] = order[position++];
        }
        return new DataSet(Nd4j.pullRows(data.getFeatures(), 1, batch), Nd4j.pullRows(data.getLabels(), 1, batch));
    }

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
