package org.transferkit.multitask;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * One feature matrix {@code [n, d]} with several label sets, one per named task. A task may label only some rows
 * (a data-poor task next to a label-rich one): the other rows carry a zero label mask, so they are left out of that
 * task's loss and accuracy but still train the shared trunk through the other tasks.
 *
 * <p>Note on scale: DL4J averages a head's masked loss over the whole minibatch, so a task labelled on a fraction p
 * of the rows contributes about p times its per-example loss; raise its weight by 1/p to undo that if wanted.
 * Immutable; the {@code with...}, {@code subset} and {@code split} methods return new objects.
 */
public final class MultiTaskData {

    private final INDArray features;
    private final LinkedHashMap<String, INDArray> labels;     // [n, C] one-hot, zero rows where unlabelled
    private final LinkedHashMap<String, boolean[]> labelled;

    private MultiTaskData(INDArray features, LinkedHashMap<String, INDArray> labels,
                          LinkedHashMap<String, boolean[]> labelled) {
        this.features = features;
        this.labels = labels;
        this.labelled = labelled;
    }

    /** Starts a dataset from a feature matrix {@code [n, d]} (n > 0). */
    public static MultiTaskData of(INDArray features) {
        if (features == null || features.rank() != 2 || features.size(0) == 0) {
            throw new IllegalArgumentException("expected a non-empty 2-d feature matrix [n, d], got "
                    + (features == null ? "null" : Arrays.toString(features.shape())));
        }
        return new MultiTaskData(features, new LinkedHashMap<>(), new LinkedHashMap<>());
    }

    /**
     * Stacks one labelled dataset per task into one multi-task dataset whose rows are each labelled for one task
     * only: the rows of {@code tasks.get(name)} carry that task's labels, every other task is masked there. E.g. a
     * data-poor task next to a label-rich task on other images, or a source and a target task.
     *
     * @param tasks task name to its {@code DataSet} (features {@code [n_t, d]}, one-hot labels), in task order
     */
    public static MultiTaskData ofDisjoint(Map<String, DataSet> tasks) {
        if (tasks == null || tasks.isEmpty()) {
            throw new IllegalArgumentException("expected at least one task with its DataSet");
        }
        List<INDArray> xs = new ArrayList<>();
        long d = -1;
        for (Map.Entry<String, DataSet> e : tasks.entrySet()) {
            DataSet ds = e.getValue();
            if (ds == null || ds.getFeatures() == null || ds.getLabels() == null || ds.getFeatures().rank() != 2
                    || ds.getFeatures().size(0) == 0 || ds.getLabels().size(0) != ds.getFeatures().size(0)) {
                throw new IllegalArgumentException("expected a non-empty DataSet with [n, d] features and [n, C] labels"
                        + " for task " + e.getKey());
            }
            if (d >= 0 && ds.getFeatures().size(1) != d) {
                throw new IllegalArgumentException("expected " + d + " features for task " + e.getKey() + ", got "
                        + ds.getFeatures().size(1));
            }
            d = ds.getFeatures().size(1);
            xs.add(ds.getFeatures());
        }
        DataType type = xs.get(0).dataType();
        INDArray features = xs.size() == 1 ? xs.get(0).dup()
                : Nd4j.vstack(xs.stream().map(x -> x.castTo(type)).toArray(INDArray[]::new));
        int n = (int) features.size(0);
        MultiTaskData out = of(features);
        int from = 0;
        for (Map.Entry<String, DataSet> e : tasks.entrySet()) {
            INDArray y = e.getValue().getLabels();
            int rows = (int) y.size(0);
            INDArray full = Nd4j.zeros(type, n, y.size(1));
            full.get(NDArrayIndex.interval(from, from + rows), NDArrayIndex.all()).assign(y.castTo(type));
            boolean[] mask = new boolean[n];
            Arrays.fill(mask, from, from + rows, true);
            out = out.withTask(e.getKey(), full, mask);
            from += rows;
        }
        return out;
    }

    /** Adds a task whose one-hot labels {@code [n, C]} cover every row. */
    public MultiTaskData withTask(String name, INDArray oneHot) {
        boolean[] all = new boolean[size()];
        Arrays.fill(all, true);
        return withTask(name, oneHot, all);
    }

    /** Adds a task with class indices per row ({@code -1} = no label for this row) and {@code numClasses} classes. */
    public MultiTaskData withTask(String name, int[] classes, int numClasses) {
        if (classes == null || classes.length != size()) {
            throw new IllegalArgumentException("expected " + size() + " class indices for task " + name + ", got "
                    + (classes == null ? "null" : classes.length));
        }
        if (numClasses < 2) {
            throw new IllegalArgumentException("expected numClasses >= 2 for task " + name + ", got " + numClasses);
        }
        float[][] oh = new float[size()][numClasses];
        boolean[] mask = new boolean[size()];
        for (int i = 0; i < classes.length; i++) {
            int c = classes[i];
            if (c < -1 || c >= numClasses) {
                throw new IllegalArgumentException("expected class indices in [-1, " + (numClasses - 1)
                        + "] for task " + name + ", got " + c + " at row " + i);
            }
            if (c >= 0) {
                oh[i][c] = 1f;
                mask[i] = true;
            }
        }
        return withTask(name, Nd4j.create(oh).castTo(features.dataType()), mask);
    }

    /** Adds a task with one-hot labels {@code [n, C]} where only the rows with {@code isLabelled[i]} count. */
    public MultiTaskData withTask(String name, INDArray oneHot, boolean[] isLabelled) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("expected a non-empty task name");
        }
        if (labels.containsKey(name)) {
            throw new IllegalArgumentException("task name used twice: " + name);
        }
        if (oneHot == null || oneHot.rank() != 2 || oneHot.size(0) != size() || oneHot.size(1) < 2) {
            throw new IllegalArgumentException("expected labels [" + size() + ", C>=2] for task " + name + ", got "
                    + (oneHot == null ? "null" : Arrays.toString(oneHot.shape())));
        }
        if (isLabelled == null || isLabelled.length != size()) {
            throw new IllegalArgumentException("expected " + size() + " labelled flags for task " + name);
        }
        INDArray y = oneHot.castTo(features.dataType()).dup();
        boolean[] mask = isLabelled.clone();
        for (int i = 0; i < mask.length; i++) {
            if (!mask[i]) {
                y.getRow(i).assign(0);
            }
        }
        LinkedHashMap<String, INDArray> l2 = new LinkedHashMap<>(labels);
        LinkedHashMap<String, boolean[]> m2 = new LinkedHashMap<>(labelled);
        l2.put(name, y);
        m2.put(name, mask);
        return new MultiTaskData(features, l2, m2);
    }

    /** Number of rows. */
    public int size() {
        return (int) features.size(0);
    }

    /** Task names in the order they were added. */
    public List<String> taskNames() {
        return List.copyOf(labels.keySet());
    }

    /** The shared feature matrix {@code [n, d]}. */
    public INDArray features() {
        return features;
    }

    /** One-hot labels {@code [n, C]} of a task (zero rows where unlabelled). */
    public INDArray labels(String task) {
        return labels.get(requireTask(task));
    }

    /** Per-row label mask {@code [n, 1]} of a task: 1 where labelled. */
    public INDArray labelMask(String task) {
        boolean[] m = labelled.get(requireTask(task));
        float[] f = new float[m.length];
        for (int i = 0; i < m.length; i++) {
            f[i] = m[i] ? 1f : 0f;
        }
        return Nd4j.create(f, new long[] {m.length, 1}).castTo(features.dataType());
    }

    /** Whether each row is labelled for the task (a copy). */
    public boolean[] isLabelled(String task) {
        return labelled.get(requireTask(task)).clone();
    }

    /** Number of classes of a task. */
    public int numClasses(String task) {
        return (int) labels(task).size(1);
    }

    /** Number of rows labelled for the task. */
    public int labelledCount(String task) {
        int c = 0;
        for (boolean b : labelled.get(requireTask(task))) {
            if (b) {
                c++;
            }
        }
        return c;
    }

    /**
     * Makes a task data-poor: keeps its labels on {@code count} labelled rows chosen at random (seeded) and masks
     * the rest; the features and the other tasks are unchanged.
     */
    public MultiTaskData keepLabels(String task, int count, long seed) {
        boolean[] m = labelled.get(requireTask(task));
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < m.length; i++) {
            if (m[i]) {
                rows.add(i);
            }
        }
        if (count < 0 || count > rows.size()) {
            throw new IllegalArgumentException("expected 0 <= count <= " + rows.size() + " labelled rows of task "
                    + task + ", got " + count);
        }
        Collections.shuffle(rows, new Random(seed));
        boolean[] keep = new boolean[m.length];
        for (int i = 0; i < count; i++) {
            keep[rows.get(i)] = true;
        }
        LinkedHashMap<String, INDArray> l2 = new LinkedHashMap<>(labels);
        LinkedHashMap<String, boolean[]> m2 = new LinkedHashMap<>(labelled);
        INDArray y = labels.get(task).dup();
        for (int i = 0; i < keep.length; i++) {
            if (!keep[i]) {
                y.getRow(i).assign(0);
            }
        }
        l2.put(task, y);
        m2.put(task, keep);
        return new MultiTaskData(features, l2, m2);
    }

    /** The given rows (features, all tasks' labels and masks). */
    public MultiTaskData subset(int[] rows) {
        if (rows == null || rows.length == 0) {
            throw new IllegalArgumentException("expected at least one row index");
        }
        for (int r : rows) {
            if (r < 0 || r >= size()) {
                throw new IllegalArgumentException("row index " + r + " outside [0, " + size() + ")");
            }
        }
        LinkedHashMap<String, INDArray> l2 = new LinkedHashMap<>();
        LinkedHashMap<String, boolean[]> m2 = new LinkedHashMap<>();
        for (String t : labels.keySet()) {
            l2.put(t, labels.get(t).getRows(rows));
            boolean[] m = labelled.get(t);
            boolean[] s = new boolean[rows.length];
            for (int i = 0; i < rows.length; i++) {
                s[i] = m[rows[i]];
            }
            m2.put(t, s);
        }
        return new MultiTaskData(features.getRows(rows), l2, m2);
    }

    /** A seeded random split into {@code [train, test]} with {@code round(n * trainFraction)} training rows. */
    public MultiTaskData[] split(double trainFraction, long seed) {
        if (!(trainFraction > 0 && trainFraction < 1)) {
            throw new IllegalArgumentException("expected 0 < trainFraction < 1, got " + trainFraction);
        }
        int n = size();
        int nTrain = (int) Math.round(n * trainFraction);
        if (nTrain == 0 || nTrain == n) {
            throw new IllegalArgumentException("split of " + n + " rows at " + trainFraction + " leaves a part empty");
        }
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            idx.add(i);
        }
        Collections.shuffle(idx, new Random(seed));
        int[] a = idx.subList(0, nTrain).stream().mapToInt(Integer::intValue).toArray();
        int[] b = idx.subList(nTrain, n).stream().mapToInt(Integer::intValue).toArray();
        return new MultiTaskData[] {subset(a), subset(b)};
    }

    /** A {@code MultiDataSet} with the labels and label masks of all tasks, in {@link #taskNames()} order. */
    public MultiDataSet toMultiDataSet() {
        return toMultiDataSet(taskNames());
    }

    /**
     * A {@code MultiDataSet} with labels in the given task order; pass {@code HardSharing.taskNames(graph)} so that
     * label set i goes to the graph's output i.
     */
    public MultiDataSet toMultiDataSet(List<String> taskOrder) {
        requireTasks();
        if (taskOrder == null || taskOrder.isEmpty()) {
            throw new IllegalArgumentException("expected a non-empty task order, one of " + taskNames());
        }
        INDArray[] y = new INDArray[taskOrder.size()];
        INDArray[] m = new INDArray[taskOrder.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = labels(taskOrder.get(i));
            m[i] = labelMask(taskOrder.get(i));
        }
        return new MultiDataSet(new INDArray[] {features}, y, null, m);
    }

    /**
     * A single-task {@code DataSet} of the rows labelled for the task (features and one-hot labels), e.g. to train
     * the single-task baseline that Delta_MTL compares against.
     */
    public DataSet taskDataSet(String task) {
        boolean[] m = labelled.get(requireTask(task));
        int[] rows = new int[labelledCount(task)];
        int k = 0;
        for (int i = 0; i < m.length; i++) {
            if (m[i]) {
                rows[k++] = i;
            }
        }
        if (rows.length == 0) {
            throw new IllegalArgumentException("task " + task + " has no labelled rows");
        }
        return new DataSet(features.getRows(rows), labels.get(task).getRows(rows));
    }

    /** Per-task counts as {@code name -> labelled rows}. */
    public Map<String, Integer> labelledCounts() {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (String t : labels.keySet()) {
            out.put(t, labelledCount(t));
        }
        return out;
    }

    /** Casts features and labels to another data type (e.g. DOUBLE for gradient checks). */
    public MultiTaskData castTo(DataType type) {
        LinkedHashMap<String, INDArray> l2 = new LinkedHashMap<>();
        labels.forEach((t, y) -> l2.put(t, y.castTo(type)));
        return new MultiTaskData(features.castTo(type), l2, new LinkedHashMap<>(labelled));
    }

    @Override
    public String toString() {
        return "MultiTaskData{n=" + size() + ", d=" + features.size(1) + ", labelled=" + labelledCounts() + "}";
    }

    private String requireTask(String task) {
        if (!labels.containsKey(task)) {
            throw new IllegalArgumentException("unknown task '" + task + "'; expected one of " + taskNames());
        }
        return task;
    }

    private void requireTasks() {
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("expected at least one task: call withTask(...) first");
        }
    }
}
