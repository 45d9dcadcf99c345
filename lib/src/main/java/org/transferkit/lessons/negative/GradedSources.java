package org.transferkit.lessons.negative;

import java.util.List;
import java.util.Random;
import org.transferkit.data.Datasets;
import org.transferkit.data.ImageDataset;
import org.transferkit.data.TrainTest;

/**
 * The negative-transfer lesson's tasks: a target with few labels, MNIST digits 5-9, and four labelled sources of
 * graded relatedness to it, all 28x28 grey images from the kit's fixed train/test splits:
 * <ul>
 *   <li>{@link #related()}: MNIST digits 0-4, other digits from the same pen strokes (related);</li>
 *   <li>{@link #uciShift()}: UCI optdigits 5-9 resized to 28x28, the same classes drawn in another style
 *       (same task, shifted domain);</li>
 *   <li>{@link #randomLabels(long)}: the MNIST 0-4 images with a random label drawn for every image, which destroys
 *       the input-label relation (a permutation of the class names would keep it and train the same features);</li>
 *   <li>{@link #unrelated(int, long)}: Fashion-MNIST clothes, 10 classes (unrelated images and task).</li>
 * </ul>
 */
public final class GradedSources {
    /** Target classes: the MNIST digits 5..9 (relabelled 0..4). */
    public static final int[] TARGET_DIGITS = {5, 6, 7, 8, 9};
    /** Classes of the related source: the MNIST digits 0..4. */
    public static final int[] SOURCE_DIGITS = {0, 1, 2, 3, 4};

    private GradedSources() {
    }

    /**
     * A labelled source task.
     *
     * @param name     short name for tables ("MNIST 0-4")
     * @param relation how it relates to the target, in words
     * @param train    the images the source model is pretrained on
     * @param heldOut  images of the same task not used for pretraining, to measure what the source model learned
     */
    public record Source(String name, String relation, ImageDataset train, ImageDataset heldOut) {
        /** Number of source classes (the width of the source model's head). */
        public int numClasses() {
            return train.numClasses();
        }
    }

    /**
     * The few-shot target task.
     *
     * @param pool the labelled examples are drawn from here (MNIST train split, digits 5-9)
     * @param test the fixed test set (MNIST test split, digits 5-9)
     */
    public record Target(ImageDataset pool, ImageDataset test) {
    }

    /** MNIST digits 5-9 from the fixed 80/20 split, relabelled 0..4. */
    public static Target target() {
        TrainTest mnist = Datasets.mnistSplit();
        return new Target(mnist.train().classes(TARGET_DIGITS).withName("MNIST 5-9 pool"),
                mnist.test().classes(TARGET_DIGITS).withName("MNIST 5-9 test"));
    }

    /** The related source: MNIST digits 0-4 (train split; held out: their test split). */
    public static Source related() {
        TrainTest mnist = Datasets.mnistSplit();
        return new Source("MNIST 0-4", "related: other digits, same pen strokes",
                mnist.train().classes(SOURCE_DIGITS).withName("MNIST 0-4"),
                mnist.test().classes(SOURCE_DIGITS).withName("MNIST 0-4 test"));
    }

    /**
     * The shifted source: UCI optdigits 5-9 (8x8, 16 grey levels) resized to 20x20 and padded to 28x28: the target's
     * classes in another style of writing and scanning (train split; held out: its test split).
     */
    public static Source uciShift() {
        TrainTest uci = Datasets.optdigits28Split();
        return new Source("UCI digits 5-9", "same task, shifted domain (8x8 scans resized)",
                uci.train().classes(TARGET_DIGITS).withName("UCI digits 5-9"),
                uci.test().classes(TARGET_DIGITS).withName("UCI digits 5-9 test"));
    }

    /**
     * MNIST 0-4 images, each with a label drawn uniformly from 0..4 (seeded), independent of the image. The held-out
     * set gets fresh random labels too, so a source model can only reach chance (20%) on it: whatever it learns is
     * memorisation.
     */
    public static Source randomLabels(long seed) {
        Source related = related();
        ImageDataset train = related.train();
        ImageDataset test = related.heldOut();
        String[] names = train.classNames();
        return new Source("MNIST 0-4 random labels", "same images, labels unrelated to them",
                train.withLabels(randomLabelArray(train.size(), names.length, seed), names)
                        .withName("MNIST 0-4 random labels"),
                test.withLabels(randomLabelArray(test.size(), names.length, seed + 1), names)
                        .withName("MNIST 0-4 random labels test"));
    }

    /**
     * The unrelated source: {@code size} Fashion-MNIST training images (all 10 classes, drawn with {@code seed});
     * held out: 1,000 images of its test split.
     */
    public static Source unrelated(int size, long seed) {
        TrainTest fashion = Datasets.fashionMnistSplit();
        return new Source("Fashion-MNIST", "unrelated: clothes, 10 classes",
                fashion.train().sample(size, seed).withName("Fashion-MNIST"),
                fashion.test().sample(Math.min(1000, fashion.test().size()), seed + 1).withName("Fashion-MNIST test"));
    }

    /**
     * The four sources, from most to least related as designed: MNIST 0-4, UCI digits 5-9, random labels,
     * Fashion-MNIST (as many images as MNIST 0-4).
     */
    public static List<Source> all(long seed) {
        Source related = related();
        return List.of(related, uciShift(), randomLabels(seed), unrelated(related.train().size(), seed));
    }

    /** {@code n} labels drawn independently and uniformly from 0..classes-1 with {@code new Random(seed)}. */
    static int[] randomLabelArray(int n, int classes, long seed) {
        if (n < 1 || classes < 2) {
            throw new IllegalArgumentException("expected n >= 1 and classes >= 2, got n=" + n + " classes=" + classes);
        }
        Random random = new Random(seed);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextInt(classes);
        }
        return labels;
    }
}
