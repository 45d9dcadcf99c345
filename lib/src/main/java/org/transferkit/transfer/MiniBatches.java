package org.transferkit.transfer;

import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Seeded shuffled mini-batches for "fit for a fixed number of optimisation steps": the examples are shuffled with
 * {@code new Random(seed)}, consumed {@code batchSize} at a time, and reshuffled (same generator) when fewer than
 * {@code batchSize} remain, so every batch has exactly {@code min(batchSize, n)} examples.
 */
// MERGE: use Trainer.fitSteps (same semantics: `steps` optimisation steps on seeded shuffled mini-batches)
final class MiniBatches {
    private final DataSet data;
    private final int batchSize;
    private final Random random;
    private final int[] order;
    private int position;

    MiniBatches(DataSet data, int batchSize, long seed) {
        Checks.nonEmpty(data, "training data");
        Checks.positive(batchSize, "batchSize");
        this.data = data;
        this.order = new int[data.numExamples()];
        this.batchSize = Math.min(batchSize, order.length);
        this.random = new Random(seed);
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        shuffle();
    }

    /** The next mini-batch (a copy of the selected rows). */
    DataSet next() {
        if (position + batchSize > order.length) {
            shuffle();
        }
        int[] rows = new int[batchSize];
        System.arraycopy(order, position, rows, 0, batchSize);
        position += batchSize;
        INDArray features = Nd4j.pullRows(data.getFeatures(), 1, rows);
        INDArray labels = Nd4j.pullRows(data.getLabels(), 1, rows);
        return new DataSet(features, labels);
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
