package org.transferkit.transfer;

import org.transferkit.Arguments;
import org.transferkit.training.RowSampler;

import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The mini-batches {@link org.transferkit.training.Trainer#fitSteps} draws, for training loops that need their own
 * step (the L2-SP penalty): rows from a {@link RowSampler} with the same seed, {@code min(batchSize, n)} at a time,
 * so the same seed gives exactly the Trainer's batches.
 */
final class MiniBatches {
    private final DataSet data;
    private final RowSampler rows;
    private final int batchSize;

    MiniBatches(DataSet data, int batchSize, long seed) {
        Arguments.labelled(data, "training data");
        Arguments.positive(batchSize, "batchSize");
        this.data = data;
        this.batchSize = Math.min(batchSize, data.numExamples());
        this.rows = new RowSampler(data.numExamples(), seed);
    }

    /** The next mini-batch (a copy of the selected rows). */
    DataSet next() {
        int[] batch = rows.next(batchSize);
        return new DataSet(Nd4j.pullRows(data.getFeatures(), 1, batch), Nd4j.pullRows(data.getLabels(), 1, batch));
    }
}
