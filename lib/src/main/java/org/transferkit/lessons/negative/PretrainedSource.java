package org.transferkit.lessons.negative;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.IUpdater;
import org.transferkit.data.ImageDataset;
import org.transferkit.models.Models;
import org.transferkit.training.Trainer;

/**
 * A source model: a LeNet trained once on a {@link GradedSources.Source} for a fixed number of steps, with how well it
 * learned its own task. The network is shared by every target arm; the arms copy it and never change it.
 *
 * @param source           the source task
 * @param net              the trained source network (its head has one output per source class)
 * @param steps            optimisation steps of the pretraining
 * @param batchSize        examples per step
 * @param trainAccuracy    accuracy on (up to 1,000 of) its training images: memorisation for random labels
 * @param heldOutAccuracy  accuracy on its held-out images: what generalises
 * @param seconds          wall-clock time of the pretraining and its evaluation
 */
public record PretrainedSource(GradedSources.Source source, MultiLayerNetwork net, int steps, int batchSize,
                               double trainAccuracy, double heldOutAccuracy, double seconds) {

    /** Images used to measure the training accuracy (a seeded sample when the training set is larger). */
    static final int ACCURACY_SAMPLE = 1000;

    /** The source's short name. */
    public String name() {
        return source.name();
    }

    /**
     * Pretrains {@link Models#lenet} on the source for exactly {@code steps} steps of {@code batchSize} seeded
     * mini-batches (the batches of {@link SameBatches}, which are those of {@link Trainer#fitSteps}), then measures
     * its training and held-out accuracy.
     *
     * @param updater optimiser of the pretraining, e.g. {@code new Nesterovs(0.01, 0.9)}
     * @param seed    seed of the initialisation and of the batches
     */
    public static PretrainedSource train(GradedSources.Source source, int steps, int batchSize, IUpdater updater,
                                         long seed) {
        return trainAll(List.of(source), steps, batchSize, updater, seed, 1).values().iterator().next();
    }

    /**
     * Pretrains every source the same way ({@link #train}), {@code threads} sources at a time; the models do not
     * depend on the number of threads. Returns them by name, in the given order.
     *
     * @throws IllegalArgumentException on no source, two sources with one name, or a non-positive size
     */
    public static Map<String, PretrainedSource> trainAll(List<GradedSources.Source> sources, int steps, int batchSize,
                                                         IUpdater updater, long seed, int threads) {
        if (sources == null || sources.isEmpty() || sources.stream().anyMatch(java.util.Objects::isNull)) {
            throw new IllegalArgumentException("expected at least one source task (and no null)");
        }
        if (steps < 1 || batchSize < 1) {
            throw new IllegalArgumentException("steps and batchSize must be >= 1, got " + steps + " and " + batchSize);
        }
        if (updater == null) {
            throw new IllegalArgumentException("expected an updater, e.g. new Nesterovs(0.01, 0.9), got null");
        }
        List<String> names = new ArrayList<>();
        for (GradedSources.Source s : sources) {
            if (names.contains(s.name())) {
                throw new IllegalArgumentException("two sources are called '" + s.name() + "'");
            }
            names.add(s.name());
        }
        PretrainedSource[] trained = new PretrainedSource[sources.size()];
        long[] rows = new long[sources.size()];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = i;
        }
        // ParallelArms runs its "seeds" side by side: here each row is one source, all trained with the same seed
        Map<String, ParallelArms.Arm> job = new LinkedHashMap<>();
        job.put("pretrain", row -> {
            PretrainedSource p = pretrain(sources.get((int) row), steps, batchSize, updater, seed);
            synchronized (trained) {
                trained[(int) row] = p;
            }
            return p.heldOutAccuracy();
        });
        ParallelArms.run("pretraining " + rows.length + " source(s)", job, 0, rows, threads);
        Map<String, PretrainedSource> byName = new LinkedHashMap<>();
        synchronized (trained) {
            for (PretrainedSource p : trained) {
                byName.put(p.name(), p);
            }
        }
        return byName;
    }

    private static PretrainedSource pretrain(GradedSources.Source source, int steps, int batchSize, IUpdater updater,
                                             long seed) {
        long start = System.nanoTime();
        MultiLayerNetwork net = Models.lenet(source.numClasses(), updater.clone(), seed);
        DataSet data = source.train().toDataSet();
        for (int[] idx : new SameBatches(data.numExamples(), batchSize, seed).indices(steps)) {
            net.fit(SameBatches.rows(data, idx));
        }
        ImageDataset train = source.train();
        ImageDataset trainSample = train.size() > ACCURACY_SAMPLE ? train.sample(ACCURACY_SAMPLE, seed) : train;
        double trainAccuracy = Trainer.accuracy(net, trainSample.toDataSet());
        double heldOutAccuracy = Trainer.accuracy(net, source.heldOut().toDataSet());
        return new PretrainedSource(source, net, steps, batchSize, trainAccuracy, heldOutAccuracy,
                (System.nanoTime() - start) / 1e9);
    }
}
