package org.transferkit.transfer;

import java.util.HashMap;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.transferkit.data.Datasets;
import org.transferkit.data.ImageDataset;
import org.transferkit.data.TrainTest;
import org.transferkit.models.ModelCache;
import org.transferkit.models.SourceNetworks;

/**
 * The transfer lessons' source and target: MNIST digits 0-4 (source) and 5-9 (target). The kit's fixed 8,000 /
 * 2,000 split of the 10,000 digits gives the test images; its 8,000 are split again 80 / 20 (seed 17) into a training
 * part (the source's training images and the target's pool of labelled images to draw k per class from) and a
 * validation part (where choices are made). Source networks ({@link #source}) are LeNet-5s trained with Adam 1e-3 for
 * {@link #SOURCE_STEPS} steps of 32, one per seed, kept in the {@link ModelCache} so that every lesson that uses the
 * same seed reads the same network.
 */
public final class DigitPair {
    /** Optimisation steps of every source network. */
    public static final int SOURCE_STEPS = SourceNetworks.STEPS;

    private final DataSet sourceTrain;
    private final DataSet sourceValidation;
    private final DataSet sourceTest;
    private final ImageDataset targetPool;
    private final DataSet targetValidation;
    private final DataSet targetTest;
    private final ModelCache cache;
    private final Map<Long, MultiLayerNetwork> sources = new HashMap<>();

    private DigitPair(ModelCache cache) {
        TrainTest mnist = Datasets.mnistSplit();
        ImageDataset[] trainValidation = mnist.train().split(0.8, 17);
        sourceTrain = trainValidation[0].classes(0, 1, 2, 3, 4).toDataSet();
        sourceValidation = trainValidation[1].classes(0, 1, 2, 3, 4).toDataSet();
        sourceTest = mnist.test().classes(0, 1, 2, 3, 4).toDataSet();
        targetPool = trainValidation[0].classes(5, 6, 7, 8, 9);
        targetValidation = trainValidation[1].classes(5, 6, 7, 8, 9).toDataSet();
        targetTest = mnist.test().classes(5, 6, 7, 8, 9).toDataSet();
        this.cache = cache;
    }

    /** The pair, with source networks in this machine's {@link ModelCache#standard() model cache}. */
    public static DigitPair load() {
        return new DigitPair(ModelCache.standard());
    }

    /** Digits 0-4 to pretrain on (labels 0..4). */
    public DataSet sourceTrain() {
        return sourceTrain;
    }

    /** Held-out digits 0-4 of the training split, for choices about the source. */
    public DataSet sourceValidation() {
        return sourceValidation;
    }

    /** Digits 0-4 of the test split. */
    public DataSet sourceTest() {
        return sourceTest;
    }

    /** Digits 5-9 (relabelled 0..4) to draw the k labelled target images per class from. */
    public ImageDataset targetPool() {
        return targetPool;
    }

    /** Held-out digits 5-9 of the training split, for choices about the target. */
    public DataSet targetValidation() {
        return targetValidation;
    }

    /** Digits 5-9 of the test split: for the reported numbers only. */
    public DataSet targetTest() {
        return targetTest;
    }

    /** The recipe of the source network of {@code seed}: its key in the model cache. */
    public static String sourceRecipe(long seed) {
        return SourceNetworks.recipe(SourceNetworks.Task.DIGITS_0_4, seed);
    }

    /**
     * The source network of {@code seed} ({@link SourceNetworks#pretrained}): read from the cache, or trained (then
     * cached). The same object for every call with this seed: do not modify it.
     */
    public synchronized MultiLayerNetwork source(long seed) {
        return sources.computeIfAbsent(seed, s -> SourceNetworks.pretrained(SourceNetworks.Task.DIGITS_0_4, s, cache));
    }
}
