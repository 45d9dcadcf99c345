package org.transferkit.multitask;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.transferkit.Kit;

class MultiTaskDataTest {

    @BeforeAll
    static void setUp() {
        Kit.threads(1, 1); // tiny networks: one thread is faster and stable on a shared machine
    }

    @Test
    void tasksMasksAndViews() {
        MultiTaskData d = Synthetic.twoTasks(50, 4, 1);
        assertEquals(List.of("a", "b"), d.taskNames());
        assertEquals(50, d.labelledCount("a"));
        assertEquals(3, d.numClasses("a"));
        MultiTaskData poor = d.keepLabels("b", 12, 7);
        assertEquals(12, poor.labelledCount("b"));
        assertEquals(50, poor.labelledCount("a"));
        assertEquals(12.0, poor.labelMask("b").sumNumber().doubleValue(), 0.0);
        assertEquals(12.0, poor.labels("b").sumNumber().doubleValue(), 0.0, "unlabelled rows carry zero labels");
        DataSet single = poor.taskDataSet("b");
        assertEquals(12, single.numExamples());
        assertEquals(poor.keepLabels("b", 12, 7).labelMask("b"), poor.labelMask("b"), "seeded");

        MultiDataSet ordered = poor.toMultiDataSet(List.of("b", "a"));
        assertEquals(2, ordered.numLabelsArrays());
        assertArrayEquals(new long[] {50, 2}, ordered.getLabels(0).shape());
        assertArrayEquals(new long[] {50, 1}, ordered.getLabelsMaskArray(0).shape());

        MultiTaskData[] split = poor.split(0.8, 3);
        assertEquals(40, split[0].size());
        assertEquals(10, split[1].size());
        assertEquals(12, split[0].labelledCount("b") + split[1].labelledCount("b"));

        int[] cls = {0, -1, 1, -1};
        MultiTaskData small = MultiTaskData.of(Synthetic.features(4, 2, 1, DataType.FLOAT)).withTask("t", cls, 2);
        assertEquals(2, small.labelledCount("t"));
    }

    @Test
    void disjointTasksLabelOnlyTheirOwnRows() {
        INDArray xa = Synthetic.features(5, 3, 1, DataType.FLOAT);
        INDArray xb = Synthetic.features(2, 3, 2, DataType.FLOAT);
        DataSet a = new DataSet(xa, Synthetic.oneHot(new int[] {0, 1, 2, 0, 1}, 3, DataType.FLOAT));
        DataSet b = new DataSet(xb, Synthetic.oneHot(new int[] {1, 0}, 2, DataType.FLOAT));
        java.util.Map<String, DataSet> parts = new java.util.LinkedHashMap<>();
        parts.put("a", a);
        parts.put("b", b);
        MultiTaskData d = MultiTaskData.ofDisjoint(parts);
        assertEquals(7, d.size());
        assertEquals(List.of("a", "b"), d.taskNames());
        assertEquals(5, d.labelledCount("a"));
        assertEquals(2, d.labelledCount("b"));
        assertArrayEquals(new boolean[] {false, false, false, false, false, true, true}, d.isLabelled("b"));
        assertEquals(a.getFeatures(), d.taskDataSet("a").getFeatures());
        assertEquals(b.getLabels(), d.taskDataSet("b").getLabels());
        assertEquals(xb, d.taskDataSet("b").getFeatures());
        parts.put("c", new DataSet(Synthetic.features(2, 4, 3, DataType.FLOAT), b.getLabels()));
        assertThrows(IllegalArgumentException.class, () -> MultiTaskData.ofDisjoint(parts));
        assertThrows(IllegalArgumentException.class, () -> MultiTaskData.ofDisjoint(java.util.Map.of()));
    }

    @Test
    void invalidInputsAreRejected() {
        MultiTaskData d = Synthetic.twoTasks(10, 4, 1);
        assertThrows(IllegalArgumentException.class, () -> d.labels("nope"));
        assertThrows(IllegalArgumentException.class, () -> d.keepLabels("a", 11, 1));
        assertThrows(IllegalArgumentException.class, () -> d.withTask("a", new int[10], 2));
        assertThrows(IllegalArgumentException.class, () -> d.withTask("c", new int[9], 2));
        assertThrows(IllegalArgumentException.class, () -> d.withTask("c", new int[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 5}, 2));
        assertThrows(IllegalArgumentException.class, () -> d.toMultiDataSet(List.of("a", "zzz")));
        assertThrows(IllegalArgumentException.class, () -> d.split(1.0, 1));
        assertThrows(IllegalArgumentException.class,
                () -> MultiTaskData.of(Nd4j.create(DataType.FLOAT, 0, 2)));
    }

    @Test
    void unlabelledRowsAreOutOfTheTaskLoss() {
        // With w_b = 0, the summed gradient of task a on a batch where a labels only some rows equals the
        // gradient on those rows alone: masked rows add exactly nothing.
        MultiTaskData d = Synthetic.twoTasks(20, 4, 2).keepLabels("a", 7, 3).castTo(DataType.DOUBLE);
        ComputationGraph g = HardSharing.builder().mlpTrunk(4, 5).task("a", 3).task("b", 2, 0.0)
                .updater(new Sgd(0.1)).dataType(DataType.DOUBLE).seed(4).build();
        INDArray full = sumGradient(g, d.toMultiDataSet(HardSharing.taskNames(g)));

        boolean[] m = d.isLabelled("a");
        int[] rows = new int[7];
        int k = 0;
        for (int i = 0; i < m.length; i++) {
            if (m[i]) {
                rows[k++] = i;
            }
        }
        INDArray only = sumGradient(g, d.subset(rows).toMultiDataSet(HardSharing.taskNames(g)));
        assertTrue(full.sub(only).amaxNumber().doubleValue() < 1e-12);
        assertTrue(full.amaxNumber().doubleValue() > 1e-6);
    }

    private static INDArray sumGradient(ComputationGraph g, MultiDataSet b) {
        g.setInputs(b.getFeatures());
        g.setLabels(b.getLabels());
        g.setLayerMaskArrays(null, b.getLabelsMaskArrays());
        g.computeGradientAndScore();
        INDArray out = g.getFlattenedGradients().dup();
        g.clearLayerMaskArrays();
        g.clearLayersStates();
        return out;
    }
}
