package org.transferkit.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.transferkit.Kit;
import org.transferkit.display.Progress;

/**
 * Trains for a fixed number of optimisation steps rather than epochs, so that methods are compared on an equal,
 * honest compute budget whatever the dataset size. Minibatches are drawn from a seeded shuffle that cycles through
 * the data epoch after epoch (a batch that crosses an epoch boundary continues into the next shuffle), so every
 * batch has exactly {@code batchSize} examples and the same seed gives the same batches. Shows a {@link Progress}.
 */
public final class Trainer {

    /** Rows per forward pass when evaluating, to bound memory on large test sets. */
    private static final int EVAL_CHUNK = 512;
    /** Number of training-loss points recorded when there is no validation set. */
    private static final int CURVE_POINTS = 100;

    private Trainer() {
    }

    /** Trains {@code net} for exactly {@code steps} minibatch steps; returns the training-loss curve. */
    public static TrainResult fitSteps(MultiLayerNetwork net, DataSet train, int steps, int batchSize, long seed) {
        requireNet(net);
        requireShapes(net, train, "train");
        return run(adapter(net), train, steps, batchSize, seed, null, Math.max(1, steps / CURVE_POINTS), 0);
    }

    /**
     * Trains for at most {@code steps} steps, evaluating loss and accuracy on {@code validation} every
     * {@code evalEvery} steps, stopping after {@code patience} evaluations without a lower validation loss, and
     * leaving the network with the parameters of the best evaluation (the updater state is not rolled back).
     */
    public static TrainResult fitSteps(MultiLayerNetwork net, DataSet train, int steps, int batchSize, long seed,
                                       DataSet validation, int evalEvery, int patience) {
        requireNet(net);
        requireValidation(validation, evalEvery, patience);
        requireShapes(net, train, "train");
        requireShapes(net, validation, "validation");
        return run(adapter(net), train, steps, batchSize, seed, validation, evalEvery, patience);
    }

    /** {@link #fitSteps(MultiLayerNetwork, DataSet, int, int, long)} for a single-input, single-output graph. */
    public static TrainResult fitSteps(ComputationGraph net, DataSet train, int steps, int batchSize, long seed) {
        requireNet(net);
        return run(adapter(net), train, steps, batchSize, seed, null, Math.max(1, steps / CURVE_POINTS), 0);
    }

    /** Early-stopping variant for a single-input, single-output graph. */
    public static TrainResult fitSteps(ComputationGraph net, DataSet train, int steps, int batchSize, long seed,
                                       DataSet validation, int evalEvery, int patience) {
        requireNet(net);
        requireValidation(validation, evalEvery, patience);
        return run(adapter(net), train, steps, batchSize, seed, validation, evalEvery, patience);
    }

    /** Fraction of examples whose predicted class (argmax of the output) equals the label's argmax. */
    public static double accuracy(MultiLayerNetwork net, DataSet test) {
        requireNet(net);
        requireData(test, "test");
        requireShapes(net, test, "test");
        try {
            return accuracy(adapter(net), test);
        } catch (org.deeplearning4j.exception.DL4JInvalidInputException e) {
            throw new IllegalArgumentException("the network cannot take this test data: " + e.getMessage(), e);
        }
    }

    /** {@link #accuracy(MultiLayerNetwork, DataSet)} for a single-input, single-output graph. */
    public static double accuracy(ComputationGraph net, DataSet test) {
        requireNet(net);
        return accuracy(adapter(net), test);
    }

    /** Predicted class (argmax of the output) of every example. */
    public static int[] predictions(MultiLayerNetwork net, DataSet test) {
        requireNet(net);
        return predictions(adapter(net), test);
    }

    /** Predicted classes for a single-input, single-output graph. */
    public static int[] predictions(ComputationGraph net, DataSet test) {
        requireNet(net);
        return predictions(adapter(net), test);
    }

    /** Confusion matrix {@code [trueClass][predictedClass]} of counts, for e.g. a heatmap. */
    public static int[][] confusion(MultiLayerNetwork net, DataSet test) {
        requireNet(net);
        int[] pred = predictions(adapter(net), test);
        int[] truth = argMaxRows(test.getLabels());
        int c = (int) test.getLabels().size(1);
        int[][] m = new int[c][c];
        for (int i = 0; i < pred.length; i++) {
            m[truth[i]][pred[i]]++;
        }
        return m;
    }

    // ---------------------------------------------------------------------------------------------------------

    /** The few operations the training loop needs, shared by MultiLayerNetwork and ComputationGraph. */
    private interface Net {
        void fit(DataSet batch);

        double score();

        double score(DataSet data);

        INDArray output(INDArray features);

        INDArray params();

        void setParams(INDArray params);
    }

    private static Net adapter(MultiLayerNetwork net) {
        return new Net() {
            public void fit(DataSet batch) {
                net.fit(batch);
            }

            public double score() {
                return net.score();
            }

            public double score(DataSet data) {
                return net.score(data, false);
            }

            public INDArray output(INDArray features) {
                return net.output(features, false);
            }

            public INDArray params() {
                return net.params();
            }

            public void setParams(INDArray params) {
                net.setParams(params);
            }
        };
    }

    private static Net adapter(ComputationGraph net) {
        if (net.getNumInputArrays() != 1 || net.getNumOutputArrays() != 1) {
            throw new IllegalArgumentException("Trainer handles graphs with one input and one output, got "
                    + net.getNumInputArrays() + " inputs and " + net.getNumOutputArrays() + " outputs");
        }
        return new Net() {
            public void fit(DataSet batch) {
                net.fit(batch);
            }

            public double score() {
                return net.score();
            }

            public double score(DataSet data) {
                return net.score(data, false);
            }

            public INDArray output(INDArray features) {
                return net.outputSingle(false, features);
            }

            public INDArray params() {
                return net.params();
            }

            public void setParams(INDArray params) {
                net.setParams(params);
            }
        };
    }

    private static TrainResult run(Net net, DataSet train, int steps, int batchSize, long seed,
                                   DataSet validation, int evalEvery, int patience) {
        Kit.init();
        int n = requireData(train, "train");
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be at least 1, got " + steps);
        }
        if (batchSize < 1 || batchSize > n) {
            throw new IllegalArgumentException("batchSize must be between 1 and the " + n
                    + " training examples, got " + batchSize);
        }
        long start = System.nanoTime();
        RowSampler sampler = new RowSampler(n, seed);
        Batches batches = new Batches(train, batchSize);
        List<Integer> evalSteps = new ArrayList<>();
        List<Double> trainLoss = new ArrayList<>();
        List<Double> valLoss = new ArrayList<>();
        List<Double> valAcc = new ArrayList<>();
        double lossSum = 0;
        int lossCount = 0;
        double best = Double.POSITIVE_INFINITY;
        int bestStep = 0;
        INDArray bestParams = null;
        int sinceBest = 0;
        int step = 0;
        boolean stoppedEarly = false;
        String valText = "";
        try (Progress progress = Progress.start("train", steps)) {
          try {
            while (step < steps) {
                net.fit(batches.next(sampler.next(batchSize)));
                step++;
                double loss = net.score();
                lossSum += loss;
                lossCount++;
                boolean evalNow = step % evalEvery == 0 || step == steps;
                if (evalNow) {
                    evalSteps.add(step);
                    trainLoss.add(lossSum / lossCount);
                    lossSum = 0;
                    lossCount = 0;
                    if (validation != null) {
                        double vl = score(net, validation);
                        double va = accuracy(net, validation);
                        valLoss.add(vl);
                        valAcc.add(va);
                        valText = String.format(Locale.ROOT, " val loss %.4f acc %.4f", vl, va);
                        if (vl < best) {
                            best = vl;
                            bestStep = step;
                            bestParams = net.params().dup();
                            sinceBest = 0;
                        } else if (++sinceBest >= patience) {
                            stoppedEarly = step < steps;
                            progress.step(String.format(Locale.ROOT, "loss %.4f%s (early stop)", loss, valText));
                            break;
                        }
                    }
                }
                progress.step(String.format(Locale.ROOT, "loss %.4f%s", loss, valText));
            }
          } catch (RuntimeException | Error e) {
            progress.fail(e); // the display says where and why, not a bar frozen at its last percentage
            throw e;
          }
        }
        if (validation == null) {
            bestStep = step;
        } else if (bestParams != null) {
            net.setParams(bestParams);
        }
        return new TrainResult(evalSteps, trainLoss, valLoss, valAcc, bestStep, step, stoppedEarly,
                (System.nanoTime() - start) / 1e9);
    }


    /**
     * The examples at {@code idx} as a new DataSet. For plain matrices this uses one native gather
     * ({@code Nd4j.pullRows}), measured 5-10x faster than {@code DataSet.get(int[])} for 256 rows of 784.
     */
    static DataSet batch(DataSet data, int[] idx) {
        INDArray f = data.getFeatures();
        INDArray l = data.getLabels();
        if (f.rank() == 2 && l.rank() == 2 && data.getFeaturesMaskArray() == null
                && data.getLabelsMaskArray() == null) {
            return new DataSet(Nd4j.pullRows(f, 1, idx), Nd4j.pullRows(l, 1, idx));
        }
        return data.get(idx);
    }

    /**
     * Minibatches of plain matrices gathered into arrays allocated once and refilled every step (one native gather,
     * {@code Nd4j.pullRows}, into them) rather than into new native buffers left to the garbage collector (a LeNet-5's
     * 300 steps of 32: about 3.1 s before, 2.6 s after). Other data (images as rank-4 arrays, masks) go through
     * {@link #batch}.
     */
    private static final class Batches {
        private final DataSet data;
        private final INDArray features;
        private final INDArray labels;

        Batches(DataSet data, int batchSize) {
            this.data = data;
            INDArray f = data.getFeatures();
            INDArray l = data.getLabels();
            boolean plain = f.rank() == 2 && l.rank() == 2 && data.getFeaturesMaskArray() == null
                    && data.getLabelsMaskArray() == null;
            this.features = plain ? Nd4j.create(f.dataType(), batchSize, f.size(1)) : null;
            this.labels = plain ? Nd4j.create(l.dataType(), batchSize, l.size(1)) : null;
        }

        /** The rows {@code idx} (as many as the batch size); the arrays are reused: train on it before the next call. */
        DataSet next(int[] idx) {
            if (features == null) {
                return batch(data, idx);
            }
            Nd4j.pullRows(data.getFeatures(), features, 1, idx);
            Nd4j.pullRows(data.getLabels(), labels, 1, idx);
            return new DataSet(features, labels);
        }
    }

    private static double score(Net net, DataSet data) {
        int n = data.numExamples();
        double sum = 0;
        for (int from = 0; from < n; from += EVAL_CHUNK) {
            int to = Math.min(n, from + EVAL_CHUNK);
            DataSet chunk = (DataSet) data.getRange(from, to);
            sum += net.score(chunk) * (to - from);
        }
        return sum / n;
    }

    private static double accuracy(Net net, DataSet test) {
        int[] pred = predictions(net, test);
        int[] truth = argMaxRows(test.getLabels());
        int correct = 0;
        for (int i = 0; i < pred.length; i++) {
            if (pred[i] == truth[i]) {
                correct++;
            }
        }
        return correct / (double) pred.length;
    }

    private static int[] predictions(Net net, DataSet test) {
        int n = requireData(test, "test");
        Kit.init();
        int[] out = new int[n];
        INDArray features = test.getFeatures();
        for (int from = 0; from < n; from += EVAL_CHUNK) {
            int to = Math.min(n, from + EVAL_CHUNK);
            INDArray rows = features.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(from, to),
                    org.nd4j.linalg.indexing.NDArrayIndex.all());
            INDArray probabilities = net.output(rows);
            int[] p = argMaxRows(probabilities);
            probabilities.close();          // off-heap memory is freed now, not whenever the collector gets to it
            System.arraycopy(p, 0, out, from, p.length);
        }
        return out;
    }

    private static int[] argMaxRows(INDArray m) {
        if (m.rank() != 2) {
            throw new IllegalArgumentException("expected a [n, classes] matrix, got shape "
                    + java.util.Arrays.toString(m.shape()));
        }
        try (INDArray argMax = Nd4j.argMax(m, 1)) {
            return argMax.toIntVector();
        }
    }

    private static int requireData(DataSet d, String name) {
        if (d == null || d.getFeatures() == null || d.getLabels() == null || d.numExamples() == 0) {
            throw new IllegalArgumentException(name + " must be a non-empty DataSet with features and labels");
        }
        if (d.getFeatures().size(0) != d.getLabels().size(0)) {
            throw new IllegalArgumentException(name + ": features and labels must have the same number of rows, got "
                    + d.getFeatures().size(0) + " and " + d.getLabels().size(0));
        }
        return d.numExamples();
    }

    /**
     * Checks that the data's widths fit the network before training starts: a mismatch would otherwise surface as a
     * DL4J exception from inside the first step. Feature width is checked when the first layer is fed directly
     * (a feed-forward layer without an input pre-processor, e.g. not a CNN on flat images).
     */
    private static void requireShapes(MultiLayerNetwork net, DataSet data, String what) {
        if (data == null || data.getFeatures() == null || data.getLabels() == null
                || data.getFeatures().rank() != 2 || data.getLabels().rank() != 2) {
            return;  // requireData reports missing data; other ranks are the network's business
        }
        var layers = net.getLayerWiseConfigurations().getConfs();
        var first = layers.get(0).getLayer();
        if (first instanceof org.deeplearning4j.nn.conf.layers.FeedForwardLayer ff
                && !(first instanceof org.deeplearning4j.nn.conf.layers.ConvolutionLayer)
                && net.getLayerWiseConfigurations().getInputPreProcess(0) == null
                && ff.getNIn() != data.getFeatures().columns()) {
            throw new IllegalArgumentException("expected " + what + " features with " + ff.getNIn()
                    + " columns (the network's input size), got " + data.getFeatures().columns());
        }
        if (net.getLayerWiseConfigurations().getInputPreProcess(0)
                instanceof org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor image) {
            long h = image.getInputHeight();
            long w = image.getInputWidth();
            long c = image.getNumChannels();
            long columns = data.getFeatures().columns();
            if (h * w * c != columns) {
                long side = Math.round(Math.sqrt(columns));
                String seen = side * side == columns ? " (" + side + "x" + side + " images)" : "";
                String hint = columns == 64 && h * w == 784
                        ? " For optdigits use Datasets.optdigits28(): the 8x8 digits resized to 28x28." : "";
                throw new IllegalArgumentException("expected " + what + " features with " + h * w * c
                        + " columns (flat " + h + "x" + w + "x" + c + " images, the network's input), got " + columns
                        + seen + "." + hint);
            }
        }
        var last = layers.get(layers.size() - 1).getLayer();
        if (last instanceof org.deeplearning4j.nn.conf.layers.FeedForwardLayer ff
                && ff.getNOut() != data.getLabels().columns()) {
            throw new IllegalArgumentException("expected " + what + " labels with " + ff.getNOut()
                    + " columns (one per class of the output layer), got " + data.getLabels().columns());
        }
    }

    private static void requireNet(Object net) {
        if (net == null) {
            throw new IllegalArgumentException("net must not be null");
        }
    }

    private static void requireValidation(DataSet validation, int evalEvery, int patience) {
        requireData(validation, "validation");
        if (evalEvery < 1) {
            throw new IllegalArgumentException("evalEvery must be at least 1 step, got " + evalEvery);
        }
        if (patience < 1) {
            throw new IllegalArgumentException("patience must be at least 1 evaluation, got " + patience);
        }
    }
}
