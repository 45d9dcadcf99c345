package org.transferkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.transferkit.data.Datasets;
import org.transferkit.models.Models;
import org.transferkit.training.Trainer;

/** The messages a learner gets for the mistakes a first hour brings: each names the valid choice or the fix. */
class BadInputMessagesTest {

    @Test
    void anUnknownDatasetNameListsTheValidOnesAndTheClosest() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Datasets.load("fashion"));
        assertTrue(e.getMessage().contains("[mnist, fashion-mnist, optdigits]"), e.getMessage());
        assertTrue(e.getMessage().contains("Did you mean 'fashion-mnist'?"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Datasets.load("optdigit"));
        assertTrue(e.getMessage().contains("Did you mean 'optdigits'?"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Datasets.load("cifar10"));
        assertTrue(e.getMessage().contains("[mnist, fashion-mnist, optdigits]") && !e.getMessage().contains("Did you mean"),
                e.getMessage());
        assertEquals(Datasets.load("mnist").size(), Datasets.load("MNIST").size(), "names ignore case");
    }

    /** A 28x28 LeNet given 8x8 optdigits: the shapes and the fix, before DL4J's own 14-frame stack. */
    @Test
    void aLeNetGivenEightByEightImagesNamesTheShapesAndOptdigits28() {
        MultiLayerNetwork lenet = Models.lenet(10, new Sgd(0.01), 1);
        DataSet small = new DataSet(Nd4j.rand(4, 64), Nd4j.eye(10).getRows(0, 1, 2, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Trainer.fitSteps(lenet, small, 1, 4, 1));
        for (String part : List.of("784 columns", "flat 28x28x1 images", "got 64", "8x8 images", "Datasets.optdigits28()")) {
            assertTrue(e.getMessage().contains(part), part + " in: " + e.getMessage());
        }
        e = assertThrows(IllegalArgumentException.class, () -> Trainer.accuracy(lenet, small));
        assertTrue(e.getMessage().contains("Datasets.optdigits28()"), e.getMessage());
        DataSet wrongLabels = new DataSet(Nd4j.rand(4, 784), Nd4j.eye(4));
        e = assertThrows(IllegalArgumentException.class, () -> Trainer.accuracy(lenet, wrongLabels));
        assertTrue(e.getMessage().contains("labels with 10 columns"), e.getMessage());
    }
}
