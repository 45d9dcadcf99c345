package org.transferkit.multitask;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.transferkit.Kit;

class GradNormTest {

    @BeforeAll
    static void setUp() {
        Kit.threads(1, 1);
    }

    @Test
    void weightUpdateMatchesAStepComputedByHand() {
        // w = (1, 1), norms n = (1, 1): G = (1, 1), mean G = 1.
        // losses (1.0, 0.2) against first losses (2.0, 1.0): ratios (0.5, 0.2), mean 0.35,
        // r = (0.5 / 0.35, 0.2 / 0.35) = (1.428571, 0.571429); alpha 1.5: r^alpha = (1.707469, 0.431959),
        // targets = mean G * r^alpha = (1.707469, 0.431959).
        // G_0 = 1 < 1.707 -> sign -1 -> w_0 = 1 + 0.1 * 1 = 1.1; G_1 = 1 > 0.432 -> sign +1 -> w_1 = 1 - 0.1 = 0.9;
        // the sum is 2 = T already.
        double[] next = TaskWeighting.GradNorm.step(new double[] {1, 1}, new double[] {1, 1},
                new double[] {1.0, 0.2}, new double[] {2.0, 1.0}, 1.5, 0.1);
        assertArrayEquals(new double[] {1.1, 0.9}, next, 1e-12);

        // the same losses, norms n = (2, 0.5): G = (2, 0.5), mean G = 1.25, targets 1.25 * (1.707469, 0.431959) =
        // (2.134336, 0.539949); both G_t are below their targets -> w = (1 + 0.1 * 2, 1 + 0.1 * 0.5) = (1.2, 1.05),
        // rescaled to sum 2: (1.2, 1.05) * 2 / 2.25 = (1.066667, 0.933333)
        next = TaskWeighting.GradNorm.step(new double[] {1, 1}, new double[] {2, 0.5}, new double[] {1.0, 0.2},
                new double[] {2.0, 1.0}, 1.5, 0.1);
        assertArrayEquals(new double[] {1.2 * 2 / 2.25, 1.05 * 2 / 2.25}, next, 1e-12);

        // equal training rates (r = 1): targets = mean G = 15.5 for G = (1, 30); w_1 = 1 - 0.1 * 30 < 0 is kept at
        // MIN_WEIGHT: (1.1, 0.001) * 2 / 1.101
        next = TaskWeighting.GradNorm.step(new double[] {1, 1}, new double[] {1, 30}, new double[] {0.5, 0.5},
                new double[] {1, 1}, 1.5, 0.1);
        double min = TaskWeighting.GradNorm.MIN_WEIGHT;
        assertArrayEquals(new double[] {1.1 * 2 / (1.1 + min), min * 2 / (1.1 + min)}, next, 1e-12);

        // alpha = 0: every target is mean G, whatever the losses
        next = TaskWeighting.GradNorm.step(new double[] {1.5, 0.5}, new double[] {1, 1}, new double[] {9, 0.1},
                new double[] {1, 1}, 0.0, 0.1);
        // G = (1.5, 0.5), mean 1: w = (1.5 - 0.1, 0.5 + 0.1) = (1.4, 0.6), sum 2
        assertArrayEquals(new double[] {1.4, 0.6}, next, 1e-12);
    }

    @Test
    void theWeightingRemembersTheFirstLossesAndNeedsTheNorms() {
        TaskWeighting.GradNorm gn = TaskWeighting.gradNorm(1.5, 0.1);
        assertTrue(gn.needsGradientNorms());
        assertEquals("GradNorm", gn.name());
        assertArrayEquals(new double[] {1, 1}, gn.weights(0, 2), 0.0);
        gn.gradientNorms(0, new double[] {1, 1});
        gn.observe(0, new double[] {2.0, 1.0});      // first losses: r = (1, 1), targets = G, no change
        assertArrayEquals(new double[] {1, 1}, gn.weights(1, 2), 1e-12);
        gn.gradientNorms(1, new double[] {1, 1});
        gn.observe(1, new double[] {1.0, 0.2});      // the first hand-computed step above
        assertArrayEquals(new double[] {1.1, 0.9}, gn.weights(2, 2), 1e-12);
        assertArrayEquals(new double[] {1.1, 0.9}, gn.currentWeights(), 1e-12);
        // a step with a NaN loss leaves the weights as they are
        gn.gradientNorms(2, new double[] {1, 1});
        gn.observe(2, new double[] {Double.NaN, 0.2});
        assertArrayEquals(new double[] {1.1, 0.9}, gn.weights(3, 2), 1e-12);
        // without the norms of the step it refuses
        assertThrows(IllegalStateException.class, () -> gn.observe(3, new double[] {1.0, 0.2}));
        assertThrows(IllegalArgumentException.class, () -> TaskWeighting.gradNorm(-1, 0.1));
        assertThrows(IllegalArgumentException.class, () -> TaskWeighting.gradNorm(1.5, 0));
        assertTrue(!TaskWeighting.equal().needsGradientNorms());
    }

    @Test
    void recordedKeepsTheWeightsAndForwardsEverything() {
        TaskWeighting.Recorded r = TaskWeighting.recorded(TaskWeighting.gradNorm(1.5, 0.1));
        assertTrue(r.needsGradientNorms());
        r.weights(0, 2);
        r.gradientNorms(0, new double[] {1, 1});
        r.observe(0, new double[] {2.0, 1.0});
        r.weights(1, 2);
        r.weights(1, 2);                             // asked twice in one step: recorded once
        r.gradientNorms(1, new double[] {1, 1});
        r.observe(1, new double[] {1.0, 0.2});
        r.weights(2, 2);
        double[][] h = r.history();
        assertEquals(3, h.length);
        assertArrayEquals(new double[] {1.1, 0.9}, h[2], 1e-12);
        assertArrayEquals(new double[] {(1 + 1 + 1.1) / 3, (1 + 1 + 0.9) / 3}, r.meanWeights(0), 1e-12);
        assertArrayEquals(new double[] {1.1, 0.9}, r.meanWeights(2), 1e-12);
        assertEquals("GradNorm", r.name());
    }

    /** A weighting with equal weights that records the gradient norms the trainer reports. */
    private static final class NormProbe implements TaskWeighting {
        final List<double[]> norms = new ArrayList<>();

        @Override
        public String name() {
            return "probe";
        }

        @Override
        public double[] weights(int step, int numTasks) {
            return new double[] {1, 1};
        }

        @Override
        public boolean needsGradientNorms() {
            return true;
        }

        @Override
        public void gradientNorms(int step, double[] n) {
            assertEquals(norms.size(), step);
            norms.add(n.clone());
        }
    }

    @Test
    void gradNormTrainsWithPerTaskBatches() {
        MultiTaskData d = Synthetic.twoTasks(80, 6, 4).keepLabels("b", 20, 2).castTo(DataType.DOUBLE);
        // the norms the trainer reports: one pair per step, positive; asking for them does not change training
        NormProbe probe = new NormProbe();
        ComputationGraph probed = graph();
        MultiTaskTrainResult r0 = MultiTaskTrainer.fitStepsPerTask(probed, d, 10, 8, 3, probe);
        ComputationGraph plain = graph();
        MultiTaskTrainResult r1 = MultiTaskTrainer.fitStepsPerTask(plain, d, 10, 8, 3, TaskWeighting.equal());
        assertEquals(10, probe.norms.size());
        for (double[] n : probe.norms) {
            assertTrue(n[0] > 0 && n[1] > 0 && Double.isFinite(n[0]) && Double.isFinite(n[1]));
        }
        assertEquals(0.0, probed.params().sub(plain.params()).amaxNumber().doubleValue(), 0.0);
        assertArrayEquals(r1.loss(), r0.loss(), 0.0);

        // GradNorm: the weights move, stay positive and sum to the number of tasks
        TaskWeighting.Recorded gn = TaskWeighting.recorded(TaskWeighting.gradNorm(1.5, 0.05));
        ComputationGraph g = graph();
        MultiTaskTrainResult r = MultiTaskTrainer.fitStepsPerTask(g, d, 40, 8, 3, gn);
        double[][] w = r.taskWeight();
        boolean moved = false;
        for (int s = 0; s < 40; s++) {
            assertEquals(2.0, w[0][s] + w[1][s], 1e-9, "the weights sum to T at step " + s);
            assertTrue(w[0][s] > 0 && w[1][s] > 0);
            moved |= Math.abs(w[0][s] - 1) > 1e-6;
        }
        assertTrue(moved, "GradNorm changes the weights");
        assertArrayEquals(w[1], column(gn.history(), 1), 0.0);
        assertEquals("GradNorm", r.weighting());
        assertTrue(r.finalTaskLoss("a", 5) < r.taskLoss()[0][0]);
        // GradNorm needs the norms: the uniform-batch trainer refuses it
        assertThrows(IllegalArgumentException.class, () -> MultiTaskTrainer.fitSteps(graph(), d.toMultiDataSet(), 2,
                8, 1, TaskWeighting.gradNorm(1.5, 0.05)));
        // with PCGrad it trains too
        MultiTaskTrainResult both = MultiTaskTrainer.fitStepsPerTask(graph(), d, 10, 8, 3,
                TaskWeighting.gradNorm(1.5, 0.05), GradientSurgery.pcgrad(1), 2);
        assertNotEquals(1.0, both.taskWeight()[0][9], 1e-9);
    }

    private static double[] column(double[][] m, int k) {
        double[] out = new double[m.length];
        for (int i = 0; i < m.length; i++) {
            out[i] = m[i][k];
        }
        return out;
    }

    private static ComputationGraph graph() {
        return HardSharing.builder().mlpTrunk(6, 8, 8).task("a", 3).task("b", 2).l2(0.01)
                .updater(new Adam(0.01)).seed(5).dataType(DataType.DOUBLE).build();
    }
}
