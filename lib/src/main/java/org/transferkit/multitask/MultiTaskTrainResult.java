package org.transferkit.multitask;

import java.util.List;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * What {@link MultiTaskTrainer#fitSteps} recorded, one entry per optimisation step.
 *
 * @param tasks      task names in the graph's output order
 * @param weighting  name of the weighting strategy
 * @param loss       the graph's weighted total loss {@code sum_t w_t L_t} (plus any regularisation) per step
 * @param taskLoss   {@code taskLoss[t][step]}: unweighted loss of task t, the mean over the batch rows labelled for
 *                   it (NaN in steps where its weight was 0 or no row was labelled for it)
 * @param taskWeight {@code taskWeight[t][step]}: weight used for task t
 * @param conflicts  gradient-conflict snapshots taken every {@code conflictEvery} steps (empty if not asked)
 * @param trace      the task-gradient cosines and update cosines of per-task training with measurements (empty if
 *                   not asked)
 */
public record MultiTaskTrainResult(List<String> tasks, String weighting, double[] loss, double[][] taskLoss,
                                   double[][] taskWeight, List<Snapshot> conflicts, ConflictTrace trace) {

    /** A result without a conflict trace. */
    public MultiTaskTrainResult(List<String> tasks, String weighting, double[] loss, double[][] taskLoss,
                                double[][] taskWeight, List<Snapshot> conflicts) {
        this(tasks, weighting, loss, taskLoss, taskWeight, conflicts, ConflictTrace.EMPTY);
    }

    /**
     * Measurements on the shared layers, taken on a step's batch before its update: {@code taskCosine[i]} is the
     * smallest pairwise cosine between the (weighted) task gradients, {@code updateCosine[i]} the smallest cosine
     * between the update direction actually taken and a task gradient. A negative update cosine means the step
     * moved the shared layers against one task's own gradient, to first order increasing that task's loss.
     *
     * @param steps        the measured steps
     * @param taskCosine   smallest pairwise task-gradient cosine at each measured step
     * @param updateCosine smallest cosine between the update and a task gradient at each measured step
     */
    public record ConflictTrace(int[] steps, double[] taskCosine, double[] updateCosine) {

        /** No measurements. */
        public static final ConflictTrace EMPTY = new ConflictTrace(new int[0], new double[0], new double[0]);

        /** Fraction of the measured steps whose update cosine is below {@code -tolerance} (NaN if none measured). */
        public double conflictingUpdates(double tolerance) {
            return fraction(updateCosine, tolerance);
        }

        /** Fraction of the measured steps whose task-gradient cosine is below {@code -tolerance}. */
        public double conflictingTasks(double tolerance) {
            return fraction(taskCosine, tolerance);
        }

        private static double fraction(double[] c, double tolerance) {
            int n = 0;
            int below = 0;
            for (double v : c) {
                if (Double.isFinite(v)) {
                    n++;
                    if (v < -tolerance) {
                        below++;
                    }
                }
            }
            return n == 0 ? Double.NaN : below / (double) n;
        }
    }

    /** A gradient-conflict measurement taken before the given step, on that step's batch. */
    public record Snapshot(int step, GradientConflict.Report report) {
    }

    /** Number of steps trained. */
    public int steps() {
        return loss.length;
    }

    /** Mean unweighted loss of a task over the last {@code k} steps (a less noisy end-of-training value). */
    public double finalTaskLoss(String task, int k) {
        int t = tasks.indexOf(task);
        if (t < 0) {
            throw new IllegalArgumentException("unknown task '" + task + "'; expected one of " + tasks);
        }
        double[] l = taskLoss[t];
        int from = Math.max(0, l.length - Math.max(1, k));
        double s = 0;
        int c = 0;
        for (int i = from; i < l.length; i++) {
            if (Double.isFinite(l[i])) {
                s += l[i];
                c++;
            }
        }
        return c == 0 ? Double.NaN : s / c;
    }

    /** Per-step table: step, total loss, and for each task its loss and weight. */
    public Table table() {
        int n = steps();
        IntColumn step = IntColumn.create("step");
        for (int i = 0; i < n; i++) {
            step.append(i);
        }
        Table t = Table.create("Multi-task training (" + weighting + ")", step, DoubleColumn.create("loss", loss));
        for (int k = 0; k < tasks.size(); k++) {
            t.addColumns(DoubleColumn.create("loss " + tasks.get(k), taskLoss[k]),
                    DoubleColumn.create("w " + tasks.get(k), taskWeight[k]));
        }
        return t;
    }

    /** Conflict snapshots as a table: step, task a, task b, cosine. */
    public Table conflictTable() {
        Table out = null;
        for (Snapshot s : conflicts) {
            Table t = s.report().toTable();
            IntColumn step = IntColumn.create("step");
            for (int i = 0; i < t.rowCount(); i++) {
                step.append(s.step());
            }
            t.insertColumn(0, step);
            out = out == null ? t : out.append(t);
        }
        if (out == null) {
            out = Table.create("Gradient cosine", IntColumn.create("step"));
        }
        return out.setName("Gradient cosine on the shared layers over training");
    }
}
