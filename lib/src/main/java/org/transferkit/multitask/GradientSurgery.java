package org.transferkit.multitask;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How the task gradients on the shared layers become one update direction. {@link #sum()} is ordinary multi-task
 * training (the gradient of {@code sum_t w_t L_t}); {@link #pcgrad(long)} is gradient surgery (PCGrad, Yu et al.,
 * NeurIPS 2020): a task gradient that conflicts with another one (negative dot product) loses its component along
 * that other gradient before the gradients are summed.
 *
 * <p>{@link MultiTaskTrainer#fitStepsPerTask(org.deeplearning4j.nn.graph.ComputationGraph, MultiTaskData, int, int,
 * long, TaskWeighting, GradientSurgery, int)} applies a rule to the shared (trunk) layers; each head keeps the gradient
 * of its own task.
 */
public interface GradientSurgery {

    /** Short name for tables, e.g. {@code "sum"} or {@code "PCGrad"}. */
    String name();

    /**
     * The update direction from the (already weighted) task gradients on the shared layers, one flattened vector per
     * task, all of the same length. The inputs are not changed.
     */
    INDArray combine(List<INDArray> taskGradients);

    /** The plain sum of the task gradients: ordinary multi-task training. */
    static GradientSurgery sum() {
        return new GradientSurgery() {
            @Override
            public String name() {
                return "sum";
            }

            @Override
            public INDArray combine(List<INDArray> taskGradients) {
                check(taskGradients);
                INDArray out = taskGradients.get(0).dup();
                for (int t = 1; t < taskGradients.size(); t++) {
                    out.addi(taskGradients.get(t));
                }
                return out;
            }
        };
    }

    /** PCGrad with the order of the other tasks drawn afresh for every task and step (seeded). */
    static GradientSurgery pcgrad(long seed) {
        Random random = new Random(seed);
        return new GradientSurgery() {
            @Override
            public String name() {
                return "PCGrad";
            }

            @Override
            public INDArray combine(List<INDArray> taskGradients) {
                List<INDArray> projected = project(taskGradients, random);
                INDArray out = sum().combine(projected);
                projected.forEach(INDArray::close);   // free the native buffers now, not at the next GC
                return out;
            }
        };
    }

    /**
     * PCGrad's projection: for each task i, starting from {@code g_i}, and for each other task j in a random order,
     * if {@code g_i . g_j < 0} then {@code g_i -= (g_i . g_j / |g_j|^2) g_j} (the projection is onto the normal plane
     * of the <em>original</em> {@code g_j}, as in the paper). Returns the projected gradients, new arrays.
     */
    static List<INDArray> project(List<INDArray> taskGradients, Random random) {
        check(taskGradients);
        int t = taskGradients.size();
        List<INDArray> out = new ArrayList<>();
        for (int i = 0; i < t; i++) {
            INDArray gi = taskGradients.get(i).dup();
            List<Integer> others = new ArrayList<>();
            for (int j = 0; j < t; j++) {
                if (j != i) {
                    others.add(j);
                }
            }
            java.util.Collections.shuffle(others, random);
            for (int j : others) {
                INDArray gj = taskGradients.get(j);
                double dot = dot(gi, gj);
                double norm2 = dot(gj, gj);
                if (dot < 0 && norm2 > 0) {
                    INDArray component = gj.mul(dot / norm2);
                    gi.subi(component);
                    component.close();
                }
            }
            out.add(gi);
        }
        return out;
    }

    /** The cosine of two vectors (NaN if either is zero). */
    static double cosine(INDArray a, INDArray b) {
        double na = a.norm2Number().doubleValue();
        double nb = b.norm2Number().doubleValue();
        return na == 0 || nb == 0 ? Double.NaN : dot(a, b) / (na * nb);
    }

    /** The dot product of two vectors of the same length (the temporary product is freed at once). */
    static double dot(INDArray a, INDArray b) {
        INDArray p = a.mul(b);
        double d = p.sumNumber().doubleValue();
        p.close();
        return d;
    }

    private static void check(List<INDArray> g) {
        if (g == null || g.isEmpty()) {
            throw new IllegalArgumentException("expected at least one task gradient");
        }
        for (INDArray a : g) {
            if (a == null || a.length() != g.get(0).length()) {
                throw new IllegalArgumentException("expected task gradients of the same length");
            }
        }
    }
}
