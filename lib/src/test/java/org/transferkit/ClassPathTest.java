package org.transferkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.listeners.CollectScoresListener;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.transferkit.models.Models;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The libraries share one class path, with one version of each dependency (the pins in the root pom.xml, kept by the
 * enforcer's dependencyConvergence rule). These are the calls that broke when DL4J's fastutil 6 replaced the fastutil
 * 8 that Tablesaw is built against.
 */
class ClassPathTest {

    @Test
    void tablesawFiltersAndSorts() {
        Table t = Table.create("results", StringColumn.create("arm", "scratch", "fine-tune", "probe"),
                DoubleColumn.create("accuracy", 0.81, 0.86, 0.78));
        Table better = t.where(t.doubleColumn("accuracy").isGreaterThan(0.8)); // AbstractMethodError with fastutil 6
        assertEquals(2, better.rowCount());
        assertArrayEquals(new Object[] {"fine-tune", "scratch"},
                better.sortDescendingOn("accuracy").stringColumn("arm").asList().toArray());
        assertEquals(1, t.where(t.stringColumn("arm").isEqualTo("probe")).rowCount());
    }

    /** DL4J's one use of fastutil (CollectScoresListener's IntArrayList and DoubleArrayList) still works. */
    @Test
    void dl4jCollectsScoresWithTheNewerFastutil() {
        Kit.init();
        MultiLayerNetwork net = Models.mlp(4, new int[] {3}, 2, new Sgd(0.1), 1);
        CollectScoresListener scores = new CollectScoresListener(1);
        net.setListeners(scores);
        DataSet data = new DataSet(Nd4j.rand(8, 4), Nd4j.eye(2).repeat(0, 4));
        for (int i = 0; i < 3; i++) {
            net.fit(data);
        }
        assertEquals(3, scores.getListIteration().size());
        assertEquals(3, scores.getListScore().size());
    }
}
