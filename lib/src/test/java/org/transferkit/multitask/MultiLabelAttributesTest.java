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
import org.nd4j.linalg.learning.config.Adam;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.multilabel.MultiLabel;
import org.tribuo.multilabel.evaluation.MultiLabelEvaluation;
import org.transferkit.Kit;

import tech.tablesaw.api.Table;

class MultiLabelAttributesTest {

    private static final List<String> NAMES = List.of("big", "left", "odd");

    @BeforeAll
    static void setUp() {
        Kit.threads(1, 1); // tiny networks: one thread is faster and stable on a shared machine
    }

    /** Three attributes, each a linear threshold of the features. */
    private static boolean[][] attributes(INDArray x) {
        double[][] m = x.toDoubleMatrix();
        boolean[][] a = new boolean[m.length][3];
        for (int i = 0; i < m.length; i++) {
            a[i][0] = m[i][0] + m[i][1] > 1.0;
            a[i][1] = m[i][2] > 0.5;
            a[i][2] = m[i][3] - m[i][4] > 0.0;
        }
        return a;
    }

    @Test
    void multiLabelAndMultiHeadViews() {
        INDArray train = Synthetic.features(300, 6, 1, DataType.FLOAT);
        INDArray test = Synthetic.features(150, 6, 2, DataType.FLOAT);
        MutableDataset<MultiLabel> trTrain = MultiLabelAttributes.toTribuo(train, attributes(train), NAMES);
        MutableDataset<MultiLabel> trTest = MultiLabelAttributes.toTribuo(test, attributes(test), NAMES);
        assertEquals(300, trTrain.size());
        Model<MultiLabel> model = MultiLabelAttributes.trainLinear(trTrain, 20, 1);
        MultiLabelEvaluation eval = MultiLabelAttributes.evaluate(model, trTest);
        Table summary = MultiLabelAttributes.summary(eval, NAMES);
        assertEquals(NAMES.size() + 3, summary.rowCount());
        double jaccard = MultiLabelAttributes.jaccard(eval.getPredictions());
        System.out.println("multi-label (Tribuo linear): micro F1 " + eval.microAveragedF1() + ", Jaccard " + jaccard);
        assertEquals(jaccard, summary.doubleColumn("F1").get(NAMES.size() + 2), 1e-12);
        assertTrue(jaccard > 0.5 && jaccard <= 1.0, "Jaccard " + jaccard);
        assertTrue(eval.microAveragedF1() > 0.8, "micro F1 " + eval.microAveragedF1());

        MultiTaskData mtTrain = MultiLabelAttributes.toMultiTask(train, attributes(train), NAMES);
        MultiTaskData mtTest = MultiLabelAttributes.toMultiTask(test, attributes(test), NAMES);
        ComputationGraph g = MultiLabelAttributes.multiHeadGraph(6, new int[] {16}, NAMES, new Adam(0.02), 3);
        MultiTaskTrainer.fitSteps(g, mtTrain, 150, 32, 1, TaskWeighting.equal());
        Map<String, Double> acc = MultiTaskEvaluation.accuracies(g, mtTest);
        System.out.println("multi-head graph: per-attribute accuracy " + acc);
        for (String n : NAMES) {
            assertTrue(acc.get(n) > 0.8, n + " accuracy " + acc);
        }
    }

    @Test
    void twoWaySoftmaxHeadsAreSigmoidUnits() {
        ComputationGraph g = HardSharing.builder().mlpTrunk(6, 7, 4).task("big", 2).task("left", 2).task("odd", 2)
                .updater(new Adam(0.01)).seed(4).dataType(DataType.DOUBLE).build();
        INDArray x = Synthetic.features(20, 6, 3, DataType.DOUBLE);
        // train a little so that the heads are not at their initial values
        MultiTaskTrainer.fitSteps(g, MultiLabelAttributes.toMultiTask(x, attributes(x), NAMES).castTo(DataType.DOUBLE)
                .toMultiDataSet(), 5, 10, 1, TaskWeighting.equal());
        org.deeplearning4j.nn.multilayer.MultiLayerNetwork sig = MultiLabelAttributes.asSigmoidNetwork(g);
        INDArray p = sig.output(x.castTo(sig.params().dataType()), false).castTo(DataType.DOUBLE);
        INDArray[] heads = g.output(false, x);
        for (int a = 0; a < 3; a++) {
            double diff = p.getColumn(a).sub(heads[a].getColumn(1)).amaxNumber().doubleValue();
            assertTrue(diff < 1e-6, "attribute " + a + " differs by " + diff);
        }
        assertArrayEquals2(MultiLabelAttributes.predict(g, x), MultiLabelAttributes.predict(sig,
                x.castTo(sig.params().dataType())));
    }

    private static void assertArrayEquals2(boolean[][] a, boolean[][] b) {
        assertEquals(a.length, b.length);
        for (int i = 0; i < a.length; i++) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(a[i], b[i], "row " + i);
        }
    }

    @Test
    void setMetricsByHand() {
        boolean[][] truth = {{true, false}, {true, true}, {false, false}, {false, true}};
        boolean[][] pred = {{true, false}, {true, false}, {false, false}, {true, true}};
        MultiLabelAttributes.SetMetrics m = MultiLabelAttributes.metrics(truth, pred);
        assertEquals(0.5, m.exactMatch(), 1e-12);          // rows 0 and 2
        assertEquals(2.0 / 8, m.hammingLoss(), 1e-12);    // (1,1) missed, (3,0) extra
        assertEquals((1 + 0.5 + 1 + 0.5) / 4, m.jaccard(), 1e-12);
        // attribute 0: tp 2, fp 1, fn 0 -> F1 0.8; attribute 1: tp 1, fp 0, fn 1 -> F1 2/3; pooled tp 3 fp 1 fn 1
        assertEquals((0.8 + 2.0 / 3) / 2, m.macroF1(), 1e-12);
        assertEquals(6.0 / 8, m.microF1(), 1e-12);
        assertArrayEquals(new double[] {0.75, 0.75}, m.accuracy(), 1e-12);
        assertArrayEquals(new double[] {1.0, 0.5}, m.recall(), 1e-12);
        assertEquals(0.75, m.meanAccuracy(), 1e-12);
        INDArray mh = MultiLabelAttributes.multiHot(truth);
        assertEquals(4.0, mh.sumNumber().doubleValue(), 0.0);
        assertThrows(IllegalArgumentException.class, () -> MultiLabelAttributes.metrics(truth, new boolean[3][2]));
    }

    @Test
    void invalidInputs() {
        INDArray x = Synthetic.features(4, 5, 1, DataType.FLOAT);
        assertThrows(IllegalArgumentException.class,
                () -> MultiLabelAttributes.toTribuo(x, new boolean[3][3], NAMES));
        assertThrows(IllegalArgumentException.class,
                () -> MultiLabelAttributes.toTribuo(x, new boolean[4][3], List.of("a", "a", "b")));
    }
}
