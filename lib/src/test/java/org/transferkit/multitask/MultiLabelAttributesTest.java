package org.transferkit.multitask;

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

import tech.tablesaw.api.Table;

class MultiLabelAttributesTest {

    private static final List<String> NAMES = List.of("big", "left", "odd");

    @BeforeAll
    static void setUp() {
        TestSupport.init();
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
    void invalidInputs() {
        INDArray x = Synthetic.features(4, 5, 1, DataType.FLOAT);
        assertThrows(IllegalArgumentException.class,
                () -> MultiLabelAttributes.toTribuo(x, new boolean[3][3], NAMES));
        assertThrows(IllegalArgumentException.class,
                () -> MultiLabelAttributes.toTribuo(x, new boolean[4][3], List.of("a", "a", "b")));
    }
}
