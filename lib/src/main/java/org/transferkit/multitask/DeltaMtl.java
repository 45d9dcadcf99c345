package org.transferkit.multitask;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Delta_MTL (Maninis et al. 2019, as LibMTL reports it): the average relative change of each task's metric against
 * its single-task model, in percent, {@code (1/T) sum_t (-1)^{l_t} (M_mtl,t - M_stl,t) / M_stl,t * 100}, where
 * {@code l_t = 1} if lower is better for task t. Positive = multi-task learning helps on average.
 */
public final class DeltaMtl {

    private DeltaMtl() {
    }

    /**
     * Delta_MTL in percent.
     *
     * @param mtl            metric of the multi-task model per task
     * @param single         metric of the single-task model per task (non-zero)
     * @param higherIsBetter per task: true for accuracy-like metrics, false for errors/losses
     */
    public static double compute(Map<String, Double> mtl, Map<String, Double> single,
                                 Map<String, Boolean> higherIsBetter) {
        Map<String, Double> per = perTask(mtl, single, higherIsBetter);
        double s = 0;
        for (double v : per.values()) {
            s += v;
        }
        return s / per.size();
    }

    /** The signed relative change per task in percent (the terms that {@link #compute} averages). */
    public static Map<String, Double> perTask(Map<String, Double> mtl, Map<String, Double> single,
                                              Map<String, Boolean> higherIsBetter) {
        if (mtl == null || single == null || higherIsBetter == null || mtl.isEmpty()) {
            throw new IllegalArgumentException("expected non-empty metric maps for the multi-task and single-task "
                    + "models and a higherIsBetter map");
        }
        if (!mtl.keySet().equals(single.keySet()) || !mtl.keySet().equals(higherIsBetter.keySet())) {
            throw new IllegalArgumentException("expected the same tasks in all three maps, got mtl="
                    + new TreeSet<>(mtl.keySet()) + ", single=" + new TreeSet<>(single.keySet())
                    + ", higherIsBetter=" + new TreeSet<>(higherIsBetter.keySet()));
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (String t : mtl.keySet()) {
            Double m = mtl.get(t);
            Double b = single.get(t);
            Boolean hib = higherIsBetter.get(t);
            if (m == null || b == null || hib == null || !Double.isFinite(m) || !Double.isFinite(b)) {
                throw new IllegalArgumentException("expected finite metrics for task " + t + ", got mtl=" + m
                        + ", single=" + b + ", higherIsBetter=" + hib);
            }
            if (b == 0) {
                throw new IllegalArgumentException("single-task metric of task " + t
                        + " is 0: the relative change is undefined");
            }
            double sign = hib ? 1.0 : -1.0;
            out.put(t, sign * (m - b) / b * 100.0);
        }
        return out;
    }

    /** Table: task, single-task, multi-task, higher is better, delta %; the last row is the mean (Delta_MTL). */
    public static Table table(Map<String, Double> mtl, Map<String, Double> single,
                              Map<String, Boolean> higherIsBetter) {
        Map<String, Double> per = perTask(mtl, single, higherIsBetter);
        StringColumn task = StringColumn.create("task");
        DoubleColumn stl = DoubleColumn.create("single-task");
        DoubleColumn mt = DoubleColumn.create("multi-task");
        BooleanColumn hib = BooleanColumn.create("higher is better");
        DoubleColumn delta = DoubleColumn.create("delta %");
        for (Map.Entry<String, Double> e : per.entrySet()) {
            task.append(e.getKey());
            stl.append(single.get(e.getKey()));
            mt.append(mtl.get(e.getKey()));
            hib.append(higherIsBetter.get(e.getKey()));
            delta.append(e.getValue());
        }
        task.append("Delta_MTL (mean)");
        stl.appendMissing();
        mt.appendMissing();
        hib.appendMissing();
        delta.append(compute(mtl, single, higherIsBetter));
        return Table.create("Delta_MTL vs single-task models", task, stl, mt, hib, delta);
    }
}
