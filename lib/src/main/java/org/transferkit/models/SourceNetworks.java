package org.transferkit.models;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.transferkit.Kit;
import org.transferkit.data.Datasets;
import org.transferkit.data.ImageDataset;
import org.transferkit.training.Trainer;

/**
 * The pretrained source networks the image-transfer lessons share: a LeNet-5 ({@link Models#lenet5}) trained on five
 * classes of digits or of clothes, one network per seed. The recipe is fixed in advance for every lesson: the training
 * part of the pool ({@code split(0.8, 17)} of the dataset's training split), Adam 1e-3, {@link #STEPS} steps of
 * {@link #BATCH}. Networks are kept in the {@link ModelCache} by recipe, so a network is trained once per machine;
 * {@link #main} trains those of the default seeds at set-up.
 */
public final class SourceNetworks {
    /** Pretraining steps of every source network. */
    public static final int STEPS = 600;
    /** Minibatch size of the pretraining. */
    public static final int BATCH = 32;
    /** Seed of the split of each dataset's training images into a training part and a validation part. */
    public static final long POOL_SPLIT_SEED = 17;

    /** The source tasks: five classes of one dataset. */
    public enum Task {
        /** MNIST digits 0-4: a related source for learning digits 5-9. */
        DIGITS_0_4("MNIST digits 0-4"),
        /** Fashion-MNIST classes 0-4 (T-shirt, trouser, pullover, dress, coat): an unrelated source for digits. */
        CLOTHES_0_4("Fashion-MNIST classes 0-4");

        private final String description;

        Task(String description) {
            this.description = description;
        }

        /** E.g. "MNIST digits 0-4". */
        public String description() {
            return description;
        }

        /** The dataset's training images split into the training part [0] and the validation part [1]. */
        public ImageDataset[] pool() {
            return (this == DIGITS_0_4 ? Datasets.mnistSplit() : Datasets.fashionMnistSplit())
                    .train().split(0.8, POOL_SPLIT_SEED);
        }
    }

    private static final Map<Task, DataSet> TRAINING = new EnumMap<>(Task.class);

    private SourceNetworks() {
    }

    /** The words that name everything the network of {@code task} and {@code seed} depends on (its cache key). */
    public static String recipe(Task task, long seed) {
        return String.format(Locale.ROOT, "LeNet-5 (Models.lenet5), %s, training part of the pool (split 0.8, seed %d), "
                + "Adam 1e-3, %d steps of %d, seed %d", task.description(), POOL_SPLIT_SEED, STEPS, BATCH, seed);
    }

    /**
     * The source network of {@code task} and {@code seed}: from the model cache when it holds it, else trained now
     * (about 8 s on one core) and stored. Each call returns a network of its own.
     */
    public static MultiLayerNetwork pretrained(Task task, long seed) {
        return pretrained(task, seed, ModelCache.standard());
    }

    /** {@link #pretrained(Task, long)} with the given cache. */
    public static MultiLayerNetwork pretrained(Task task, long seed, ModelCache cache) {
        if (task == null) {
            throw new IllegalArgumentException("expected a source task, one of " + List.of(Task.values()));
        }
        return cache.getOrTrain(recipe(task, seed), () -> train(task, seed));
    }

    /** Trains the network of {@code task} and {@code seed} by its recipe, without the cache. */
    public static MultiLayerNetwork train(Task task, long seed) {
        MultiLayerNetwork net = Models.lenet5(5, new Adam(1e-3), seed);
        Trainer.fitSteps(net, training(task), STEPS, BATCH, seed);
        return net;
    }

    private static synchronized DataSet training(Task task) {
        return TRAINING.computeIfAbsent(task, t -> t.pool()[0].classes(0, 1, 2, 3, 4).toDataSet());
    }

    /**
     * Set-up: trains into the model cache the networks the lessons use at the default seeds (seeds
     * {@code first..last} of every task), so a first Run All reads them instead of training them. Arguments:
     * {@code FIRST LAST [PART PARTS]}; with {@code PART PARTS} this process takes every PARTS-th network starting at
     * PART, so several processes share the work (the cache's file lock keeps them from training one network twice).
     */
    public static void main(String[] args) {
        if (args.length != 2 && args.length != 4) {
            System.err.println("usage: SourceNetworks FIRST_SEED LAST_SEED [PART PARTS]");
            System.exit(2);
        }
        long first = Long.parseLong(args[0]);
        long last = Long.parseLong(args[1]);
        int part = args.length == 4 ? Integer.parseInt(args[2]) : 0;
        int parts = args.length == 4 ? Integer.parseInt(args[3]) : 1;
        Kit.init();
        ModelCache cache = ModelCache.standard();
        int trained = 0;
        int index = 0;
        int present = 0;
        for (long seed = first; seed <= last; seed++) {
            for (Task task : Task.values()) {
                if (index++ % parts != part) {
                    continue;
                }
                String recipe = recipe(task, seed);
                if (cache.contains(recipe)) {
                    present++;
                    continue;
                }
                long start = System.nanoTime();
                long s = seed;
                cache.getOrTrain(recipe, () -> train(task, s));
                trained++;
                System.out.printf(Locale.ROOT, "source network %s, seed %d: %.1f s%n", task.description(), seed,
                        (System.nanoTime() - start) / 1e9);
            }
        }
        System.out.printf(Locale.ROOT, "source networks: %d trained, %d already in %s%n", trained, present,
                cache.directory());
    }
}
