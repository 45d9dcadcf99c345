package org.transferkit.adaptation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A network trained by {@link DannTrainer}, with its monitor history: predictions, accuracy, the learned features
 * (for before/after plots and the proxy A-distance) and the domain classifier's accuracy.
 */
public final class DannModel {

    private static final int CHUNK = 512;

    private final ComputationGraph network;
    private final String featureVertex;
    private final List<DannTrainer.Monitor> history;
    private final int selectedStep;
    private final int steps;
    private final long trainMillis;

    DannModel(ComputationGraph network, String featureVertex, List<DannTrainer.Monitor> history, int selectedStep,
            int steps, long trainMillis) {
        this.network = network;
        this.featureVertex = featureVertex;
        this.history = history;
        this.selectedStep = selectedStep;
        this.steps = steps;
        this.trainMillis = trainMillis;
    }

    /** The trained graph: outputs {@code label} (softmax) and {@code domain} (probability of target). */
    public ComputationGraph network() {
        return network;
    }

    /** Name of the vertex whose activations are the shared features. */
    public String featureVertex() {
        return featureVertex;
    }

    /** Monitor evaluations, in step order. */
    public List<DannTrainer.Monitor> history() {
        return history;
    }

    /** Step whose weights were kept (the last step unless selection by source validation picked another). */
    public int selectedStep() {
        return selectedStep;
    }

    /** Wall-clock training time in milliseconds, including monitor evaluations. */
    public long trainMillis() {
        return trainMillis;
    }

    /** Average wall-clock milliseconds per optimisation step (monitor evaluations included). */
    public double millisPerStep() {
        return trainMillis / (double) steps;
    }

    /** Class probabilities [n, C] of the label head. */
    public INDArray labelProbabilities(INDArray features) {
        return outputs(network, checkRows(features))[0];
    }

    /** Predicted class per row. */
    public int[] predict(INDArray features) {
        return labelProbabilities(features).argMax(1).toIntVector();
    }

    /** Fraction of rows whose predicted class matches the one-hot label. */
    public double accuracy(DataSet data) {
        if (data == null || data.getLabels() == null || data.numExamples() == 0) {
            throw new IllegalArgumentException("Expected a non-empty labelled DataSet");
        }
        return accuracy(labelProbabilities(data.getFeatures()), data.getLabels());
    }

    /** Activations of the feature vertex, flattened to [n, d]. */
    public INDArray featuresOf(DataSet data) {
        if (data == null) {
            throw new IllegalArgumentException("Expected a DataSet, got null");
        }
        return featuresOf(data.getFeatures());
    }

    /** Activations of the feature vertex for these input rows, flattened to [n, d]. */
    public INDArray featuresOf(INDArray features) {
        INDArray x = checkRows(features).castTo(DataType.FLOAT);
        int index = network.getVertex(featureVertex).getVertexIndex();
        List<INDArray> parts = new ArrayList<>();
        for (long from = 0; from < x.size(0); from += CHUNK) {
            INDArray chunk = x.get(NDArrayIndex.interval(from, Math.min(from + CHUNK, x.size(0))), NDArrayIndex.all());
            INDArray act = network.feedForward(new INDArray[] {chunk}, index, false).get(featureVertex);
            parts.add(act.reshape(act.size(0), act.length() / act.size(0)).dup());
        }
        return parts.size() == 1 ? parts.get(0) : Nd4j.vstack(parts.toArray(new INDArray[0]));
    }

    /**
     * Accuracy of the network's own domain classifier on these source and target rows (threshold 0.5). Near 0.5
     * means the features no longer reveal the domain; near 1 means the discriminator wins.
     */
    public double domainAccuracy(INDArray source, INDArray target) {
        INDArray ds = outputs(network, checkRows(source))[1];
        INDArray dt = outputs(network, checkRows(target))[1];
        return domainLossAndAccuracy(ds, dt)[1];
    }

    /** Network outputs {label probabilities, domain probabilities}, computed in chunks. */
    static INDArray[] outputs(ComputationGraph net, INDArray x) {
        INDArray xf = x.castTo(DataType.FLOAT);
        List<INDArray> labels = new ArrayList<>();
        List<INDArray> domains = new ArrayList<>();
        for (long from = 0; from < xf.size(0); from += CHUNK) {
            INDArray chunk = xf.get(NDArrayIndex.interval(from, Math.min(from + CHUNK, xf.size(0))),
                    NDArrayIndex.all());
            INDArray[] out = net.output(false, chunk);
            labels.add(out[0]);
            domains.add(out[1]);
        }
        if (labels.size() == 1) {
            return new INDArray[] {labels.get(0), domains.get(0)};
        }
        return new INDArray[] {Nd4j.vstack(labels.toArray(new INDArray[0])),
                Nd4j.vstack(domains.toArray(new INDArray[0]))};
    }

    static double accuracy(INDArray probabilities, INDArray oneHot) {
        if (!Arrays.equals(probabilities.shape(), oneHot.shape())) {
            throw new IllegalArgumentException("Expected labels of shape " + Arrays.toString(probabilities.shape())
                    + ", got " + Arrays.toString(oneHot.shape()));
        }
        int[] pred = probabilities.argMax(1).toIntVector();
        int[] truth = oneHot.argMax(1).toIntVector();
        int correct = 0;
        for (int i = 0; i < pred.length; i++) {
            if (pred[i] == truth[i]) {
                correct++;
            }
        }
        return correct / (double) pred.length;
    }

    /** Mean cross-entropy of probabilities against one-hot labels. */
    static double crossEntropy(INDArray probabilities, INDArray oneHot) {
        double[][] p = probabilities.castTo(DataType.DOUBLE).toDoubleMatrix();
        int[] truth = oneHot.argMax(1).toIntVector();
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            sum -= Math.log(Math.max(p[i][truth[i]], 1e-12));
        }
        return sum / p.length;
    }

    /** {binary cross-entropy, accuracy} of domain probabilities: source rows should be 0, target rows 1. */
    static double[] domainLossAndAccuracy(INDArray sourceProb, INDArray targetProb) {
        double[] s = sourceProb.castTo(DataType.DOUBLE).ravel().toDoubleVector();
        double[] t = targetProb.castTo(DataType.DOUBLE).ravel().toDoubleVector();
        double loss = 0;
        int correct = 0;
        for (double v : s) {
            loss -= Math.log(Math.max(1 - v, 1e-12));
            correct += v < 0.5 ? 1 : 0;
        }
        for (double v : t) {
            loss -= Math.log(Math.max(v, 1e-12));
            correct += v >= 0.5 ? 1 : 0;
        }
        int n = s.length + t.length;
        return new double[] {loss / n, correct / (double) n};
    }

    private static INDArray checkRows(INDArray x) {
        if (x == null || x.rank() != 2 || x.size(0) == 0) {
            throw new IllegalArgumentException("Expected a non-empty feature matrix [n, d], got "
                    + (x == null ? "null" : Arrays.toString(x.shape())));
        }
        return x;
    }
}
