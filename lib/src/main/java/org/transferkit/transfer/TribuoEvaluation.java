package org.transferkit.transfer;

import org.transferkit.Arguments;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.tribuo.Example;
import org.tribuo.Excuse;
import org.tribuo.Feature;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.evaluation.LabelEvaluation;
import org.tribuo.classification.evaluation.LabelEvaluator;
import org.tribuo.provenance.ModelProvenance;
import org.tribuo.provenance.impl.EmptyTrainerProvenance;
import com.oracle.labs.mlrg.olcut.util.Pair;

/**
 * Tribuo's classification report for any model of the kit: {@link #evaluate} runs a trained DL4J network on a test
 * set through Tribuo's {@link LabelEvaluator}, so a fine-tuned network and a Tribuo logistic regression on frozen
 * features are reported the same way (per-class n, tp, fn, fp, recall, precision, F1; accuracy, micro and macro
 * averages, balanced error rate; the confusion matrix). {@link #confusion} turns any {@link LabelEvaluation} into a
 * count matrix for {@code Charts.heatmap}.
 */
public final class TribuoEvaluation {
    private TribuoEvaluation() {
    }

    /**
     * Evaluates a trained network on {@code test} with Tribuo's {@link LabelEvaluator}. The network's prediction for an
     * example is the class with the largest softmax output; its scores are the softmax outputs.
     *
     * @param net         a trained classifier whose output has one column per class
     * @param test        test data: features as the network expects them, one-hot labels [n, C]
     * @param classNames  one name per class, in label-column order
     * @param description what the test data are (recorded in the evaluation's provenance)
     * @throws IllegalArgumentException if the network's output size differs from the number of classes
     */
    public static LabelEvaluation evaluate(MultiLayerNetwork net, DataSet test, String[] classNames, String description) {
        Arguments.network(net, "network to evaluate");
        MutableDataset<Label> dataset = FeatureTransfer.toTribuo(test, classNames, description);
        long outputs = net.layerSize(net.getnLayers() - 1);
        if (outputs != classNames.length) {
            throw new IllegalArgumentException("expected a network with " + classNames.length + " outputs (one per class), got "
                    + outputs);
        }
        return new LabelEvaluator().evaluate(new NetworkModel(net, dataset, classNames), dataset);
    }

    /**
     * The confusion matrix of an evaluation as counts {@code [trueClass][predictedClass]}, classes in the order of
     * {@code classNames} (classes never seen count 0).
     */
    public static int[][] confusion(LabelEvaluation evaluation, String[] classNames) {
        if (evaluation == null) {
            throw new IllegalArgumentException("expected a LabelEvaluation, got null");
        }
        if (classNames == null || classNames.length == 0) {
            throw new IllegalArgumentException("expected at least one class name");
        }
        int c = classNames.length;
        int[][] m = new int[c][c];
        for (int t = 0; t < c; t++) {
            for (int p = 0; p < c; p++) {
                m[t][p] = (int) Math.round(evaluation.getConfusionMatrix()
                        .confusion(new Label(classNames[p]), new Label(classNames[t])));
            }
        }
        return m;
    }

    /** A trained DL4J network seen as a Tribuo model over the features f0..f{d-1} written by {@code FeatureTransfer.toTribuo}. */
    private static final class NetworkModel extends Model<Label> {
        private static final long serialVersionUID = 1L;
        private final transient MultiLayerNetwork net;
        private final String[] classNames;
        private final int inputs;

        NetworkModel(MultiLayerNetwork net, MutableDataset<Label> data, String[] classNames) {
            super("dl4j-network", new ModelProvenance(NetworkModel.class.getName(), OffsetDateTime.now(),
                    data.getProvenance(), new EmptyTrainerProvenance()),
                    new ImmutableFeatureMap(data.getFeatureMap()), data.getOutputIDInfo(), true);
            this.net = net;
            this.classNames = classNames.clone();
            this.inputs = data.getFeatureMap().size();
        }

        private NetworkModel(NetworkModel other, String name, ModelProvenance provenance) {
            super(name, provenance, other.featureIDMap, other.outputIDInfo, true);
            this.net = other.net;
            this.classNames = other.classNames;
            this.inputs = other.inputs;
        }

        @Override
        public Prediction<Label> predict(Example<Label> example) {
            return innerPredict(Collections.singletonList(example)).get(0);
        }

        @Override
        protected List<Prediction<Label>> innerPredict(Iterable<Example<Label>> examples) {
            List<Example<Label>> list = new ArrayList<>();
            examples.forEach(list::add);
            float[][] x = new float[list.size()][inputs];
            for (int i = 0; i < list.size(); i++) {
                for (Feature f : list.get(i)) {
                    x[i][Integer.parseInt(f.getName().substring(1))] = (float) f.getValue();
                }
            }
            INDArray out = net.output(Nd4j.createFromArray(x), false);
            List<Prediction<Label>> predictions = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                Map<String, Label> scores = new LinkedHashMap<>();
                int best = 0;
                for (int c = 0; c < classNames.length; c++) {
                    double p = out.getDouble(i, c);
                    scores.put(classNames[c], new Label(classNames[c], p));
                    if (p > out.getDouble(i, best)) {
                        best = c;
                    }
                }
                predictions.add(new Prediction<>(scores.get(classNames[best]), scores, list.get(i).size(), list.get(i), true));
            }
            return predictions;
        }

        @Override
        public Map<String, List<Pair<String, Double>>> getTopFeatures(int n) {
            return Collections.emptyMap();
        }

        @Override
        public Optional<Excuse<Label>> getExcuse(Example<Label> example) {
            return Optional.empty();
        }

        @Override
        protected Model<Label> copy(String newName, ModelProvenance newProvenance) {
            return new NetworkModel(this, newName, newProvenance);
        }
    }
}
