package org.transferkit.multitask;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.transferkit.display.Progress;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Soft parameter sharing (Duong et al. 2015): T networks of the same shape, one per task, trained together on the
 * objective {@code J = sum_i L_i(theta_i) + lambda * sum_{i<j} ||theta_i - theta_j||^2}, the penalty taken over the
 * chosen (coupled) layers. {@code lambda = 0} is independent training; as {@code lambda} grows the coupled layers are
 * pulled together, towards hard sharing.
 *
 * <p>The penalty gradient is applied exactly: {@code dJ/dtheta_i = dL_i/dtheta_i + 2 lambda sum_{j != i}
 * (theta_i - theta_j)}, evaluated for all networks at the same point, then each network takes its own updater step.
 * One step replays DL4J's own {@code fit} sequence: {@code computeGradientAndScore}, add the penalty gradient to the
 * gradient view (times the batch size, because DL4J's updater divides the view by the minibatch size),
 * {@code getUpdater().update(net, gradient, iteration, epoch, batchSize, ...)}, {@code params().subi(update)} and an
 * iteration-count increment. So {@code lambda = 0} reproduces {@code net.fit(batch)} bit for bit.
 *
 * <p>L_i is DL4J's mean minibatch loss; l1/l2/weight decay configured on a network are applied by its updater as
 * usual and are not part of {@link #objective} / {@link #objectiveGradient}. Gradient clipping/normalisation, if
 * configured, acts on the coupled gradient. Layer constraints are not applied.
 */
public final class SoftSharing {

    private final List<MultiLayerNetwork> nets;
    private final double lambda;
    private final int[] layers;

    private SoftSharing(List<MultiLayerNetwork> nets, double lambda, int[] layers) {
        this.nets = nets;
        this.lambda = lambda;
        this.layers = layers;
    }

    /**
     * Couples the named layers (DL4J layer names, e.g. {@code "fc1"}) of two or more networks of the same shape.
     *
     * @param lambda penalty strength, finite and {@code >= 0}
     */
    public static SoftSharing of(List<MultiLayerNetwork> nets, double lambda, String... layerNames) {
        checkNets(nets);
        if (layerNames == null || layerNames.length == 0) {
            throw new IllegalArgumentException("expected at least one layer name to couple");
        }
        int[] idx = new int[layerNames.length];
        for (int k = 0; k < layerNames.length; k++) {
            idx[k] = indexOf(nets.get(0), layerNames[k]);
        }
        return ofLayers(nets, lambda, idx);
    }

    /** Couples the layers with the given indices (0 = first layer). */
    public static SoftSharing ofLayers(List<MultiLayerNetwork> nets, double lambda, int... layerIndices) {
        checkNets(nets);
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("expected a finite lambda >= 0, got " + lambda);
        }
        if (layerIndices == null || layerIndices.length == 0) {
            throw new IllegalArgumentException("expected at least one layer index to couple");
        }
        int[] idx = layerIndices.clone();
        if (Arrays.stream(idx).distinct().count() != idx.length) {
            throw new IllegalArgumentException("layer listed twice: " + Arrays.toString(idx));
        }
        MultiLayerNetwork first = nets.get(0);
        for (int k : idx) {
            if (k < 0 || k >= first.getnLayers()) {
                throw new IllegalArgumentException("expected a layer index in [0, " + first.getnLayers() + "), got "
                        + k);
            }
            long np = first.getLayer(k).numParams();
            if (np == 0) {
                throw new IllegalArgumentException("layer " + k + " (" + name(first, k) + ") has no parameters");
            }
            for (int i = 1; i < nets.size(); i++) {
                MultiLayerNetwork net = nets.get(i);
                if (k >= net.getnLayers() || net.getLayer(k).numParams() != np
                        || !Arrays.equals(net.getLayer(k).params().shape(), first.getLayer(k).params().shape())) {
                    throw new IllegalArgumentException("network " + i + " differs in shape at layer " + k + " ("
                            + name(first, k) + "): coupled layers must have the same parameter shapes");
                }
                if (net.params().dataType() != first.params().dataType()) {
                    throw new IllegalArgumentException("network " + i + " has data type " + net.params().dataType()
                            + ", expected " + first.params().dataType());
                }
            }
        }
        return new SoftSharing(List.copyOf(nets), lambda, idx);
    }

    /** The coupled networks, in task order. */
    public List<MultiLayerNetwork> nets() {
        return nets;
    }

    /** The penalty strength. */
    public double lambda() {
        return lambda;
    }

    /** Names of the coupled layers. */
    public List<String> layerNames() {
        List<String> out = new ArrayList<>();
        for (int k : layers) {
            out.add(name(nets.get(0), k));
        }
        return out;
    }

    /**
     * One simultaneous training step: every network i sees its own batch {@code batches.get(i)}; all gradients,
     * penalty included, are taken at the current parameters before any network moves.
     *
     * @return the objective J at the parameters before the step
     */
    public double step(List<DataSet> batches) {
        double[] j = coupledGradients(batches);
        applyUpdates(batches);
        return j[0];
    }

    /**
     * Trains all networks together for {@code steps} steps, network i on seeded minibatches of {@code taskData.get(i)}
     * (each task has its own reshuffled passes; the batch size is capped at a task's size). Shows a
     * {@link Progress} bar.
     */
    public SoftSharingResult fitSteps(List<DataSet> taskData, int steps, int batchSize, long seed) {
        checkBatches(taskData);
        if (steps < 0) {
            throw new IllegalArgumentException("expected steps >= 0, got " + steps);
        }
        Random r = new Random(seed);
        List<BatchSampler> samplers = new ArrayList<>();
        for (DataSet d : taskData) {
            samplers.add(new BatchSampler((int) d.getFeatures().size(0), batchSize, r.nextLong()));
        }
        int t = nets.size();
        double[] objective = new double[steps];
        double[] sqDistance = new double[steps];
        double[][] taskLoss = new double[t][steps];
        String title = String.format(Locale.ROOT, "soft sharing lambda=%s", lambda);
        try (Progress progress = steps > 0 ? Progress.start(title, steps) : null) {
            for (int s = 0; s < steps; s++) {
                List<DataSet> batches = new ArrayList<>();
                for (int i = 0; i < t; i++) {
                    batches.add(BatchSampler.rows(taskData.get(i), samplers.get(i).next()));
                }
                double[] j = coupledGradients(batches);
                objective[s] = j[0];
                sqDistance[s] = j[1];
                for (int i = 0; i < t; i++) {
                    taskLoss[i][s] = j[2 + i];
                }
                applyUpdates(batches);
                progress.step(String.format(Locale.ROOT, "objective %.4f, sq distance %.4g", j[0], j[1]));
            }
        }
        return new SoftSharingResult(lambda, layerNames(), objective, taskLoss, sqDistance, parameterDistance());
    }

    /**
     * The baseline of {@link #fitSteps}: trains each network alone with its own {@code net.fit(batch)}, on exactly the
     * minibatches {@code fitSteps} would draw with the same arguments. So {@code fitSteps} with {@code lambda = 0}
     * and this give bit-for-bit the same parameters: lambda = 0 is independent training.
     */
    public static void fitIndependently(List<MultiLayerNetwork> nets, List<DataSet> taskData, int steps,
                                        int batchSize, long seed) {
        checkNets(nets);
        if (taskData == null || taskData.size() != nets.size()) {
            throw new IllegalArgumentException("expected one DataSet per network (" + nets.size() + "), got "
                    + (taskData == null ? "null" : taskData.size()));
        }
        if (steps < 0) {
            throw new IllegalArgumentException("expected steps >= 0, got " + steps);
        }
        Random r = new Random(seed);
        List<BatchSampler> samplers = new ArrayList<>();
        for (DataSet d : taskData) {
            if (d == null || d.getFeatures() == null || d.getFeatures().size(0) == 0) {
                throw new IllegalArgumentException("expected a non-empty DataSet for every network");
            }
            samplers.add(new BatchSampler((int) d.getFeatures().size(0), batchSize, r.nextLong()));
        }
        try (Progress progress = steps > 0 ? Progress.start("independent networks", steps) : null) {
            for (int s = 0; s < steps; s++) {
                for (int i = 0; i < nets.size(); i++) {
                    nets.get(i).fit(BatchSampler.rows(taskData.get(i), samplers.get(i).next()));
                }
                progress.step("");
            }
        }
    }

    /**
     * A copy of network {@code target} whose coupled layers are replaced by those of network {@code source}: e.g.
     * task 1's head on task 0's trunk. When the coupled layers have been pulled together (large lambda), the copy
     * predicts like network {@code target} itself, which is what sharing one trunk (hard sharing) means.
     */
    public MultiLayerNetwork withCoupledLayersFrom(int source, int target) {
        if (source < 0 || source >= nets.size() || target < 0 || target >= nets.size()) {
            throw new IllegalArgumentException("expected network indices in [0, " + nets.size() + "), got " + source
                    + " and " + target);
        }
        MultiLayerNetwork copy = nets.get(target).clone();
        for (int k : layers) {
            copy.getLayer(k).setParams(nets.get(source).getLayer(k).params().dup());
        }
        return copy;
    }

    /**
     * Relative distance of the coupled layers: mean over network pairs of {@code ||theta_i - theta_j||} divided by
     * the mean of {@code ||theta_i||} and {@code ||theta_j||} (0 = identical trunks, about 1.4 for independent
     * random ones of equal norm).
     */
    public double relativeDistance() {
        double s = 0;
        int c = 0;
        double[][] d2 = pairSquaredDistances();
        double[] norm = new double[nets.size()];
        for (int i = 0; i < nets.size(); i++) {
            double sq = 0;
            for (int k : layers) {
                double n = nets.get(i).getLayer(k).params().norm2Number().doubleValue();
                sq += n * n;
            }
            norm[i] = Math.sqrt(sq);
        }
        for (int i = 0; i < nets.size(); i++) {
            for (int j = i + 1; j < nets.size(); j++) {
                double mean = 0.5 * (norm[i] + norm[j]);
                s += mean == 0 ? 0 : Math.sqrt(d2[i][j]) / mean;
                c++;
            }
        }
        return s / c;
    }

    private void applyUpdates(List<DataSet> batches) {
        for (int i = 0; i < nets.size(); i++) {
            MultiLayerNetwork net = nets.get(i);
            int batchSize = (int) batches.get(i).getFeatures().size(0);
            int iteration = net.getIterationCount();
            int epoch = net.getEpochCount();
            Gradient g = net.gradient();
            net.getUpdater().update(net, g, iteration, epoch, batchSize, LayerWorkspaceMgr.noWorkspaces());
            net.params().subi(g.gradient());
            for (TrainingListener l : net.getListeners()) {
                l.iterationDone(net, iteration, epoch);
            }
            net.setIterationCount(iteration + 1);
            net.clearLayerMaskArrays();
            net.clearLayersStates();
        }
    }

    /** The objective J: sum of the networks' mean minibatch losses plus the coupling penalty (no step taken). */
    public double objective(List<DataSet> batches) {
        checkBatches(batches);
        double j = 0;
        for (int i = 0; i < nets.size(); i++) {
            MultiLayerNetwork net = nets.get(i);
            j += net.score(batches.get(i), false) - net.calcRegularizationScore(true);
        }
        return j + penalty();
    }

    /**
     * The exact gradient of {@link #objective} with respect to each network's flattened parameters (in
     * {@code net.params()} order), as the step uses it (no step taken).
     */
    public List<INDArray> objectiveGradient(List<DataSet> batches) {
        coupledGradients(batches);
        List<INDArray> out = new ArrayList<>();
        for (int i = 0; i < nets.size(); i++) {
            MultiLayerNetwork net = nets.get(i);
            out.add(net.getFlattenedGradients().dup().reshape(-1).divi(scale(net, batches.get(i))));
            net.clearLayerMaskArrays();
            net.clearLayersStates();
        }
        return out;
    }

    /**
     * Checks {@link #objectiveGradient} against central finite differences of {@link #objective}, parameter by
     * parameter over all networks: returns the largest relative error {@code |a - n| / (|a| + |n|)} (pairs where both
     * are below 1e-8 are skipped). Use DOUBLE networks and small ones: this costs two objective evaluations per
     * parameter. The parameters are restored.
     */
    public double maxRelativeGradientError(List<DataSet> batches, double eps) {
        if (!(eps > 0)) {
            throw new IllegalArgumentException("expected eps > 0, got " + eps);
        }
        List<INDArray> analytic = objectiveGradient(batches);
        double maxRel = 0;
        for (int i = 0; i < nets.size(); i++) {
            INDArray p = nets.get(i).params();
            for (long k = 0; k < p.length(); k++) {
                double orig = p.getDouble(k);
                p.putScalar(k, orig + eps);
                double plus = objective(batches);
                p.putScalar(k, orig - eps);
                double minus = objective(batches);
                p.putScalar(k, orig);
                double numeric = (plus - minus) / (2 * eps);
                double a = analytic.get(i).getDouble(k);
                double denom = Math.abs(a) + Math.abs(numeric);
                if (denom > 1e-8) {
                    maxRel = Math.max(maxRel, Math.abs(a - numeric) / denom);
                }
            }
        }
        return maxRel;
    }

    /** Number of parameters of all networks together (what {@link #maxRelativeGradientError} walks through). */
    public long numParams() {
        long n = 0;
        for (MultiLayerNetwork net : nets) {
            n += net.numParams();
        }
        return n;
    }

    /** The coupling penalty {@code lambda * sum_{i<j} ||theta_i - theta_j||^2} over the coupled layers. */
    public double penalty() {
        return lambda * squaredDistanceSum();
    }

    /** {@code sum_{i<j} ||theta_i - theta_j||^2} over the coupled layers (the penalty without lambda). */
    public double squaredDistanceSum() {
        double s = 0;
        double[][] d2 = pairSquaredDistances();
        for (int i = 0; i < nets.size(); i++) {
            for (int j = i + 1; j < nets.size(); j++) {
                s += d2[i][j];
            }
        }
        return s;
    }

    /** Mean over network pairs of the Euclidean distance between their coupled-layer parameters. */
    public double parameterDistance() {
        double[][] d2 = pairSquaredDistances();
        double s = 0;
        int c = 0;
        for (int i = 0; i < nets.size(); i++) {
            for (int j = i + 1; j < nets.size(); j++) {
                s += Math.sqrt(d2[i][j]);
                c++;
            }
        }
        return s / c;
    }

    /** Distances per coupled layer and network pair: layer, net a, net b, distance, relative (to the mean norm). */
    public Table distanceTable() {
        StringColumn layer = StringColumn.create("layer");
        IntColumn a = IntColumn.create("net a");
        IntColumn b = IntColumn.create("net b");
        DoubleColumn dist = DoubleColumn.create("distance");
        DoubleColumn rel = DoubleColumn.create("relative");
        for (int k : layers) {
            for (int i = 0; i < nets.size(); i++) {
                for (int j = i + 1; j < nets.size(); j++) {
                    INDArray pi = nets.get(i).getLayer(k).params();
                    INDArray pj = nets.get(j).getLayer(k).params();
                    double d = pi.distance2(pj);
                    double norm = 0.5 * (pi.norm2Number().doubleValue() + pj.norm2Number().doubleValue());
                    layer.append(name(nets.get(0), k));
                    a.append(i);
                    b.append(j);
                    dist.append(d);
                    rel.append(norm == 0 ? Double.NaN : d / norm);
                }
            }
        }
        return Table.create("Soft sharing: parameter distance (lambda=" + lambda + ")", layer, a, b, dist, rel);
    }

    /**
     * Fills each network's gradient view with {@code scale_i * dJ/dtheta_i} (scale = the batch size when DL4J
     * divides by it). Returns {objective, squared distance sum, task loss 0..T-1}, all at the current parameters.
     */
    private double[] coupledGradients(List<DataSet> batches) {
        checkBatches(batches);
        int t = nets.size();
        double[] out = new double[2 + t];
        for (int i = 0; i < t; i++) {
            MultiLayerNetwork net = nets.get(i);
            DataSet b = batches.get(i);
            net.setInput(b.getFeatures());
            net.setLabels(b.getLabels());
            net.setLayerMaskArrays(b.getFeaturesMaskArray(), b.getLabelsMaskArray());
            net.computeGradientAndScore();
            double loss = net.score() - net.calcRegularizationScore(true);
            out[2 + i] = loss;
            out[0] += loss;
        }
        double d2 = squaredDistanceSum();
        out[1] = d2;
        out[0] += lambda * d2;
        if (lambda == 0) {
            return out;
        }
        // all penalty gradients first (every network still at the current point), then add them
        INDArray[][] pen = new INDArray[t][layers.length];
        for (int k = 0; k < layers.length; k++) {
            INDArray sum = nets.get(0).getLayer(layers[k]).params().dup();
            for (int i = 1; i < t; i++) {
                sum.addi(nets.get(i).getLayer(layers[k]).params());
            }
            for (int i = 0; i < t; i++) {
                // 2 lambda sum_{j != i} (theta_i - theta_j) = 2 lambda (T theta_i - sum_j theta_j)
                pen[i][k] = nets.get(i).getLayer(layers[k]).params().mul(t).subi(sum).muli(2.0 * lambda);
            }
        }
        for (int i = 0; i < t; i++) {
            double scale = scale(nets.get(i), batches.get(i));
            for (int k = 0; k < layers.length; k++) {
                INDArray view = nets.get(i).getLayer(layers[k]).getGradientsViewArray();
                view.addi(pen[i][k].reshape(view.shape()).muli(scale));
            }
        }
        return out;
    }

    private double[][] pairSquaredDistances() {
        int t = nets.size();
        double[][] d2 = new double[t][t];
        for (int k : layers) {
            for (int i = 0; i < t; i++) {
                for (int j = i + 1; j < t; j++) {
                    double d = nets.get(i).getLayer(k).params().distance2(nets.get(j).getLayer(k).params());
                    d2[i][j] += d * d;
                    d2[j][i] = d2[i][j];
                }
            }
        }
        return d2;
    }

    /** DL4J divides the gradient view by the minibatch size inside the updater when the net is in minibatch mode. */
    private static double scale(MultiLayerNetwork net, DataSet batch) {
        boolean miniBatch = net.getLayerWiseConfigurations().getConf(0).isMiniBatch();
        return miniBatch ? batch.getFeatures().size(0) : 1.0;
    }

    private void checkBatches(List<DataSet> batches) {
        if (batches == null || batches.size() != nets.size()) {
            throw new IllegalArgumentException("expected one DataSet per network (" + nets.size() + "), got "
                    + (batches == null ? "null" : batches.size()));
        }
        for (int i = 0; i < batches.size(); i++) {
            DataSet d = batches.get(i);
            if (d == null || d.getFeatures() == null || d.getFeatures().size(0) == 0) {
                throw new IllegalArgumentException("expected a non-empty DataSet for network " + i);
            }
        }
    }

    private static void checkNets(List<MultiLayerNetwork> nets) {
        if (nets == null || nets.size() < 2) {
            throw new IllegalArgumentException("expected at least 2 networks to couple, got "
                    + (nets == null ? "null" : nets.size()));
        }
        for (int i = 0; i < nets.size(); i++) {
            if (nets.get(i) == null) {
                throw new IllegalArgumentException("network " + i + " is null");
            }
            if (nets.get(i).params() == null) {
                throw new IllegalArgumentException("network " + i + " is not initialised: call net.init() first");
            }
        }
        for (int i = 0; i < nets.size(); i++) {
            for (int j = i + 1; j < nets.size(); j++) {
                if (nets.get(i) == nets.get(j)) {
                    throw new IllegalArgumentException("the same network object is listed twice (" + i + ", " + j
                            + "): pass separate networks");
                }
            }
        }
    }

    private static int indexOf(MultiLayerNetwork net, String layerName) {
        List<String> names = new ArrayList<>();
        for (int k = 0; k < net.getnLayers(); k++) {
            String n = name(net, k);
            if (n.equals(layerName)) {
                return k;
            }
            names.add(n);
        }
        throw new IllegalArgumentException("unknown layer '" + layerName + "'; expected one of " + names);
    }

    private static String name(MultiLayerNetwork net, int k) {
        Layer l = net.getLayer(k);
        String n = l.conf().getLayer().getLayerName();
        return n == null ? String.valueOf(k) : n;
    }
}
