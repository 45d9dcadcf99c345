package org.transferkit.multitask;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Sgd;
import org.transferkit.Kit;

import tech.tablesaw.api.Table;

class MultiTaskTrainerTest {

    @BeforeAll
    static void setUp() {
        Kit.threads(1, 1); // tiny networks: one thread is faster and stable on a shared machine
    }

    private static ComputationGraph graph(long seed) {
        return HardSharing.builder().mlpTrunk(6, 16).task("a", 3).task("b", 2)
                .updater(new Adam(0.02)).seed(seed).build();
    }

    @Test
    void learnsBothTasksWithAPoorTask() {
        MultiTaskData[] split = Synthetic.twoTasks(400, 6, 11).split(0.75, 1);
        MultiTaskData train = split[0].keepLabels("b", 60, 2);
        ComputationGraph g = graph(3);
        MultiTaskTrainResult r = MultiTaskTrainer.fitSteps(g, train, 120, 32, 5, TaskWeighting.equal());
        assertEquals(120, r.steps());
        Map<String, Double> acc = MultiTaskEvaluation.accuracies(g, split[1]);
        System.out.println("hard sharing synthetic: accuracy " + acc + ", final losses a="
                + r.finalTaskLoss("a", 10) + " b=" + r.finalTaskLoss("b", 10));
        assertTrue(acc.get("a") > 0.75, "task a accuracy " + acc);
        assertTrue(acc.get("b") > 0.75, "task b accuracy " + acc);
        assertTrue(r.finalTaskLoss("a", 10) < mean(r.taskLoss()[0], 0, 10));
        Table t = MultiTaskEvaluation.accuracyTable(g, split[1]);
        assertEquals(2, t.rowCount());
        assertEquals(split[1].labelledCount("b"), t.intColumn("labelled").get(1));
        assertEquals(120, r.table().rowCount());
    }

    @Test
    void sameSeedSameModel() {
        MultiDataSet data = Synthetic.twoTasks(64, 6, 1).toMultiDataSet();
        ComputationGraph g1 = graph(8);
        ComputationGraph g2 = graph(8);
        MultiTaskTrainer.fitSteps(g1, data, 15, 16, 4, TaskWeighting.random(2));
        MultiTaskTrainer.fitSteps(g2, data, 15, 16, 4, TaskWeighting.random(2));
        assertEquals(g1.params(), g2.params());
    }

    @Test
    void recordedTaskLossesAreTheUnweightedHeadLosses() {
        MultiTaskData d = Synthetic.twoTasks(40, 6, 3);
        MultiDataSet all = d.toMultiDataSet();
        ComputationGraph g = graph(9);
        double[] expected = new double[2];
        for (int t = 0; t < 2; t++) {
            double[] w = new double[2];
            w[t] = 1;
            HardSharing.setTaskWeights(g, w);
            expected[t] = g.score(all, true);
        }
        // one full-batch step with unequal weights: the recorded losses are the per-head losses before the step
        MultiTaskTrainResult r = MultiTaskTrainer.fitSteps(g, all, 1, 40, 1, TaskWeighting.fixed(0.5, 2.0));
        assertEquals(expected[0], r.taskLoss()[0][0], 1e-5);
        assertEquals(expected[1], r.taskLoss()[1][0], 1e-5);
        assertEquals(0.5 * expected[0] + 2.0 * expected[1], r.loss()[0], 1e-5);
        assertArrayEquals(new double[] {0.5, 2.0}, HardSharing.taskWeights(g));
    }

    @Test
    void uncertaintyWeightingFollowsItsGradient() {
        MultiDataSet data = Synthetic.twoTasks(64, 6, 1).toMultiDataSet();
        ComputationGraph g = graph(2);
        TaskWeighting.Uncertainty uw = TaskWeighting.uncertainty(0.05);
        MultiTaskTrainResult r = MultiTaskTrainer.fitSteps(g, data, 30, 16, 4, uw);
        // replay: s_{k+1} = s_k - lr (1 - exp(-s_k) L_k), weights exp(-s_k)
        double[] s = new double[2];
        for (int k = 0; k < 30; k++) {
            for (int t = 0; t < 2; t++) {
                assertEquals(Math.exp(-s[t]), r.taskWeight()[t][k], 1e-12);
                s[t] -= 0.05 * (1 - Math.exp(-s[t]) * r.taskLoss()[t][k]);
            }
        }
        assertArrayEquals(s, uw.logVariances(), 1e-12);
        assertTrue(Math.abs(s[0]) > 1e-3 && Math.abs(s[1]) > 1e-3);
    }

    @Test
    void gradientConflictReport() {
        MultiTaskData d = Synthetic.twoTasks(32, 6, 5);
        // a third task identical to "a", with a head initialised like a's: its trunk gradient equals a's
        MultiTaskData d3 = d.withTask("a2", d.labels("a"));
        ComputationGraph g = HardSharing.builder().mlpTrunk(6, 8).task("a", 3).task("b", 2).task("a2", 3, 0.7)
                .updater(new Sgd(0.1)).seed(1).dataType(DataType.DOUBLE).build();
        g.getLayer("a2").setParams(g.getLayer("a").params().dup());
        MultiDataSet b = d3.castTo(DataType.DOUBLE).toMultiDataSet(HardSharing.taskNames(g));
        GradientConflict.Report rep = GradientConflict.measure(g, b);
        assertEquals(1.0, rep.cosine("a", "a2"), 1e-12);
        assertEquals(1.0, rep.cosine("b", "b"), 1e-12);
        assertEquals(rep.cosine("a", "b"), rep.cosine("b", "a"), 1e-15);
        assertTrue(rep.cosine("a", "b") >= -1 && rep.cosine("a", "b") <= 1);
        assertEquals(3, rep.toTable().rowCount());
        assertArrayEquals(new double[] {1.0, 1.0, 0.7}, HardSharing.taskWeights(g), "weights restored");

        // the per-task trunk gradients add up to the joint gradient (weights 1, 1, 0.7)
        List<INDArray> per = GradientConflict.taskGradients(g, b, HardSharing.sharedLayerNames(g));
        INDArray sum = per.get(0).add(per.get(1)).addi(per.get(2).mul(0.7));
        g.setInputs(b.getFeatures());
        g.setLabels(b.getLabels());
        g.setLayerMaskArrays(null, b.getLabelsMaskArrays());
        g.computeGradientAndScore();
        INDArray joint = g.getLayer("fc1").getGradientsViewArray().reshape(-1).div(32);
        assertTrue(sum.sub(joint).amaxNumber().doubleValue() < 1e-12);

        MultiTaskTrainResult r = MultiTaskTrainer.fitSteps(g, b, 6, 16, 1, TaskWeighting.equal(), 3);
        assertEquals(2, r.conflicts().size());
        assertEquals(6, r.conflictTable().rowCount());
    }

    @Test
    void perTaskObjectiveIsTheWeightedSumOfPerTaskMeans() {
        MultiTaskData d = Synthetic.twoTasks(40, 6, 3).keepLabels("b", 10, 1).castTo(DataType.DOUBLE);
        ComputationGraph g = HardSharing.builder().mlpTrunk(6, 16).task("a", 3).task("b", 2)
                .updater(new Sgd(0.1)).seed(9).dataType(DataType.DOUBLE).build();
        // expected: each task's mean loss over its own labelled rows, at the parameters before the step
        HardSharing.setTaskWeights(g, 1.0, 0.0);
        double la = g.score(d.toMultiDataSet(HardSharing.taskNames(g)), false);
        boolean[] mb = d.isLabelled("b");
        int[] rows = new int[10];
        int k = 0;
        for (int i = 0; i < mb.length; i++) {
            if (mb[i]) {
                rows[k++] = i;
            }
        }
        HardSharing.setTaskWeights(g, 0.0, 1.0);
        double lb = g.score(d.subset(rows).toMultiDataSet(HardSharing.taskNames(g)), false);
        // rowsPerTask 64 > labelled counts: each step sees all 40 rows of a and all 10 rows of b
        MultiTaskTrainResult r = MultiTaskTrainer.fitStepsPerTask(g, d, 1, 64, 2, TaskWeighting.fixed(0.5, 2.0));
        assertEquals(la, r.taskLoss()[0][0], 1e-10);
        assertEquals(lb, r.taskLoss()[1][0], 1e-10);
        assertEquals(0.5 * la + 2.0 * lb, r.loss()[0], 1e-10);
        assertArrayEquals(new double[] {0.5, 2.0}, HardSharing.taskWeights(g), "nominal weights restored");
    }

    @Test
    void weightZeroWithPerTaskBatchesIsSingleTaskTraining() {
        MultiTaskData d = Synthetic.twoTasks(60, 6, 4).keepLabels("b", 20, 2).castTo(DataType.DOUBLE);
        ComputationGraph both = HardSharing.builder().mlpTrunk(6, 8).task("a", 3).task("b", 2)
                .updater(new Adam(0.01)).seed(5).dataType(DataType.DOUBLE).build();
        ComputationGraph alone = HardSharing.builder().mlpTrunk(6, 8).task("b", 2)
                .updater(new Adam(0.01)).seed(6).dataType(DataType.DOUBLE).build();
        alone.getLayer("fc1").setParams(both.getLayer("fc1").params().dup());
        alone.getLayer("b").setParams(both.getLayer("b").params().dup());
        MultiTaskTrainer.fitStepsPerTask(both, d, 15, 8, 3, TaskWeighting.fixed(0.0, 1.0));
        MultiTaskTrainResult r = MultiTaskTrainer.fitStepsPerTask(alone, d, 15, 8, 3, TaskWeighting.equal());
        assertEquals(15, r.steps());
        for (String layer : List.of("fc1", "b")) {
            INDArray diff = both.getLayer(layer).params().sub(alone.getLayer(layer).params());
            assertTrue(diff.amaxNumber().doubleValue() < 1e-10, layer + " differs by " + diff.amaxNumber());
        }
        assertTrue(Double.isNaN(r.finalTaskLoss("b", 1)) == false);
    }

    @Test
    void perTaskTrainingLearnsAPoorTask() {
        MultiTaskData[] split = Synthetic.twoTasks(400, 6, 11).split(0.75, 1);
        MultiTaskData train = split[0].keepLabels("b", 30, 2);
        ComputationGraph g = graph(3);
        MultiTaskTrainer.fitStepsPerTask(g, train, 60, 32, 5, TaskWeighting.equal());
        Map<String, Double> acc = MultiTaskEvaluation.accuracies(g, split[1]);
        System.out.println("per-task batches, synthetic: accuracy " + acc);
        assertTrue(acc.get("a") > 0.7 && acc.get("b") > 0.7, "accuracy " + acc);
        // a test set with only one of the graph's tasks reports that task only
        Map<String, Double> onlyB = MultiTaskEvaluation.accuracies(g,
                MultiTaskData.of(split[1].features()).withTask("b", split[1].labels("b")));
        assertEquals(List.of("b"), List.copyOf(onlyB.keySet()));
        assertEquals(acc.get("b"), onlyB.get("b"), 1e-12);
        assertEquals(0, MultiTaskEvaluation.accuracyTable(g,
                MultiTaskData.of(split[1].features()).withTask("b", split[1].labels("b"))).intColumn("labelled").get(0));
    }

    @Test
    void invalidInputsAreRejected() {
        ComputationGraph g = graph(1);
        MultiDataSet one = Synthetic.twoTasks(8, 6, 1).toMultiDataSet(List.of("a"));
        assertThrows(IllegalArgumentException.class, () -> MultiTaskTrainer.fitSteps(g, one, 1, 4, 1));
        MultiDataSet ok = Synthetic.twoTasks(8, 6, 1).toMultiDataSet();
        assertThrows(IllegalArgumentException.class, () -> MultiTaskTrainer.fitSteps(g, ok, -1, 4, 1));
        assertThrows(IllegalArgumentException.class, () -> MultiTaskTrainer.fitSteps(g, ok, 1, 0, 1));
        MultiTaskData onlyA = MultiTaskData.of(Synthetic.features(8, 6, 1, DataType.FLOAT))
                .withTask("a", new int[] {0, 1, 2, 0, 1, 2, 0, 1}, 3);
        assertThrows(IllegalArgumentException.class,
                () -> MultiTaskTrainer.fitStepsPerTask(g, onlyA, 1, 4, 1, TaskWeighting.equal()));
        MultiTaskData both = Synthetic.twoTasks(8, 6, 1);
        assertThrows(IllegalArgumentException.class,
                () -> MultiTaskTrainer.fitStepsPerTask(g, both, 1, 0, 1, TaskWeighting.equal()));
        assertThrows(IllegalArgumentException.class,
                () -> MultiTaskTrainer.fitStepsPerTask(g, both.keepLabels("b", 0, 1), 1, 4, 1,
                        TaskWeighting.equal()));
    }

    private static double mean(double[] x, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += x[i];
        }
        return s / (to - from);
    }
}
