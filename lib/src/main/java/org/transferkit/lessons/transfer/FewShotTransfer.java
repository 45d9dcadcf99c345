package org.transferkit.lessons.transfer;

import java.util.List;
import java.util.function.LongFunction;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.IUpdater;
import org.transferkit.data.FewShot;
import org.transferkit.data.ImageDataset;
import org.transferkit.training.Trainer;
import org.transferkit.transfer.ModelTransfer;

/**
 * The few-shot inductive-transfer experiment: a source network pretrained once, a target pool to draw k labelled
 * examples per class from, and a target test set. Every arm trains one network on the same k-shot sample (same
 * seed, same examples) with the same optimiser, the same batch size {@code min(32, n)} (n = k times the number of
 * classes) and, unless the arm says otherwise, the same number of optimisation steps; it reports the network's
 * accuracy on the target test set. Arms:
 * <ul>
 * <li>{@value #SCRATCH}: a freshly initialised network of the same architecture, trained on the target only;</li>
 * <li>{@value #FINE_TUNE}: the source network with a new head, every layer trained;</li>
 * <li>{@value #FEATURE_EXTRACTION}: the source network with a new head, every layer but the head frozen;</li>
 * <li>{@value #SCRATCH_EPOCHS} and {@value #FINE_TUNE_EPOCHS}: the same two networks trained for a fixed number of
 * <em>epochs</em> instead of steps, {@code epochs * ceil(n / batch)} steps, the budget that looks equal but gives a
 * 5-example training set only a handful of updates.</li>
 * </ul>
 * The seed of a run chooses the k-shot sample, the initialisation (scratch network or new head) and the mini-batches,
 * so runs with the same seed are paired. The scratch factory receives the run seed itself; network builders map it
 * with {@link org.transferkit.Kit#nativeSeed} before handing it to DL4J, because ND4J treats a seed of 0 as random.
 */
public final class FewShotTransfer {
    /** Arm: random initialisation, target data only. */
    public static final String SCRATCH = "scratch";
    /** Arm: source parameters, new head, every layer trained. */
    public static final String FINE_TUNE = "fine-tune";
    /** Arm: source parameters, new head, only the head trained. */
    public static final String FEATURE_EXTRACTION = "feature extraction";
    /** Arm: {@link #SCRATCH} with an epoch budget instead of a step budget. */
    public static final String SCRATCH_EPOCHS = "scratch (epoch budget)";
    /** Arm: {@link #FINE_TUNE} with an epoch budget instead of a step budget. */
    public static final String FINE_TUNE_EPOCHS = "fine-tune (epoch budget)";
    /** The largest mini-batch. */
    public static final int MAX_BATCH = 32;

    private final MultiLayerNetwork source;
    private final LongFunction<MultiLayerNetwork> scratchNetwork;
    private final IUpdater updater;
    private final ImageDataset targetPool;
    private final DataSet targetTest;
    private final int steps;
    private final int epochs;

    /**
     * @param source         the pretrained source network (not modified: arms work on copies)
     * @param scratchNetwork a new, randomly initialised network of the source's architecture with one output per
     *                       target class, for a given seed (e.g. {@code seed -> LessonNets.lenet5(5, updater, seed)})
     * @param updater        optimiser of every target training run (the scratch network should use the same)
     * @param targetPool     labelled target images to draw the k-shot samples from
     * @param targetTest     target test images
     * @param steps          optimisation steps of the step-budget arms
     * @param epochs         epochs of the epoch-budget arms
     */
    public FewShotTransfer(MultiLayerNetwork source, LongFunction<MultiLayerNetwork> scratchNetwork, IUpdater updater,
                           ImageDataset targetPool, ImageDataset targetTest, int steps, int epochs) {
        if (source == null || scratchNetwork == null || updater == null || targetPool == null || targetTest == null) {
            throw new IllegalArgumentException("expected a source network, a scratch-network factory, an updater, a target"
                    + " pool and a target test set; one of them is null");
        }
        if (steps < 1 || epochs < 1) {
            throw new IllegalArgumentException("steps and epochs must be at least 1, got " + steps + " and " + epochs);
        }
        if (targetPool.numClasses() != targetTest.numClasses()) {
            throw new IllegalArgumentException("target pool and test set must have the same classes, got "
                    + targetPool.numClasses() + " and " + targetTest.numClasses());
        }
        this.source = source;
        this.scratchNetwork = scratchNetwork;
        this.updater = updater;
        this.targetPool = targetPool;
        this.targetTest = targetTest.toDataSet();
        this.steps = steps;
        this.epochs = epochs;
    }

    /** The five arms, in the order the lesson shows them. */
    public static List<String> arms() {
        return List.of(SCRATCH, FINE_TUNE, FEATURE_EXTRACTION, SCRATCH_EPOCHS, FINE_TUNE_EPOCHS);
    }

    /** Mini-batch size for n training examples: {@code min(32, n)}. */
    public static int batchSize(int examples) {
        if (examples < 1) {
            throw new IllegalArgumentException("expected at least 1 training example, got " + examples);
        }
        return Math.min(MAX_BATCH, examples);
    }

    /** Steps of an epoch budget: {@code epochs * ceil(n / batchSize(n))}. */
    public static int stepsForEpochs(int examples, int epochs) {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        }
        int batch = batchSize(examples);
        return epochs * ((examples + batch - 1) / batch);
    }

    /** Number of target classes. */
    public int classes() {
        return targetPool.numClasses();
    }

    /** The k-shot training sample of a seed: k labelled examples of every target class. */
    public DataSet labelled(int k, long seed) {
        return FewShot.sample(targetPool, k, seed).labelled().toDataSet();
    }

    /** The target test set. */
    public DataSet testSet() {
        return targetTest;
    }

    /** Optimisation steps the arm takes with k examples per class. */
    public int stepsOf(String arm, int k) {
        int n = k * classes();
        switch (arm) {
            case SCRATCH:
            case FINE_TUNE:
            case FEATURE_EXTRACTION:
                return steps;
            case SCRATCH_EPOCHS:
            case FINE_TUNE_EPOCHS:
                return stepsForEpochs(n, epochs);
            default:
                throw unknown(arm);
        }
    }

    /** Trains the arm on the k-shot sample of {@code seed} and returns the trained network. */
    public MultiLayerNetwork train(String arm, int k, long seed) {
        int stepsToRun = stepsOf(arm, k);
        DataSet train = labelled(k, seed);
        MultiLayerNetwork net;
        switch (arm) {
            case SCRATCH:
            case SCRATCH_EPOCHS:
                net = scratchNetwork.apply(seed);
                break;
            case FINE_TUNE:
            case FINE_TUNE_EPOCHS:
                net = ModelTransfer.transfer(source, classes(), 0, updater, seed);
                break;
            case FEATURE_EXTRACTION:
                net = ModelTransfer.transfer(source, classes(), source.getnLayers() - 1, updater, seed);
                break;
            default:
                throw unknown(arm);
        }
        Trainer.fitSteps(net, train, stepsToRun, batchSize(train.numExamples()), seed);
        return net;
    }

    /** Target test accuracy of the arm trained on the k-shot sample of {@code seed}: one cell of an experiment grid. */
    public double accuracy(String arm, int k, long seed) {
        return Trainer.accuracy(train(arm, k, seed), targetTest);
    }

    private static IllegalArgumentException unknown(String arm) {
        return new IllegalArgumentException("unknown arm '" + arm + "'; expected one of " + arms());
    }
}
