package org.transferkit.adaptation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Proxy A-distance (Ben-David et al. 2007; used in the DANN paper): how well a linear classifier tells source
 * features from target features. 0 means indistinguishable domains, 2 means perfectly separable ones.
 *
 * <p>Each domain is shuffled and halved; a Tribuo logistic regression (SGD with AdaGrad) learns source-vs-target on
 * the first halves, and its error {@code e} on the second halves gives {@code d_A = 2 (1 - 2 e)}; an error above
 * 0.5 is replaced by {@code 1 - e} (as in the official DANN code) so the result lies in [0, 2]. Features are
 * standardised with the training halves' statistics. The official code also sweeps the regularisation of a linear
 * SVM and keeps the lowest error; this version trains one unregularised logistic model, so it can read a little lower.
 */
public final class ProxyADistance {

    /** Held-out domain-classification error (after the flip, at most 0.5) and the distance {@code 2(1-2e)}. */
    public record Result(double error, double distance, int trainSize, int testSize) {
    }

    /** Tribuo's SGD trainer logs every run at INFO; held here so the level set in computeLogistic sticks. */
    private static final java.util.logging.Logger TRIBUO_SGD_LOG =
            java.util.logging.Logger.getLogger("org.tribuo.common.sgd.AbstractSGDTrainer");

    private ProxyADistance() {
    }

    /** Proxy A-distance with 5 training epochs. */
    public static Result compute(INDArray source, INDArray target, long seed) {
        return compute(source, target, 5, seed);
    }

    /**
     * Proxy A-distance between the rows of {@code source} [nS, d] and {@code target} [nT, d] (at least 4 rows each).
     *
     * @param epochs passes of the logistic-regression SGD over the training halves, at least 1
     */
    public static Result compute(INDArray source, INDArray target, int epochs, long seed) {
        if (source == null || target == null || source.rank() != 2 || target.rank() != 2
                || source.size(1) != target.size(1)) {
            throw new IllegalArgumentException("Expected two matrices [n, d] with the same d, got "
                    + (source == null ? "null" : Arrays.toString(source.shape())) + " and "
                    + (target == null ? "null" : Arrays.toString(target.shape())));
        }
        if (source.size(0) < 4 || target.size(0) < 4) {
            throw new IllegalArgumentException("Need at least 4 rows per domain, got " + source.size(0) + " and "
                    + target.size(0));
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
        Random rnd = new Random(seed);
        double[][] s = source.castTo(DataType.DOUBLE).toDoubleMatrix();
        double[][] t = target.castTo(DataType.DOUBLE).toDoubleMatrix();
        int[] ps = permutation(s.length, rnd);
        int[] pt = permutation(t.length, rnd);
        int hs = s.length / 2;
        int ht = t.length / 2;
        int d = s[0].length;

        double[] mean = new double[d];
        double[] sd = new double[d];
        int nTrain = hs + ht;
        for (int i = 0; i < nTrain; i++) {
            double[] row = i < hs ? s[ps[i]] : t[pt[i - hs]];
            for (int j = 0; j < d; j++) {
                mean[j] += row[j] / nTrain;
            }
        }
        for (int i = 0; i < nTrain; i++) {
            double[] row = i < hs ? s[ps[i]] : t[pt[i - hs]];
            for (int j = 0; j < d; j++) {
                sd[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / nTrain;
            }
        }
        for (int j = 0; j < d; j++) {
            sd[j] = sd[j] > 1e-12 ? Math.sqrt(sd[j]) : 1.0;
        }
        String[] names = new String[d];
        for (int j = 0; j < d; j++) {
            names[j] = String.format("f%06d", j);
        }
        Label src = new Label("source");
        Label tgt = new Label("target");
        LabelFactory factory = new LabelFactory();
        MutableDataset<Label> train = new MutableDataset<>(new SimpleDataSourceProvenance("proxy A-distance", factory),
                factory);
        List<Example<Label>> test = new ArrayList<>();
        for (int i = 0; i < s.length; i++) {
            Example<Label> e = example(src, s[ps[i]], mean, sd, names);
            if (i < hs) {
                train.add(e);
            } else {
                test.add(e);
            }
        }
        for (int i = 0; i < t.length; i++) {
            Example<Label> e = example(tgt, t[pt[i]], mean, sd, names);
            if (i < ht) {
                train.add(e);
            } else {
                test.add(e);
            }
        }
        LinearSGDTrainer trainer = new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(0.1, 0.1), epochs,
                Integer.MAX_VALUE, 1, seed);
        Model<Label> model = trainer.train(train);
        int wrong = 0;
        List<Prediction<Label>> predictions = model.predict(test);
        for (int i = 0; i < predictions.size(); i++) {
            if (!predictions.get(i).getOutput().getLabel().equals(test.get(i).getOutput().getLabel())) {
                wrong++;
            }
        }
        double error = wrong / (double) test.size();
        return new Result(flipped(error), distanceFromError(error), train.size(), test.size());
    }

    /**
     * Proxy A-distance measured with a non-linear domain classifier: a one-hidden-layer ReLU network
     * ({@code hidden} units, Adam 0.01, {@code steps} steps of 64 rows) trained on the first halves of the
     * standardised, shuffled domains and scored on the second halves. A linear classifier cannot see some shifts
     * (a rotation of a centred 2-D cloud keeps its mean), this one can.
     */
    public static Result computeMlp(INDArray source, INDArray target, int hidden, int steps, long seed) {
        return computeMlp(source, target, hidden, steps, 64, seed);
    }

    /**
     * As {@link #computeMlp(INDArray, INDArray, int, int, long)} with {@code batchSize} rows per step (capped at the
     * training halves' size). On small data (the two-moons) full-batch steps train the domain classifier to
     * convergence in a few hundred cheap steps; an under-trained classifier under-states the distance.
     */
    public static Result computeMlp(INDArray source, INDArray target, int hidden, int steps, int batchSize,
            long seed) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        if (source == null || target == null || source.rank() != 2 || target.rank() != 2
                || source.size(1) != target.size(1)) {
            throw new IllegalArgumentException("Expected two matrices [n, d] with the same d");
        }
        if (source.size(0) < 4 || target.size(0) < 4) {
            throw new IllegalArgumentException("Need at least 4 rows per domain, got " + source.size(0) + " and "
                    + target.size(0));
        }
        if (hidden < 1 || steps < 1) {
            throw new IllegalArgumentException("hidden and steps must be >= 1, got " + hidden + ", " + steps);
        }
        Random rnd = new Random(seed);
        int[] ps = permutation((int) source.size(0), rnd);
        int[] pt = permutation((int) target.size(0), rnd);
        int hs = ps.length / 2;
        int ht = pt.length / 2;
        INDArray sTrain = org.nd4j.linalg.factory.Nd4j.pullRows(source, 1, java.util.Arrays.copyOfRange(ps, 0, hs));
        INDArray sTest = org.nd4j.linalg.factory.Nd4j.pullRows(source, 1, java.util.Arrays.copyOfRange(ps, hs, ps.length));
        INDArray tTrain = org.nd4j.linalg.factory.Nd4j.pullRows(target, 1, java.util.Arrays.copyOfRange(pt, 0, ht));
        INDArray tTest = org.nd4j.linalg.factory.Nd4j.pullRows(target, 1, java.util.Arrays.copyOfRange(pt, ht, pt.length));
        INDArray xTrain = org.nd4j.linalg.factory.Nd4j.vstack(sTrain, tTrain).castTo(DataType.DOUBLE);
        INDArray xTest = org.nd4j.linalg.factory.Nd4j.vstack(sTest, tTest).castTo(DataType.DOUBLE);
        INDArray mean = xTrain.mean(0);
        INDArray sd = xTrain.std(0);
        double[] sds = sd.toDoubleVector();
        for (int j = 0; j < sds.length; j++) {
            if (!(sds[j] > 1e-8)) {
                sd.putScalar(j, 1.0);
            }
        }
        xTrain = xTrain.subRowVector(mean).diviRowVector(sd).castTo(DataType.FLOAT);
        xTest = xTest.subRowVector(mean).diviRowVector(sd).castTo(DataType.FLOAT);
        org.deeplearning4j.nn.multilayer.MultiLayerNetwork net = org.transferkit.models.Models.mlp(
                (int) source.size(1), new int[] {hidden}, 2, new org.nd4j.linalg.learning.config.Adam(0.01), seed);
        org.transferkit.training.Trainer.fitSteps(net, new org.nd4j.linalg.dataset.DataSet(xTrain,
                domainLabels(hs, ht)), steps, Math.min(batchSize, hs + ht), seed);
        double acc = org.transferkit.training.Trainer.accuracy(net, new org.nd4j.linalg.dataset.DataSet(xTest,
                domainLabels(ps.length - hs, pt.length - ht)));
        double error = 1 - acc;
        return new Result(flipped(error), distanceFromError(error), hs + ht, ps.length - hs + pt.length - ht);
    }

    /**
     * Proxy A-distance on raw inputs with Tribuo's default logistic regression as the domain classifier (no
     * standardisation; inputs of any rank are flattened to [n, d]): each domain is shuffled with {@code seed} and cut
     * in halves, the classifier trains on the first halves and is tested on the second halves. Used by the
     * negative-transfer lesson to compare source and target images in pixel space; it looks at the inputs only,
     * never at labels.
     *
     * @throws IllegalArgumentException for a domain with fewer than 2 rows or a different number of features
     */
    public static Result computeLogistic(INDArray source, INDArray target, long seed) {
        INDArray s = flat(source, "source");
        INDArray t = flat(target, "target");
        if (s.size(1) != t.size(1)) {
            throw new IllegalArgumentException("expected the same number of features in both domains, got "
                    + s.size(1) + " and " + t.size(1));
        }
        Random random = new Random(seed);
        int[][] sHalves = halves((int) s.size(0), random);
        int[][] tHalves = halves((int) t.size(0), random);
        MutableDataset<Label> train = domains(s, sHalves[0], t, tHalves[0]);
        MutableDataset<Label> test = domains(s, sHalves[1], t, tHalves[1]);
        if (TRIBUO_SGD_LOG.getLevel() == null) {
            TRIBUO_SGD_LOG.setLevel(java.util.logging.Level.WARNING);
        }
        Model<Label> model = new org.tribuo.classification.sgd.linear.LogisticRegressionTrainer().train(train);
        double error = 1 - new org.tribuo.classification.evaluation.LabelEvaluator().evaluate(model, test).accuracy();
        return new Result(flipped(error), distanceFromError(error), train.size(), test.size());
    }

    /**
     * d_A = 2 (1 - 2 e) for a domain classifier's held-out error e, with e replaced by 1 - e when e &gt; 0.5 (a
     * classifier that is wrong more often than not still separates the domains), so the distance lies in [0, 2].
     *
     * @throws IllegalArgumentException for an error outside [0, 1]
     */
    public static double distanceFromError(double error) {
        if (!(error >= 0 && error <= 1)) {
            throw new IllegalArgumentException("expected an error rate in [0, 1], got " + error);
        }
        return 2 * (1 - 2 * flipped(error));
    }

    private static double flipped(double error) {
        return error > 0.5 ? 1 - error : error;
    }

    private static MutableDataset<Label> domains(INDArray s, int[] sRows, INDArray t, int[] tRows) {
        INDArray features = org.nd4j.linalg.factory.Nd4j.vstack(org.nd4j.linalg.factory.Nd4j.pullRows(s, 1, sRows),
                org.nd4j.linalg.factory.Nd4j.pullRows(t, 1, tRows));
        INDArray labels = domainLabels(sRows.length, tRows.length);
        return org.transferkit.transfer.FeatureTransfer.toTribuo(new org.nd4j.linalg.dataset.DataSet(features, labels),
                new String[] {"source", "target"}, "proxy A-distance: source vs target rows");
    }

    /** A seeded shuffle of 0..n-1 cut into a first and a second half. */
    private static int[][] halves(int n, Random random) {
        int[] order = permutation(n, random);
        int first = n / 2;
        return new int[][] {Arrays.copyOfRange(order, 0, first), Arrays.copyOfRange(order, first, n)};
    }

    private static INDArray flat(INDArray x, String name) {
        if (x == null || x.rank() < 2 || x.size(0) < 2) {
            throw new IllegalArgumentException(name + ": expected at least 2 rows [n, d], got "
                    + (x == null ? "null" : Arrays.toString(x.shape())));
        }
        return x.rank() == 2 ? x : x.reshape('c', x.size(0), x.length() / x.size(0));
    }

    private static INDArray domainLabels(int nSource, int nTarget) {
        INDArray y = org.nd4j.linalg.factory.Nd4j.zeros(DataType.FLOAT, nSource + nTarget, 2);
        for (int i = 0; i < nSource + nTarget; i++) {
            y.putScalar(i, i < nSource ? 0 : 1, 1f);
        }
        return y;
    }

    private static Example<Label> example(Label label, double[] row, double[] mean, double[] sd, String[] names) {
        double[] v = new double[row.length];
        for (int j = 0; j < row.length; j++) {
            v[j] = (row[j] - mean[j]) / sd[j];
        }
        return new ArrayExample<>(label, names, v);
    }

    private static int[] permutation(int n, Random rnd) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int tmp = p[i];
            p[i] = p[j];
            p[j] = tmp;
        }
        return p;
    }
}
