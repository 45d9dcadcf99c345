package org.transferkit.multitask;

import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Gradient conflict between tasks on the shared layers (the PCGrad criterion, Yu et al. 2020): for each task t the
 * gradient {@code g_t} of its own loss with respect to the shared (trunk) parameters, and the pairwise cosines
 * {@code cos(g_a, g_b)}. A negative cosine means a step that helps one task hurts the other.
 *
 * <p>Each {@code g_t} is one backward pass with head t weighted 1 and all other heads weighted 0 (exactly zero
 * gradient from them, see {@link WeightedLoss}); the graph's own weights are restored afterwards and its parameters
 * and updater state are not touched (a graph with dropout would draw random numbers for these passes).
 */
public final class GradientConflict {

    private GradientConflict() {
    }

    /** Task gradients on the shared layers and their pairwise cosines, for one batch. */
    public record Report(List<String> tasks, double[][] cosine, double[] gradientNorm) {

        /** The cosine between the shared-layer gradients of two tasks (NaN if either gradient is zero). */
        public double cosine(String a, String b) {
            return cosine[index(a)][index(b)];
        }

        /** The smallest pairwise cosine (the worst conflict). */
        public double minCosine() {
            double m = Double.NaN;
            for (int i = 0; i < tasks.size(); i++) {
                for (int j = i + 1; j < tasks.size(); j++) {
                    if (Double.isNaN(m) || cosine[i][j] < m) {
                        m = cosine[i][j];
                    }
                }
            }
            return m;
        }

        /** One row per task pair: task a, task b, cosine. */
        public Table toTable() {
            StringColumn a = StringColumn.create("task a");
            StringColumn b = StringColumn.create("task b");
            DoubleColumn c = DoubleColumn.create("cosine");
            for (int i = 0; i < tasks.size(); i++) {
                for (int j = i + 1; j < tasks.size(); j++) {
                    a.append(tasks.get(i));
                    b.append(tasks.get(j));
                    c.append(cosine[i][j]);
                }
            }
            return Table.create("Gradient cosine on the shared layers", a, b, c);
        }

        private int index(String t) {
            int i = tasks.indexOf(t);
            if (i < 0) {
                throw new IllegalArgumentException("unknown task '" + t + "'; expected one of " + tasks);
            }
            return i;
        }
    }

    /** Measures the conflict on the shared layers ({@link HardSharing#sharedLayerNames}) for one batch. */
    public static Report measure(ComputationGraph graph, MultiDataSet batch) {
        return measure(graph, batch, HardSharing.sharedLayerNames(graph));
    }

    /** Measures the conflict on the named layers for one batch. */
    public static Report measure(ComputationGraph graph, MultiDataSet batch, List<String> layers) {
        List<INDArray> g = taskGradients(graph, batch, layers);
        int t = g.size();
        double[][] cos = new double[t][t];
        double[] norm = new double[t];
        for (int i = 0; i < t; i++) {
            norm[i] = g.get(i).norm2Number().doubleValue();
        }
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < t; j++) {
                double dot = GradientSurgery.dot(g.get(i), g.get(j));
                cos[i][j] = norm[i] == 0 || norm[j] == 0 ? Double.NaN : dot / (norm[i] * norm[j]);
            }
        }
        g.forEach(INDArray::close);
        return new Report(HardSharing.taskNames(graph), cos, norm);
    }

    /**
     * The gradient of each task's own (unweighted) loss with respect to the parameters of the given layers, flattened
     * and concatenated in layer order, as DOUBLE vectors; mean over the batch as DL4J's score is.
     */
    public static List<INDArray> taskGradients(ComputationGraph graph, MultiDataSet batch, List<String> layers) {
        List<String> tasks = HardSharing.taskNames(graph);
        if (batch == null || batch.getLabels() == null || batch.getLabels().length != tasks.size()) {
            throw new IllegalArgumentException("expected a batch with " + tasks.size() + " label sets for tasks "
                    + tasks + ", got " + (batch == null || batch.getLabels() == null ? "none"
                    : batch.getLabels().length));
        }
        if (layers == null || layers.isEmpty()) {
            throw new IllegalArgumentException("expected at least one shared layer name");
        }
        List<Layer> shared = new ArrayList<>();
        for (String name : layers) {
            Layer l = graph.getLayer(name);
            if (l == null || l.numParams() == 0) {
                throw new IllegalArgumentException("expected a layer with parameters, got '" + name + "'");
            }
            shared.add(l);
        }
        int n = BatchSampler.numExamples(batch);
        double[] saved = HardSharing.taskWeights(graph);
        List<INDArray> out = new ArrayList<>();
        try {
            graph.setInputs(batch.getFeatures());
            graph.setLabels(batch.getLabels());
            graph.setLayerMaskArrays(batch.getFeaturesMaskArrays(), batch.getLabelsMaskArrays());
            for (int t = 0; t < tasks.size(); t++) {
                double[] w = new double[tasks.size()];
                w[t] = 1.0;
                HardSharing.setTaskWeights(graph, w);
                graph.computeGradientAndScore();
                // one new DOUBLE vector per task; the temporary copies are freed at once (ND4J would otherwise
                // keep their native buffers until the garbage collector happens to collect their Java objects)
                List<INDArray> parts = new ArrayList<>();
                List<INDArray> copies = new ArrayList<>();
                for (Layer l : shared) {
                    INDArray view = l.getGradientsViewArray().reshape(-1);
                    INDArray cast = view.castTo(DataType.DOUBLE);
                    parts.add(cast);
                    if (cast != view) {
                        copies.add(cast);
                    }
                }
                INDArray flat;
                if (parts.size() == 1) {
                    flat = copies.isEmpty() ? parts.get(0).dup() : parts.get(0);   // a copy, never the view itself
                } else {
                    flat = Nd4j.concat(0, parts.toArray(new INDArray[0]));
                    copies.forEach(INDArray::close);
                }
                out.add(flat.divi(n));
            }
        } finally {
            HardSharing.setTaskWeights(graph, saved);
            graph.clearLayerMaskArrays();
            graph.clearLayersStates();
        }
        return out;
    }
}
