package org.transferkit.lessons.negative;

import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.evaluation.LabelEvaluator;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.transferkit.transfer.FeatureTransfer;

/**
 * Proxy A-distance between two input distributions (Ben-David et al. 2007; used by Ganin et al. for DANN): train a
 * linear domain classifier (Tribuo's {@link LogisticRegressionTrainer}) to tell source rows from target rows on one
 * half of each, measure its error e on the other halves, replace e by 1 - e when e &gt; 0.5, and report
 * d_A = 2 (1 - 2 e), from 0 (indistinguishable) to 2 (perfectly separable). It looks at the inputs only, never at
 * the labels. The official code also sweeps the regularisation of a linear SVM and keeps the lowest error; one
 * logistic regression reads a little lower. (A small stand-in for the adaptation package's proxy A-distance, for
 * this lesson; the two should be merged.)
 */
public final class DomainClassifierDistance {
    /** Tribuo's SGD trainer logs every run at INFO; held here so the level set below sticks. */
    private static final java.util.logging.Logger TRIBUO_SGD_LOG =
            java.util.logging.Logger.getLogger("org.tribuo.common.sgd.AbstractSGDTrainer");

    private DomainClassifierDistance() {
    }

    /**
     * @param error     held-out error of the domain classifier after the flip (at most 0.5)
     * @param distance  2 (1 - 2 error)
     * @param trainSize rows the classifier was trained on (both domains)
     * @param testSize  rows it was tested on (both domains)
     */
    public record Result(double error, double distance, int trainSize, int testSize) {
    }

    /**
     * Proxy A-distance between the rows of {@code source} and {@code target} ([n, d] each, same d; images are
     * flattened). Each domain is shuffled with {@code seed} and split in halves; the classifier trains on the first
     * halves and is tested on the second halves.
     *
     * @throws IllegalArgumentException for a domain with fewer than 2 rows or a different number of features
     */
    public static Result proxyA(INDArray source, INDArray target, long seed) {
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
        Model<Label> model = new LogisticRegressionTrainer().train(train);
        double error = 1 - new LabelEvaluator().evaluate(model, test).accuracy();
        return new Result(flipped(error), distance(error), train.size(), test.size());
    }

    /** d_A = 2 (1 - 2 e) with e replaced by 1 - e when e &gt; 0.5, so the distance lies in [0, 2]. */
    static double distance(double error) {
        if (!(error >= 0 && error <= 1)) {
            throw new IllegalArgumentException("expected an error rate in [0, 1], got " + error);
        }
        return 2 * (1 - 2 * flipped(error));
    }

    private static double flipped(double error) {
        return error > 0.5 ? 1 - error : error;
    }

    private static MutableDataset<Label> domains(INDArray s, int[] sRows, INDArray t, int[] tRows) {
        INDArray features = Nd4j.vstack(Nd4j.pullRows(s, 1, sRows), Nd4j.pullRows(t, 1, tRows));
        INDArray labels = Nd4j.zeros(features.dataType(), sRows.length + tRows.length, 2);
        for (int i = 0; i < sRows.length + tRows.length; i++) {
            labels.putScalar(i, i < sRows.length ? 0 : 1, 1.0);
        }
        return FeatureTransfer.toTribuo(new DataSet(features, labels), new String[] {"source", "target"},
                "proxy A-distance: source vs target rows");
    }

    /** A seeded shuffle of 0..n-1 cut into a first and a second half. */
    private static int[][] halves(int n, Random random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        int first = n / 2;
        int[] a = java.util.Arrays.copyOfRange(order, 0, first);
        int[] b = java.util.Arrays.copyOfRange(order, first, n);
        return new int[][] {a, b};
    }

    private static INDArray flat(INDArray x, String name) {
        if (x == null || x.rank() < 2 || x.size(0) < 2) {
            throw new IllegalArgumentException(name + ": expected at least 2 rows [n, d], got "
                    + (x == null ? "null" : java.util.Arrays.toString(x.shape())));
        }
        return x.rank() == 2 ? x : x.reshape('c', x.size(0), x.length() / x.size(0));
    }
}
