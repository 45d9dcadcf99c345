package org.transferkit.transfer;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.transferkit.Arguments;
import org.transferkit.data.FewShot;
import org.transferkit.data.ImageDataset;
import org.transferkit.training.Trainer;

/**
 * The k-shot target protocol shared by the transfer lessons: for a seed and a k, draw k labelled images per class
 * from the target's training pool, train a {@link TargetArm} on them for a fixed number of steps with batches of
 * {@code min(maxBatch, n)}, and measure its accuracy on the evaluation set. Every arm run with the same (k, seed) gets
 * the same images, the same initialisation seed and the same batches, so arms are compared in pairs.
 *
 * @param pool       the target's labelled training images to sample from
 * @param evaluation where accuracy is measured (a validation split while choosing, the test split once for reporting)
 * @param steps      optimisation steps of every arm
 * @param maxBatch   the largest batch (smaller training sets are one batch)
 */
public record KShotProtocol(ImageDataset pool, DataSet evaluation, int steps, int maxBatch) {

    /** Validates the arguments. */
    public KShotProtocol {
        if (pool == null) {
            throw new IllegalArgumentException("expected the target's training pool");
        }
        Arguments.labelled(evaluation, "evaluation set");
        Arguments.positive(steps, "steps");
        Arguments.positive(maxBatch, "maxBatch");
    }

    /** The k labelled images per class of seed {@code seed} (the same for every arm). */
    public DataSet sample(int k, long seed) {
        return FewShot.sample(pool, k, sampleSeed(k, seed)).labelled().toDataSet();
    }

    /** Examples per step for a training set of {@code n} images. */
    public int batchSize(int n) {
        return Math.min(maxBatch, n);
    }

    /** Trains {@code arm} from {@code source} on the k-shot sample of {@code seed}. */
    public MultiLayerNetwork train(TargetArm arm, MultiLayerNetwork source, int k, long seed) {
        DataSet train = sample(k, seed);
        return arm.train(source, train, steps, batchSize(train.numExamples()), sampleSeed(k, seed) + 1);
    }

    /** Accuracy on {@link #evaluation} of {@code arm} trained from {@code source} on the k-shot sample of {@code seed}. */
    public double accuracy(TargetArm arm, MultiLayerNetwork source, int k, long seed) {
        DataSet train = sample(k, seed);
        MultiLayerNetwork net = arm.train(source, train, steps, batchSize(train.numExamples()), sampleSeed(k, seed) + 1);
        try {
            return Trainer.accuracy(net, evaluation);
        } finally {
            // a grid trains hundreds of networks: free their off-heap memory now rather than at the next collection
            net.close();
            for (INDArray a : new INDArray[] {train.getFeatures(), train.getLabels()}) {
                if (a.closeable()) {
                    a.close();
                }
            }
        }
    }

    /**
     * Accuracy on {@link #evaluation} of {@code arm} after each number of steps in {@code checkpoints}, measured along
     * one run of the largest: for an arm with a constant learning rate the network after s steps of that run is the
     * network {@link #accuracy} trains with {@code steps = s} (the same initial weights and the same first s
     * batches). Works for {@link TargetArm.Scratch}, {@link TargetArm.Probe}, {@link TargetArm.FineTune} and
     * {@link TargetArm.FineTuneL2SP}; the {@link #steps} of this protocol are not used.
     *
     * @param checkpoints step counts, increasing, each at least 1
     * @return the accuracies, in the order of {@code checkpoints}
     */
    public double[] accuracyCurve(TargetArm arm, MultiLayerNetwork source, int k, long seed, int... checkpoints) {
        if (checkpoints == null || checkpoints.length == 0) {
            throw new IllegalArgumentException("expected at least one checkpoint (a number of steps)");
        }
        for (int i = 0; i < checkpoints.length; i++) {
            if (checkpoints[i] < 1 || (i > 0 && checkpoints[i] <= checkpoints[i - 1])) {
                throw new IllegalArgumentException("checkpoints must be increasing step counts >= 1, got "
                        + java.util.Arrays.toString(checkpoints));
            }
        }
        DataSet train = sample(k, seed);
        long armSeed = sampleSeed(k, seed) + 1;
        MultiLayerNetwork net;
        java.util.function.Consumer<DataSet> step;
        if (arm instanceof TargetArm.Scratch s) {
            net = s.build(armSeed);
            step = net::fit;
        } else if (arm instanceof TargetArm.Probe p) {
            net = p.build(source, armSeed);
            step = net::fit;
        } else if (arm instanceof TargetArm.FineTune f) {
            net = f.build(source, armSeed);
            step = net::fit;
        } else if (arm instanceof TargetArm.FineTuneL2SP l) {
            MultiLayerNetwork copy = l.build(source, armSeed);
            L2SP penalty = l.penalty(copy);
            net = copy;
            step = batch -> penalty.step(copy, batch);
        } else {
            throw new IllegalArgumentException("a checkpoint curve needs an arm with one constant learning rate, got "
                    + (arm == null ? "null" : arm.getClass().getSimpleName()) + "; train it once per budget instead");
        }
        MiniBatches batches = new MiniBatches(train, batchSize(train.numExamples()), armSeed + 7);
        double[] accuracy = new double[checkpoints.length];
        int done = 0;
        try {
            for (int i = 0; i < checkpoints.length; i++) {
                for (; done < checkpoints[i]; done++) {
                    step.accept(batches.next());
                }
                accuracy[i] = Trainer.accuracy(net, evaluation);
            }
            return accuracy;
        } finally {
            net.close();    // as in accuracy(): free the network's off-heap memory now
        }
    }

    private static long sampleSeed(int k, long seed) {
        return seed * 1000 + k;
    }
}
