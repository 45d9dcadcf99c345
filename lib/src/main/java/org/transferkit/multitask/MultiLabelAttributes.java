package org.transferkit.multitask;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;
import org.tribuo.Dataset;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.multilabel.MultiLabel;
import org.tribuo.multilabel.MultiLabelFactory;
import org.tribuo.multilabel.evaluation.MultiLabelEvaluation;
import org.tribuo.multilabel.evaluation.MultiLabelEvaluator;
import org.tribuo.multilabel.sgd.linear.LinearSGDTrainer;
import org.tribuo.multilabel.sgd.objectives.BinaryCrossEntropy;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Several binary attributes per image, seen two ways: as one multi-label problem (a Tribuo {@link MultiLabel} per
 * image, the set of attributes it has; a linear model with one sigmoid per attribute) and as multi-task learning (one
 * 2-way softmax head per attribute on a shared trunk, {@link HardSharing}). Same data, same attributes: the multi-label
 * view shares nothing but the input, the multi-head view shares a learned representation.
 */
public final class MultiLabelAttributes {

    private MultiLabelAttributes() {
    }

    /**
     * A Tribuo multi-label dataset: row i of {@code features [n, d]} becomes an example with features {@code x0..}
     * (zero values left out, as Tribuo treats absent features as 0) and the labels {@code names[a]} for which
     * {@code attributes[i][a]} is true (possibly none).
     */
    public static MutableDataset<MultiLabel> toTribuo(INDArray features, boolean[][] attributes, List<String> names) {
        check(features, attributes, names);
        MultiLabelFactory factory = new MultiLabelFactory();
        MutableDataset<MultiLabel> ds = new MutableDataset<>(
                new SimpleDataSourceProvenance("transfer-kit attributes " + names, factory), factory);
        double[][] x = features.toDoubleMatrix();
        for (int i = 0; i < x.length; i++) {
            Set<Label> set = new HashSet<>();
            for (int a = 0; a < names.size(); a++) {
                if (attributes[i][a]) {
                    set.add(new Label(names.get(a)));
                }
            }
            List<String> fn = new ArrayList<>();
            List<Double> fv = new ArrayList<>();
            for (int j = 0; j < x[i].length; j++) {
                if (x[i][j] != 0) {
                    fn.add("x" + j);
                    fv.add(x[i][j]);
                }
            }
            if (fn.isEmpty()) {
                fn.add("x0");
                fv.add(0.0);
            }
            ds.add(new ArrayExample<>(new MultiLabel(set), fn.toArray(new String[0]),
                    fv.stream().mapToDouble(Double::doubleValue).toArray()));
        }
        return ds;
    }

    /** Trains Tribuo's linear multi-label model (binary cross-entropy per label, AdaGrad 0.1, seeded). */
    public static Model<MultiLabel> trainLinear(Dataset<MultiLabel> train, int epochs, long seed) {
        if (train == null || train.size() == 0) {
            throw new IllegalArgumentException("expected a non-empty training dataset");
        }
        if (epochs <= 0) {
            throw new IllegalArgumentException("expected epochs > 0, got " + epochs);
        }
        return new LinearSGDTrainer(new BinaryCrossEntropy(), new AdaGrad(0.1, 0.1), epochs, seed).train(train);
    }

    /** Tribuo's multi-label evaluation (per-label precision/recall/F1, micro/macro F1, Jaccard) on a test set. */
    public static MultiLabelEvaluation evaluate(Model<MultiLabel> model, Dataset<MultiLabel> test) {
        return new MultiLabelEvaluator().evaluate(model, test);
    }

    /**
     * A summary table: one row per attribute (precision, recall, F1, accuracy = (tp + tn) / n), then "micro" and
     * "macro" averages and the example-based Jaccard score (in the F1 column; see {@link #jaccard}).
     */
    public static Table summary(MultiLabelEvaluation eval, List<String> names) {
        StringColumn what = StringColumn.create("attribute");
        DoubleColumn p = DoubleColumn.create("precision");
        DoubleColumn r = DoubleColumn.create("recall");
        DoubleColumn f = DoubleColumn.create("F1");
        DoubleColumn acc = DoubleColumn.create("accuracy");
        double n = eval.getPredictions().size();
        for (String a : names) {
            MultiLabel l = new MultiLabel(a);
            what.append(a);
            p.append(eval.precision(l));
            r.append(eval.recall(l));
            f.append(eval.f1(l));
            acc.append((eval.tp(l) + eval.tn(l)) / n);
        }
        what.append("micro");
        p.append(eval.microAveragedPrecision());
        r.append(eval.microAveragedRecall());
        f.append(eval.microAveragedF1());
        acc.appendMissing();
        what.append("macro");
        p.append(eval.macroAveragedPrecision());
        r.append(eval.macroAveragedRecall());
        f.append(eval.macroAveragedF1());
        acc.appendMissing();
        what.append("Jaccard");
        p.appendMissing();
        r.appendMissing();
        f.append(jaccard(eval.getPredictions()));
        acc.appendMissing();
        return Table.create("Multi-label evaluation", what, p, r, f, acc);
    }

    /**
     * Example-based Jaccard score: mean over examples of |true AND predicted| / |true OR predicted|, counting an
     * example with no true and no predicted attribute as 1 (full agreement). Tribuo's own
     * {@code MultiLabelEvaluation.jaccardScore()} divides 0 by 0 there and returns NaN as soon as one such example
     * exists, which is common with binary attributes.
     */
    public static double jaccard(List<Prediction<MultiLabel>> predictions) {
        if (predictions == null || predictions.isEmpty()) {
            throw new IllegalArgumentException("expected at least one prediction");
        }
        double s = 0;
        for (Prediction<MultiLabel> p : predictions) {
            MultiLabel truth = p.getExample().getOutput();
            MultiLabel pred = p.getOutput();
            int union = MultiLabel.unionSize(truth, pred);
            s += union == 0 ? 1.0 : (double) MultiLabel.intersectionSize(truth, pred) / union;
        }
        return s / predictions.size();
    }

    /** The same attributes as multi-task data: one 2-class task per attribute (class 1 = has the attribute). */
    public static MultiTaskData toMultiTask(INDArray features, boolean[][] attributes, List<String> names) {
        check(features, attributes, names);
        MultiTaskData d = MultiTaskData.of(features);
        for (int a = 0; a < names.size(); a++) {
            int[] c = new int[attributes.length];
            for (int i = 0; i < c.length; i++) {
                c[i] = attributes[i][a] ? 1 : 0;
            }
            d = d.withTask(names.get(a), c, 2);
        }
        return d;
    }

    /** A hard-sharing graph with an MLP trunk and one 2-way head per attribute (weight 1 each). */
    public static ComputationGraph multiHeadGraph(int nIn, int[] hidden, List<String> names, IUpdater updater,
                                                  long seed) {
        if (names == null || names.isEmpty()) {
            throw new IllegalArgumentException("expected at least one attribute name");
        }
        HardSharing.Builder b = HardSharing.builder().mlpTrunk(nIn, hidden).updater(updater).seed(seed);
        for (String n : names) {
            b.task(n, 2);
        }
        return b.build();
    }

    private static void check(INDArray features, boolean[][] attributes, List<String> names) {
        if (features == null || features.rank() != 2 || features.size(0) == 0) {
            throw new IllegalArgumentException("expected a non-empty feature matrix [n, d]");
        }
        if (names == null || names.isEmpty() || new HashSet<>(names).size() != names.size()) {
            throw new IllegalArgumentException("expected distinct attribute names, got " + names);
        }
        if (attributes == null || attributes.length != features.size(0)) {
            throw new IllegalArgumentException("expected " + features.size(0) + " attribute rows, got "
                    + (attributes == null ? "null" : attributes.length));
        }
        for (int i = 0; i < attributes.length; i++) {
            if (attributes[i] == null || attributes[i].length != names.size()) {
                throw new IllegalArgumentException("expected " + names.size() + " attributes in row " + i);
            }
        }
    }
}
