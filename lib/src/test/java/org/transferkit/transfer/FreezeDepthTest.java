package org.transferkit.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.transferkit.data.ImageDataset;
import org.transferkit.experiment.Experiment;
import tech.tablesaw.api.Table;

class FreezeDepthTest {
    private static MultiLayerNetwork source;
    private static DataSet train;
    private static DataSet test;
    private static String[] names;

    @BeforeAll
    static void setUp() {
        source = LessonData.sourceMlp(LessonData.bands(4, 20, 1), 2);
        ImageDataset target = LessonData.bands(3, 8, 5);
        names = target.classNames();
        train = target.toDataSet();
        test = LessonData.bands(3, 10, 6).toDataSet();
    }

    @Test
    void depthsSkipParameterFreeLayers() {
        assertArrayEquals(new int[] {0, 1, 3, 5, 6}, FreezeDepth.depths(org.transferkit.models.Models.lenet5(5, new Nesterovs(), 1)));
        assertArrayEquals(new int[] {0, 1, 2}, FreezeDepth.depths(source));
        MultiLayerNetwork lenet = org.transferkit.models.Models.lenet5(5, new Nesterovs(), 1);
        assertEquals("freeze none", FreezeDepth.variantName(lenet, 0));
        assertEquals("freeze conv1", FreezeDepth.variantName(lenet, 1));
        assertEquals("freeze conv1..fc1", FreezeDepth.variantName(lenet, 5));
        assertThrows(IllegalArgumentException.class, () -> FreezeDepth.variantName(lenet, 7));
    }

    @Test
    void fineTuneReportsTrainableParametersPerDepth() {
        // body fc1 784*16+16 = 12560, fc2 16*8+8 = 136; new head 8*3+3 = 27
        long[] trainable = {12560 + 136 + 27, 136 + 27, 27};
        for (int d = 0; d <= 2; d++) {
            FreezeDepth.Result r = FreezeDepth.fineTune(source, 3, d, new Nesterovs(0.05, 0.9), train, test, 5, 1);
            assertEquals(trainable[d], r.trainableParams(), "depth " + d);
            assertEquals(d, r.frozenLayers());
            assertTrue(r.seconds() > 0 && r.accuracy() >= 0 && r.accuracy() <= 1);
        }
    }

    /** Featurize once + a DL4J head is the same model as fine-tuning with everything but the head frozen. */
    @Test
    void featurizeOnceHeadEqualsFineTuningWithTheBodyFrozen() {
        Nesterovs updater = new Nesterovs(0.05, 0.9);
        for (long seed : new long[] {0, 4}) {
            FreezeDepth.Result frozen = FreezeDepth.fineTune(source, 3, 2, updater, train, test, 15, seed);
            FreezeDepth.Result once = FreezeDepth.featurizeOnceHead(source, updater, train, test, 15, seed);
            assertEquals(frozen.accuracy(), once.accuracy(), 1e-9, "seed " + seed);
        }
        FreezeDepth.Result frozen = FreezeDepth.fineTune(source, 3, 2, updater, train, test, 15, 4);
        FreezeDepth.Result once = FreezeDepth.featurizeOnceHead(source, updater, train, test, 15, 4);
        assertEquals(frozen.trainableParams(), once.trainableParams());
        assertEquals("features + DL4J head", once.variant());
    }

    @Test
    void sweepFillsAnExperimentTable() {
        Table t = FreezeDepth.sweep(source, names, new Nesterovs(0.05, 0.9), UnsupervisedFeatures.logisticRegression(5, 1),
                train, test, 5, 8, 3);
        assertEquals(5, t.rowCount(), "3 depths + 2 feature-based variants");
        assertEquals(8, t.intColumn("k").get(0));
        assertEquals("features + Tribuo LR", t.stringColumn("method").get(4));
        assertEquals((8 + 1) * 3, t.longColumn("trainable").get(4));
        assertEquals(5, Experiment.summary(t).rowCount());

        t.append(FreezeDepth.sweep(source, names, new Nesterovs(0.05, 0.9), UnsupervisedFeatures.logisticRegression(5, 2),
                train, test, 5, 8, 4));
        Table report = FreezeDepth.report(t, 8);
        assertEquals(5, report.rowCount());
        assertEquals("freeze none", report.stringColumn("variant").get(0));
        assertEquals(2, report.intColumn("seeds").get(0));
        assertEquals(12560 + 136 + 27, report.longColumn("trainable params").get(0));
        double[][] curve = FreezeDepth.depthCurve(t, 8, 100);
        assertArrayEquals(new double[] {0, 1, 2}, curve[0], 0);
        assertEquals(2, FreezeDepth.column(t, "freeze none", 8, "seconds").length);
        assertThrows(IllegalArgumentException.class, () -> FreezeDepth.report(t, 9));
    }

    @Test
    void scratchTrainsTheFreshNetworkWithEveryParameterTrainable() {
        MultiLayerNetwork fresh = LessonData.sourceMlp(LessonData.bands(3, 8, 5), 3);
        FreezeDepth.Result r = FreezeDepth.scratch(fresh, LessonData.bands(3, 8, 5).toDataSet(), test, 5, 1);
        assertEquals(FreezeDepth.SCRATCH, r.variant());
        assertEquals(fresh.numParams(), r.trainableParams());
        assertEquals(0, r.frozenLayers());
        org.junit.jupiter.api.Assertions.assertTrue(r.accuracy() >= 0 && r.accuracy() <= 1);
    }
}
