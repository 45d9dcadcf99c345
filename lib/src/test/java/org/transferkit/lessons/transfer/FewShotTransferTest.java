package org.transferkit.lessons.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.transferkit.data.ImageDataset;
import org.transferkit.models.Models;
import org.transferkit.transfer.ModelTransfer;

class FewShotTransferTest {
    private static MultiLayerNetwork source;
    private static FewShotTransfer lesson;

    @BeforeAll
    static void setUp() {
        ImageDataset sourceData = LessonData.bands(4, 20, 1);
        source = LessonData.sourceMlp(sourceData, 2);
        ImageDataset targetPool = LessonData.bands(3, 12, 3);
        ImageDataset targetTest = LessonData.bands(3, 10, 4);
        Nesterovs updater = new Nesterovs(0.05, 0.9);
        lesson = new FewShotTransfer(source, seed -> Models.mlp(784, new int[] {16, 8}, 3, updater, seed), updater,
                targetPool, targetTest, 12, 2);
    }

    @Test
    void budgetsFollowTheProtocol() {
        assertEquals(5, FewShotTransfer.batchSize(5));
        assertEquals(32, FewShotTransfer.batchSize(250));
        assertEquals(10, FewShotTransfer.stepsForEpochs(5, 10), "1-shot, 5 classes: one step per epoch");
        assertEquals(80, FewShotTransfer.stepsForEpochs(250, 10), "50-shot, 5 classes: ceil(250/32) = 8 steps per epoch");
        assertEquals(12, lesson.stepsOf(FewShotTransfer.SCRATCH, 1));
        assertEquals(12, lesson.stepsOf(FewShotTransfer.FEATURE_EXTRACTION, 4));
        assertEquals(2, lesson.stepsOf(FewShotTransfer.FINE_TUNE_EPOCHS, 1), "3 examples, 2 epochs");
        assertEquals(5, FewShotTransfer.arms().size());
    }

    @Test
    void runsWithTheSameSeedAreRepeatableAndShareTheirSample() {
        DataSet a = lesson.labelled(2, 7);
        assertEquals(6, a.numExamples());
        assertEquals(a.getFeatures(), lesson.labelled(2, 7).getFeatures());
        assertNotEquals(a.getFeatures(), lesson.labelled(2, 8).getFeatures());
        for (String arm : FewShotTransfer.arms()) {
            double first = lesson.accuracy(arm, 2, 7);
            assertEquals(first, lesson.accuracy(arm, 2, 7), arm + " is seeded");
            assertTrue(first >= 0 && first <= 1);
        }
    }

    @Test
    void featureExtractionTrainsOnlyTheHeadAndFineTuningEverything() {
        MultiLayerNetwork frozen = lesson.train(FewShotTransfer.FEATURE_EXTRACTION, 2, 3);
        MultiLayerNetwork tuned = lesson.train(FewShotTransfer.FINE_TUNE, 2, 3);
        for (int i = 0; i < source.getnLayers() - 1; i++) {
            assertEquals(source.getLayer(i).params(), frozen.getLayer(i).params(), "frozen layer " + i);
            assertNotEquals(source.getLayer(i).params(), tuned.getLayer(i).params(), "fine-tuned layer " + i);
        }
        assertEquals(source.getnLayers() - 1, ModelTransfer.frozenLayerCount(frozen));
        assertEquals(0, ModelTransfer.frozenLayerCount(tuned));
        assertEquals(3, tuned.layerSize(tuned.getnLayers() - 1));
    }

    @Test
    void learnsTheEasyTarget() {
        assertTrue(lesson.accuracy(FewShotTransfer.FINE_TUNE, 4, 1) > 0.6);
    }

    @Test
    void invalidInputIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> lesson.accuracy("transfer", 1, 0));
        assertThrows(IllegalArgumentException.class, () -> lesson.accuracy(FewShotTransfer.SCRATCH, 13, 0));
        assertThrows(IllegalArgumentException.class, () -> FewShotTransfer.batchSize(0));
        assertThrows(IllegalArgumentException.class, () -> new FewShotTransfer(source, null, new Nesterovs(),
                LessonData.bands(3, 4, 1), LessonData.bands(3, 4, 2), 10, 1));
        assertThrows(IllegalArgumentException.class, () -> new FewShotTransfer(source, s -> source, new Nesterovs(),
                LessonData.bands(3, 4, 1), LessonData.bands(2, 4, 2), 10, 1));
    }
}
