package org.transferkit.multitask;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Per-task test accuracy of a multi-task graph: argmax of each head against its labels, counted only on the rows
 * labelled for that task (label mask 1).
 */
public final class MultiTaskEvaluation {

    private static final int CHUNK = 1000;

    private MultiTaskEvaluation() {
    }

    /** Accuracy per task (graph output order) on a test set whose label sets follow the graph's outputs. */
    public static Map<String, Double> accuracies(ComputationGraph graph, MultiDataSet test) {
        long[][] counts = counts(graph, test);
        List<String> tasks = HardSharing.taskNames(graph);
        Map<String, Double> out = new LinkedHashMap<>();
        for (int t = 0; t < tasks.size(); t++) {
            out.put(tasks.get(t), counts[t][1] == 0 ? Double.NaN : (double) counts[t][0] / counts[t][1]);
        }
        return out;
    }

    /**
     * Accuracy per task on a {@link MultiTaskData}, matched to the graph's outputs by task name. Only the tasks that
     * both the graph and the data have are reported (e.g. a test set of the target task for a graph that also has
     * a source head); at least one must be shared.
     */
    public static Map<String, Double> accuracies(ComputationGraph graph, MultiTaskData test) {
        Map<String, Double> all = accuracies(graph, toMultiDataSet(graph, test));
        all.keySet().retainAll(test.taskNames());
        return all;
    }

    /** The data's labels in the graph's output order; a task the data lacks gets all-zero labels and mask. */
    private static org.nd4j.linalg.dataset.MultiDataSet toMultiDataSet(ComputationGraph graph, MultiTaskData test) {
        if (test == null) {
            throw new IllegalArgumentException("expected test data, got null");
        }
        List<String> tasks = HardSharing.taskNames(graph);
        if (tasks.stream().noneMatch(test.taskNames()::contains)) {
            throw new IllegalArgumentException("the graph's tasks " + tasks + " and the data's tasks "
                    + test.taskNames() + " have none in common");
        }
        MultiTaskData d = test;
        for (String t : tasks) {
            if (!d.taskNames().contains(t)) {
                int classes = (int) graph.getLayer(t).getParam("b").length();
                d = d.withTask(t, Nd4j.zeros(d.features().dataType(), d.size(), classes), new boolean[d.size()]);
            }
        }
        return d.toMultiDataSet(tasks);
    }

    /** Table with one row per task: task, labelled test rows, accuracy. */
    public static Table accuracyTable(ComputationGraph graph, MultiDataSet test) {
        long[][] counts = counts(graph, test);
        List<String> tasks = HardSharing.taskNames(graph);
        StringColumn name = StringColumn.create("task");
        IntColumn n = IntColumn.create("labelled");
        DoubleColumn acc = DoubleColumn.create("accuracy");
        for (int t = 0; t < tasks.size(); t++) {
            name.append(tasks.get(t));
            n.append((int) counts[t][1]);
            acc.append(counts[t][1] == 0 ? Double.NaN : (double) counts[t][0] / counts[t][1]);
        }
        return Table.create("Per-task accuracy", name, n, acc);
    }

    /** {@link #accuracyTable(ComputationGraph, MultiDataSet)} for a {@link MultiTaskData} (tasks it lacks: 0 rows). */
    public static Table accuracyTable(ComputationGraph graph, MultiTaskData test) {
        return accuracyTable(graph, toMultiDataSet(graph, test));
    }

    /** {correct, labelled} per task, predicting in chunks. */
    private static long[][] counts(ComputationGraph graph, MultiDataSet test) {
        List<String> tasks = HardSharing.taskNames(graph);
        int n = BatchSampler.numExamples(test);
        if (test.getLabels() == null || test.getLabels().length != tasks.size()) {
            throw new IllegalArgumentException("expected " + tasks.size() + " label sets for tasks " + tasks);
        }
        long[][] counts = new long[tasks.size()][2];
        for (int from = 0; from < n; from += CHUNK) {
            int to = Math.min(n, from + CHUNK);
            INDArray[] x = new INDArray[test.getFeatures().length];
            for (int i = 0; i < x.length; i++) {
                x[i] = test.getFeatures(i).get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
            }
            INDArray[] out = graph.output(false, x);
            for (int t = 0; t < tasks.size(); t++) {
                INDArray y = test.getLabels(t).get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
                INDArray mask = test.getLabelsMaskArrays() == null || test.getLabelsMaskArray(t) == null ? null
                        : test.getLabelsMaskArray(t).get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
                long[] pred = out[t].argMax(1).toLongVector();
                long[] truth = y.argMax(1).toLongVector();
                double[] labelled = (mask == null ? y.sum(1) : mask).reshape(-1).toDoubleVector();
                for (int r = 0; r < pred.length; r++) {
                    if (labelled[r] > 0) {
                        counts[t][1]++;
                        if (pred[r] == truth[r]) {
                            counts[t][0]++;
                        }
                    }
                }
            }
        }
        return counts;
    }
}
