package org.transferkit.multitask;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.transferkit.Kit;

class GradientSurgeryTest {

    @BeforeAll
    static void setUp() {
        Kit.threads(1, 1);
    }

    private static INDArray v(double... x) {
        return Nd4j.createFromArray(x);
    }

    @Test
    void pcgradProjectsConflictingGradientsByHand() {
        // g1 = (1, 0), g2 = (-1, 1): g1.g2 = -1 < 0.
        // g1' = g1 - (-1 / 2) g2 = (0.5, 0.5); g2' = g2 - (-1 / 1) g1 = (0, 1); sum (0.5, 1.5)
        List<INDArray> g = List.of(v(1, 0), v(-1, 1));
        List<INDArray> p = GradientSurgery.project(g, new Random(1));
        assertArrayEquals(new double[] {0.5, 0.5}, p.get(0).toDoubleVector(), 1e-15);
        assertArrayEquals(new double[] {0, 1}, p.get(1).toDoubleVector(), 1e-15);
        assertArrayEquals(new double[] {0.5, 1.5}, GradientSurgery.pcgrad(3).combine(g).toDoubleVector(), 1e-15);
        assertArrayEquals(new double[] {1, 0}, g.get(0).toDoubleVector(), 0.0, "inputs unchanged");
        // no conflict: PCGrad is the plain sum
        List<INDArray> agree = List.of(v(1, 0), v(1, 1));
        assertArrayEquals(new double[] {2, 1}, GradientSurgery.pcgrad(3).combine(agree).toDoubleVector(), 0.0);
        assertArrayEquals(new double[] {2, 1}, GradientSurgery.sum().combine(agree).toDoubleVector(), 0.0);
        // three tasks, one conflicting pair, the third orthogonal to both: the result does not depend on the order
        List<INDArray> three = List.of(v(1, 0, 0), v(-1, 1, 0), v(0, 0, 1));
        for (long seed = 0; seed < 5; seed++) {
            assertArrayEquals(new double[] {0.5, 1.5, 1}, GradientSurgery.pcgrad(seed).combine(three)
                    .toDoubleVector(), 1e-15);
        }
        assertThrows(IllegalArgumentException.class, () -> GradientSurgery.sum().combine(List.of(v(1), v(1, 2))));
    }

    @Test
    void withTwoTasksThePcgradUpdateNeverOpposesATaskGradient() {
        Random r = new Random(4);
        int conflicts = 0;
        for (int trial = 0; trial < 200; trial++) {
            INDArray a = Nd4j.randn(r.nextLong(), new long[] {5}).castTo(DataType.DOUBLE);
            INDArray b = Nd4j.randn(r.nextLong(), new long[] {5}).castTo(DataType.DOUBLE).muli(0.1 + 3 * r.nextDouble());
            List<INDArray> g = List.of(a, b);
            INDArray sum = GradientSurgery.sum().combine(g);
            INDArray pc = GradientSurgery.pcgrad(trial).combine(g);
            if (Math.min(GradientSurgery.cosine(sum, a), GradientSurgery.cosine(sum, b)) < 0) {
                conflicts++;
            }
            assertTrue(GradientSurgery.cosine(pc, a) > -1e-12 && GradientSurgery.cosine(pc, b) > -1e-12);
        }
        assertTrue(conflicts > 0, "the plain sum sometimes opposes a task (" + conflicts + " of 200)");
    }

    @Test
    void sumSurgeryTrainsAsFitAndPcgradRecordsItsTrace() {
        MultiTaskData d = Synthetic.twoTasks(60, 6, 4).keepLabels("b", 20, 2).castTo(DataType.DOUBLE);
        ComputationGraph plain = graph();
        ComputationGraph bySum = graph();
        MultiTaskTrainResult r0 = MultiTaskTrainer.fitStepsPerTask(plain, d, 12, 8, 3, TaskWeighting.fixed(1.0, 0.5));
        MultiTaskTrainResult r1 = MultiTaskTrainer.fitStepsPerTask(bySum, d, 12, 8, 3, TaskWeighting.fixed(1.0, 0.5),
                GradientSurgery.sum(), 4);
        double diff = plain.params().sub(bySum.params()).amaxNumber().doubleValue();
        assertTrue(diff < 1e-10, "the hand-made step with the plain sum is DL4J's step; differs by " + diff);
        assertArrayEquals(r0.loss(), r1.loss(), 1e-10);
        assertArrayEquals(new int[] {0, 4, 8}, r1.trace().steps());
        assertEquals(0, r0.trace().steps().length);
        // measuring without surgery does not change the training either
        ComputationGraph measured = graph();
        MultiTaskTrainResult r2 = MultiTaskTrainer.fitStepsPerTask(measured, d, 12, 8, 3,
                TaskWeighting.fixed(1.0, 0.5), null, 3);
        assertEquals(0.0, plain.params().sub(measured.params()).amaxNumber().doubleValue(), 0.0);
        assertEquals(4, r2.trace().steps().length);

        ComputationGraph pc = graph();
        MultiTaskTrainResult r3 = MultiTaskTrainer.fitStepsPerTask(pc, d, 12, 8, 3, TaskWeighting.equal(),
                GradientSurgery.pcgrad(1), 1);
        assertEquals(12, r3.trace().steps().length);
        for (double c : r3.trace().updateCosine()) {
            assertTrue(c > -1e-9, "a PCGrad update never opposes a task gradient, got cosine " + c);
        }
        assertEquals(0.0, r3.trace().conflictingUpdates(1e-9), 0.0);
        assertTrue(r3.weighting().contains("PCGrad"));
    }

    private static ComputationGraph graph() {
        return HardSharing.builder().mlpTrunk(6, 8, 8).task("a", 3).task("b", 2).l2(0.01)
                .updater(new Adam(0.01)).seed(5).dataType(DataType.DOUBLE).build();
    }
}
