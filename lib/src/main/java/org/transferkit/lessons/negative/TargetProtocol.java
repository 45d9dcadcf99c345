package org.transferkit.lessons.negative;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.LongFunction;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.IUpdater;
import org.transferkit.data.FewShot;
import org.transferkit.data.ImageDataset;
import org.transferkit.transfer.FrozenFeaturizer;
import org.transferkit.transfer.L2SP;
import org.transferkit.transfer.ModelTransfer;

/**
 * One target protocol for every arm of a negative-transfer study, so that the arms differ only in how the source is
 * used: for seed s, every arm trains on the same k-shot labelled sample ({@link FewShot#sample} with seed s), for the
 * same number of steps, on the same mini-batches ({@link SameBatches} with seed s, batch size min(32, classes * k)),
 * with the same optimiser, and is scored by its error on the same fixed test set. Without the source ("scratch") a
 * freshly initialised network (seed s) is trained; with it, a copy of the source network with a new head (seed s) is
 * fine-tuned, with some layers frozen, or with the L2-SP penalty. The negative-transfer gap of an arm is then
 * error(arm) - error(scratch), seed by seed.
 *
 * <p>Frozen layers never change, so an arm with the first f layers frozen computes their output once per data set
 * (as {@link FrozenFeaturizer} would) and trains a network made of the layers above: the same model and the same updates as
 * running the whole network with those layers frozen, at a fraction of the cost. The frozen-feature probe
 * ({@link #probe}) freezes everything but the new head. L2-SP ({@link #l2sp}) pulls the
 * trained transferred layers towards their source values.
 */
public final class TargetProtocol {
    /** Largest batch size of the protocol: batch = min(32, classes * k). */
    public static final int MAX_BATCH = 32;
    /** Rows per forward pass when evaluating or featurizing the test set. */
    private static final int CHUNK = 256;
    /** Penalised steps between two garbage collections (see {@link #fit}). */
    private static final int GC_EVERY = 60;

    private final ImageDataset pool;
    private final DataSet test;
    private final int k;
    private final int steps;
    private final int batchSize;
    private final int classes;
    private final IUpdater updater;
    private final LongFunction<MultiLayerNetwork> scratchNet;
    private final Map<Long, DataSet> labelled = new HashMap<>();
    private final Map<MultiLayerNetwork, Map<Integer, DataSet>> frozenTest = new IdentityHashMap<>();

    /**
     * @param pool       labelled target examples to draw the k-shot samples from
     * @param test       fixed target test set
     * @param k          labelled examples per class
     * @param steps      optimisation steps of every arm
     * @param updater    optimiser of every arm (cloned for each network), e.g. {@code new Nesterovs(0.01, 0.9)}
     * @param scratchNet a fresh, initialised network for the target classes from a seed: the "without source" arm
     *                   (same architecture as the source models)
     */
    public TargetProtocol(ImageDataset pool, ImageDataset test, int k, int steps, IUpdater updater,
                          LongFunction<MultiLayerNetwork> scratchNet) {
        if (pool == null || test == null) {
            throw new IllegalArgumentException("expected a target pool and a target test set, got null");
        }
        if (pool.numClasses() != test.numClasses() || pool.featureCount() != test.featureCount()) {
            throw new IllegalArgumentException("pool and test must have the same classes and image size, got "
                    + pool + " and " + test);
        }
        if (k < 1 || steps < 1) {
            throw new IllegalArgumentException("k and steps must be >= 1, got k=" + k + " steps=" + steps);
        }
        if (updater == null || scratchNet == null) {
            throw new IllegalArgumentException("expected an updater and a scratch-network factory, got null");
        }
        this.pool = pool;
        this.test = test.toDataSet();
        this.k = k;
        this.steps = steps;
        this.classes = pool.numClasses();
        this.batchSize = Math.min(MAX_BATCH, classes * k);
        this.updater = updater;
        this.scratchNet = scratchNet;
    }

    /** Labelled examples per class. */
    public int k() {
        return k;
    }

    /** Optimisation steps of every arm. */
    public int steps() {
        return steps;
    }

    /** Batch size of every arm: min(32, classes * k). */
    public int batchSize() {
        return batchSize;
    }

    /** Number of target classes. */
    public int classes() {
        return classes;
    }

    /** The optimiser every arm uses (a copy). */
    public IUpdater updater() {
        return updater.clone();
    }

    /** The fixed target test set. */
    public DataSet test() {
        return test;
    }

    /** The k-shot labelled sample of seed {@code seed} (k per class, cached). */
    public synchronized DataSet labelled(long seed) {
        return labelled.computeIfAbsent(seed, s -> FewShot.sample(pool, k, s).labelled().toDataSet());
    }

    /** Test error of a fresh network trained on the seed's labelled sample only: A(empty, T). */
    public double scratch(long seed) {
        return error(scratchOutput(seed), test.getLabels());
    }

    /** Test error after fine-tuning all layers of the source network with a new head: A(S, T), plain. */
    public double fineTune(MultiLayerNetwork source, long seed) {
        return fineTune(source, 0, seed);
    }

    /**
     * Test error after transferring the source network with its first {@code frozenLayers} layers frozen (see
     * {@link ModelTransfer#transfer} for the counting) and training the rest.
     */
    public double fineTune(MultiLayerNetwork source, int frozenLayers, long seed) {
        return error(fineTuneOutput(source, frozenLayers, seed), test.getLabels());
    }

    /** The frozen-feature probe: everything but a new softmax head frozen ({@code frozenLayers} = L - 1). */
    public double probe(MultiLayerNetwork source, long seed) {
        return fineTune(source, source.getnLayers() - 1, seed);
    }

    /**
     * Test error after fine-tuning all layers with the L2-SP penalty alpha/2 ||w - w_source||^2 on the transferred
     * layers and beta/2 ||w_head||^2 on the new head ({@link L2SP}); alpha = beta = 0 is exactly {@link #fineTune}.
     */
    public double l2sp(MultiLayerNetwork source, double alpha, double beta, long seed) {
        return l2sp(source, 0, alpha, beta, seed);
    }

    /**
     * L2-SP with the first {@code frozenLayers} layers frozen: the penalty pulls the trained transferred layers (those
     * between the frozen ones and the head) towards their source values; frozen layers cannot move anyway.
     */
    public double l2sp(MultiLayerNetwork source, int frozenLayers, double alpha, double beta, long seed) {
        return error(transferOutput(source, frozenLayers, alpha, beta, seed), test.getLabels());
    }

    /** Test-set outputs of the scratch arm. */
    INDArray scratchOutput(long seed) {
        MultiLayerNetwork net = scratchNet.apply(seed);
        if (net == null || net.layerSize(net.getnLayers() - 1) != classes) {
            throw new IllegalArgumentException("the scratch factory must return a network with " + classes + " outputs");
        }
        fit(net, labelled(seed), null, seed);
        INDArray out = output(net, test.getFeatures());
        net.close();
        return out;
    }

    /** Test-set outputs of a fine-tuning arm (plain: alpha = beta = 0). */
    INDArray fineTuneOutput(MultiLayerNetwork source, int frozenLayers, long seed) {
        return transferOutput(source, frozenLayers, 0, 0, seed);
    }

    /** Test-set outputs of an L2-SP arm. */
    INDArray l2spOutput(MultiLayerNetwork source, double alpha, double beta, long seed) {
        return transferOutput(source, 0, alpha, beta, seed);
    }

    /**
     * Test-set outputs of a transfer arm: the source copied with a new head (seed), the first {@code frozenLayers}
     * layers frozen, the rest trained on the seed's batches, with the L2-SP penalty when alpha or beta is positive.
     * With frozen layers, their output is computed once per data set and a network made of the layers above (same
     * configurations, same parameters) is trained on it. The networks are closed (their native memory released)
     * once their test outputs are computed.
     */
    INDArray transferOutput(MultiLayerNetwork source, int frozenLayers, double alpha, double beta, long seed) {
        MultiLayerNetwork net = ModelTransfer.transfer(source, classes, frozenLayers, updater.clone(), seed);
        boolean penalised = alpha > 0 || beta > 0;
        INDArray out;
        if (frozenLayers == 0) {
            fit(net, labelled(seed), penalised ? L2SP.anchoredAt(net, alpha, beta) : null, seed);
            out = output(net, test.getFeatures());
        } else {
            MultiLayerNetwork top = layersFrom(net, frozenLayers, seed);
            DataSet train = frozenFeatures(net, frozenLayers, labelled(seed));
            fit(top, train, penalised ? L2SP.anchoredAt(top, alpha, beta) : null, seed);
            out = output(top, frozenTest(source, net, frozenLayers).getFeatures());
            top.close();
        }
        net.close();
        return out;
    }

    /**
     * Output of layer {@code frozenLayers - 1} (the last frozen one) of {@code net} on {@code data}, flattened to
     * [n, features] as the layer above receives it, with the same labels: what {@link FrozenFeaturizer} computes,
     * without another copy of the network.
     */
    private static DataSet frozenFeatures(MultiLayerNetwork net, int frozenLayers, DataSet data) {
        java.util.List<INDArray> activations = net.feedForwardToLayer(frozenLayers - 1, data.getFeatures(), false);
        INDArray f = activations.get(activations.size() - 1);
        if (f.rank() != 2) {
            f = f.reshape('c', f.size(0), f.length() / f.size(0));
        }
        return new DataSet(f.detach(), data.getLabels());
    }

    /**
     * A network of layers {@code from..L-1} of {@code net} (their configurations and a copy of their parameters), for
     * inputs that are the flattened output of layer {@code from - 1}.
     */
    private MultiLayerNetwork layersFrom(MultiLayerNetwork net, int from, long seed) {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                .seed(org.transferkit.Kit.nativeSeed(seed))
                .updater(updater.clone())
                .dataType(net.getLayerWiseConfigurations().getDataType())
                .list();
        for (int i = from; i < net.getnLayers(); i++) {
            list.layer(net.getLayerWiseConfigurations().getConf(i).getLayer().clone());
        }
        MultiLayerNetwork top = new MultiLayerNetwork(list.build());
        top.init();
        for (int i = from; i < net.getnLayers(); i++) {
            top.getLayer(i - from).setParams(net.getLayer(i).params().dup());
        }
        return top;
    }

    /** Outputs in chunks of {@link #CHUNK} rows (bounded memory for the convolutions of a large test set). */
    private static INDArray output(MultiLayerNetwork net, INDArray x) {
        long n = x.size(0);
        if (n <= CHUNK) {
            return net.output(x, false);
        }
        java.util.List<INDArray> parts = new java.util.ArrayList<>();
        for (long from = 0; from < n; from += CHUNK) {
            parts.add(net.output(x.get(NDArrayIndex.interval(from, Math.min(n, from + CHUNK)), NDArrayIndex.all()), false));
        }
        return Nd4j.vstack(parts.toArray(new INDArray[0]));
    }

    /**
     * {@code steps} steps on the seed's batches: plain ({@code net.fit}) or with the L2-SP penalty. An L2-SP step
     * leaves several parameter-sized native temporaries that ND4J frees only when their small Java objects are
     * collected, which hardly ever happens on its own: a garbage collection every {@link #GC_EVERY} penalised steps
     * keeps the native memory of a long study bounded (the results do not depend on it).
     */
    private void fit(MultiLayerNetwork net, DataSet train, L2SP penalty, long seed) {
        int step = 0;
        for (int[] idx : new SameBatches(train.numExamples(), batchSize, seed).indices(steps)) {
            DataSet batch = SameBatches.rows(train, idx);
            if (penalty == null) {
                net.fit(batch);
            } else {
                penalty.step(net, batch);
                if (++step % GC_EVERY == 0) {
                    Nd4j.getMemoryManager().invokeGc();
                }
            }
        }
    }

    /**
     * The test set through the frozen layers (which hold the source's weights, whatever the seed): computed once per
     * source and number of frozen layers, in chunks to bound the memory of the convolutions.
     */
    private synchronized DataSet frozenTest(MultiLayerNetwork source, MultiLayerNetwork net, int frozenLayers) {
        Map<Integer, DataSet> bySource = frozenTest.computeIfAbsent(source, s -> new HashMap<>());
        DataSet cached = bySource.get(frozenLayers);
        if (cached == null) {
            java.util.List<INDArray> parts = new java.util.ArrayList<>();
            long n = test.numExamples();
            for (long from = 0; from < n; from += CHUNK) {
                DataSet chunk = new DataSet(test.getFeatures().get(NDArrayIndex.interval(from, Math.min(n, from + CHUNK)),
                        NDArrayIndex.all()), null);
                parts.add(frozenFeatures(net, frozenLayers, chunk).getFeatures());
            }
            cached = new DataSet(Nd4j.vstack(parts.toArray(new INDArray[0])), test.getLabels());
            bySource.put(frozenLayers, cached);
        }
        return cached;
    }

    /** Fraction of rows whose argmax output differs from the one-hot label. */
    static double error(INDArray output, INDArray labels) {
        int[] predicted = Nd4j.argMax(output, 1).toIntVector();
        int[] truth = Nd4j.argMax(labels, 1).toIntVector();
        int wrong = 0;
        for (int i = 0; i < truth.length; i++) {
            if (predicted[i] != truth[i]) {
                wrong++;
            }
        }
        return wrong / (double) truth.length;
    }
}
