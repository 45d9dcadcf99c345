package org.transferkit.multitask;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;
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
        HardSharing.NetworkBuilder b = HardSharing.builder().mlpTrunk(nIn, hidden).updater(updater).seed(seed);
        for (String n : names) {
            b.task(n, 2);
        }
        return b.build();
    }

    /**
     * The multi-label network with the same trunk as {@link #multiHeadGraph}: ReLU layers {@code fc1..fcK} and one
     * output layer {@code out} with a sigmoid per attribute and binary cross-entropy, summed over the attributes
     * (DL4J's {@code LossBinaryXENT}). Trained on the multi-hot label matrix ({@link #multiHot}).
     */
    public static MultiLayerNetwork sigmoidNetwork(int nIn, int[] hidden, int numAttributes, IUpdater updater,
                                                   double l2, long seed) {
        if (nIn <= 0 || hidden == null || hidden.length == 0 || numAttributes < 1 || updater == null
                || !(l2 >= 0)) {
            throw new IllegalArgumentException("expected nIn > 0, hidden sizes, numAttributes >= 1, an updater and"
                    + " l2 >= 0");
        }
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder()
                .seed(org.transferkit.Kit.nativeSeed(seed)).updater(updater).weightInit(WeightInit.XAVIER).l2(l2).list();
        int in = nIn;
        for (int i = 0; i < hidden.length; i++) {
            b.layer(new DenseLayer.Builder().name("fc" + (i + 1)).nIn(in).nOut(hidden[i])
                    .activation(Activation.RELU).build());
            in = hidden[i];
        }
        b.layer(new OutputLayer.Builder(new LossBinaryXENT()).name("out").nIn(in).nOut(numAttributes)
                .activation(Activation.SIGMOID).build());
        MultiLayerNetwork net = new MultiLayerNetwork(b.build());
        net.init();
        return net;
    }

    /**
     * The multi-head graph rewritten as a sigmoid network with exactly the same predictions: the same trunk, and for
     * each attribute head with logits {@code (z0, z1)} one sigmoid unit on {@code z1 - z0}, because
     * {@code softmax(z0, z1)_1 = sigmoid(z1 - z0)}. So a 2-way softmax head per attribute and one sigmoid per attribute
     * are the same model class, and their cross-entropy losses are equal: for binary attributes, multi-task heads and
     * multi-label outputs differ in framing, not in the function learned.
     */
    public static MultiLayerNetwork asSigmoidNetwork(ComputationGraph multiHead) {
        if (multiHead == null) {
            throw new IllegalArgumentException("expected a multi-head graph, got null");
        }
        List<String> heads = HardSharing.taskNames(multiHead);
        List<String> trunk = HardSharing.sharedLayerNames(multiHead);
        int[] hidden = new int[trunk.size()];
        long nIn = -1;
        for (int i = 0; i < trunk.size(); i++) {
            Layer l = multiHead.getLayer(trunk.get(i));
            if (!(l.conf().getLayer() instanceof DenseLayer dense)) {
                throw new IllegalArgumentException("expected a dense (MLP) trunk, got layer " + trunk.get(i));
            }
            if (i == 0) {
                nIn = dense.getNIn();
            }
            hidden[i] = (int) dense.getNOut();
        }
        for (String h : heads) {
            if (multiHead.getLayer(h).getParam("b").length() != 2) {
                throw new IllegalArgumentException("expected 2-way heads, head " + h + " has "
                        + multiHead.getLayer(h).getParam("b").length() + " outputs");
            }
        }
        MultiLayerNetwork net = sigmoidNetwork((int) nIn, hidden, heads.size(), new Adam(1e-3), 0.0, 0);
        for (int i = 0; i < trunk.size(); i++) {
            net.getLayer(i).setParams(multiHead.getLayer(trunk.get(i)).params().dup());
        }
        INDArray w = net.getLayer(trunk.size()).getParam("W");
        INDArray b = net.getLayer(trunk.size()).getParam("b");
        for (int k = 0; k < heads.size(); k++) {
            INDArray hw = multiHead.getLayer(heads.get(k)).getParam("W");
            INDArray hb = multiHead.getLayer(heads.get(k)).getParam("b");
            w.getColumn(k).assign(hw.getColumn(1).sub(hw.getColumn(0)));
            b.putScalar(k, hb.getDouble(1) - hb.getDouble(0));
        }
        return net;
    }

    /** The attributes as a multi-hot matrix {@code [n, K]} (1 = has the attribute), for a sigmoid network. */
    public static INDArray multiHot(boolean[][] attributes) {
        if (attributes == null || attributes.length == 0) {
            throw new IllegalArgumentException("expected at least one attribute row");
        }
        float[][] m = new float[attributes.length][];
        for (int i = 0; i < m.length; i++) {
            m[i] = new float[attributes[i].length];
            for (int a = 0; a < m[i].length; a++) {
                m[i][a] = attributes[i][a] ? 1f : 0f;
            }
        }
        return Nd4j.create(m);
    }

    /** Predicted attribute sets of a multi-head graph: attribute a is predicted when its head's argmax is class 1. */
    public static boolean[][] predict(ComputationGraph multiHead, INDArray features) {
        INDArray[] out = multiHead.output(false, features);
        boolean[][] p = new boolean[(int) features.size(0)][out.length];
        for (int a = 0; a < out.length; a++) {
            long[] cls = out[a].argMax(1).toLongVector();
            for (int i = 0; i < cls.length; i++) {
                p[i][a] = cls[i] == 1;
            }
        }
        return p;
    }

    /** Predicted attribute sets of a sigmoid network: attribute a is predicted when its probability is above 0.5. */
    public static boolean[][] predict(MultiLayerNetwork sigmoidNet, INDArray features) {
        double[][] prob = sigmoidNet.output(features, false).toDoubleMatrix();
        boolean[][] p = new boolean[prob.length][];
        for (int i = 0; i < prob.length; i++) {
            p[i] = new boolean[prob[i].length];
            for (int a = 0; a < prob[i].length; a++) {
                p[i][a] = prob[i][a] > 0.5;
            }
        }
        return p;
    }

    /** Predicted attribute sets of a Tribuo multi-label model on a dataset, attributes in {@code names} order. */
    public static boolean[][] predict(Model<MultiLabel> model, Dataset<MultiLabel> data, List<String> names) {
        List<Prediction<MultiLabel>> preds = model.predict(data);
        boolean[][] p = new boolean[preds.size()][names.size()];
        for (int i = 0; i < preds.size(); i++) {
            Set<String> got = preds.get(i).getOutput().getNameSet();
            for (int a = 0; a < names.size(); a++) {
                p[i][a] = got.contains(names.get(a));
            }
        }
        return p;
    }

    /**
     * Multi-label (set) metrics and per-attribute numbers of predicted attribute sets against the truth.
     *
     * @param exactMatch  fraction of examples whose whole predicted set equals the true set (subset accuracy)
     * @param hammingLoss fraction of (example, attribute) decisions that are wrong
     * @param jaccard     mean over examples of |true AND predicted| / |true OR predicted| (1 when both are empty)
     * @param microF1     F1 of all (example, attribute) decisions pooled
     * @param macroF1     mean over attributes of each attribute's F1
     * @param accuracy    per attribute: fraction of examples decided right (what per-task evaluation reports)
     * @param recall      per attribute: fraction of examples with the attribute that are predicted to have it
     */
    public record SetMetrics(double exactMatch, double hammingLoss, double jaccard, double microF1, double macroF1,
                             double[] accuracy, double[] recall) {

        /** Mean of the per-attribute accuracies (the multi-task view: one accuracy per task, averaged). */
        public double meanAccuracy() {
            double s = 0;
            for (double a : accuracy) {
                s += a;
            }
            return s / accuracy.length;
        }
    }

    /** Computes {@link SetMetrics}; both matrices {@code [n][K]}. */
    public static SetMetrics metrics(boolean[][] truth, boolean[][] predicted) {
        if (truth == null || predicted == null || truth.length == 0 || truth.length != predicted.length) {
            throw new IllegalArgumentException("expected truth and predictions with the same number of rows (> 0)");
        }
        int n = truth.length;
        int k = truth[0].length;
        long[] tp = new long[k];
        long[] fp = new long[k];
        long[] fn = new long[k];
        long[] right = new long[k];
        long exact = 0;
        long wrong = 0;
        double jac = 0;
        for (int i = 0; i < n; i++) {
            if (truth[i].length != k || predicted[i].length != k) {
                throw new IllegalArgumentException("expected " + k + " attributes in row " + i);
            }
            boolean same = true;
            int inter = 0;
            int union = 0;
            for (int a = 0; a < k; a++) {
                boolean t = truth[i][a];
                boolean p = predicted[i][a];
                if (t == p) {
                    right[a]++;
                } else {
                    same = false;
                    wrong++;
                }
                if (t && p) {
                    tp[a]++;
                } else if (p) {
                    fp[a]++;
                } else if (t) {
                    fn[a]++;
                }
                if (t && p) {
                    inter++;
                }
                if (t || p) {
                    union++;
                }
            }
            if (same) {
                exact++;
            }
            jac += union == 0 ? 1.0 : (double) inter / union;
        }
        double[] acc = new double[k];
        double[] rec = new double[k];
        long stp = 0;
        long sfp = 0;
        long sfn = 0;
        double macro = 0;
        for (int a = 0; a < k; a++) {
            acc[a] = (double) right[a] / n;
            rec[a] = tp[a] + fn[a] == 0 ? Double.NaN : (double) tp[a] / (tp[a] + fn[a]);
            stp += tp[a];
            sfp += fp[a];
            sfn += fn[a];
            macro += f1(tp[a], fp[a], fn[a]);
        }
        return new SetMetrics((double) exact / n, (double) wrong / ((double) n * k), jac / n, f1(stp, sfp, sfn),
                macro / k, acc, rec);
    }

    private static double f1(long tp, long fp, long fn) {
        return 2 * tp + fp + fn == 0 ? 1.0 : 2.0 * tp / (2.0 * tp + fp + fn);
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
