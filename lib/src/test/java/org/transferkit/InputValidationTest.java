package org.transferkit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.transferkit.adaptation.Coral;
import org.transferkit.adaptation.Mmd;
import org.transferkit.adaptation.ProxyADistance;
import org.transferkit.adaptation.TwoMoons;
import org.transferkit.data.FewShot;
import org.transferkit.data.ImageDataset;
import org.transferkit.diagnostics.NegativeTransfer;
import org.transferkit.diagnostics.Transferability;
import org.transferkit.experiment.Experiment;
import org.transferkit.models.Models;
import org.transferkit.multitask.DeltaMtl;
import org.transferkit.multitask.HardSharing;
import org.transferkit.multitask.MultiTaskData;
import org.transferkit.multitask.SoftSharing;
import org.transferkit.stats.Stats;
import org.transferkit.training.Trainer;
import org.transferkit.transfer.FeatureTransfer;
import org.transferkit.transfer.L2SP;
import org.transferkit.transfer.ModelTransfer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The public API's input validation, swept in one place (issue 9): each bad call below must throw
 * {@link IllegalArgumentException} at once, with a message that names what was expected, instead of failing later
 * deep inside ND4J with an index error or silently training on nothing.
 */
class InputValidationTest {

    private static ImageDataset tiny;   // 4 classes x 3 images of 2x2 pixels
    private static MultiLayerNetwork mlp;

    @BeforeAll
    static void setUp() {
        Kit.init();
        float[][] px = new float[12][4];
        int[] labels = new int[12];
        for (int i = 0; i < 12; i++) {
            labels[i] = i % 4;
            px[i][i % 4] = 1f;
        }
        tiny = new ImageDataset("tiny", 2, 2, 1, px, labels, new String[]{"a", "b", "c", "d"});
        mlp = Models.mlp(4, new int[]{3}, 4, new Adam(1e-3), 1);
    }

    private record Case(String what, String expectedWord, Runnable call) { }

    private static DataSet empty() {
        return new DataSet(Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, 0, 4),
                Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, 0, 4));
    }

    private static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        INDArray a = Nd4j.rand(5, 3);
        INDArray b4 = Nd4j.rand(5, 4);
        // k larger than available
        c.add(new Case("few-shot k above the smallest class", "k", () -> FewShot.sample(tiny, 5, 1)));
        c.add(new Case("few-shot k = 0", "k", () -> FewShot.sample(tiny, 0, 1)));
        c.add(new Case("keep an unknown class", "class", () -> tiny.classes(7)));
        c.add(new Case("sample more images than exist", "", () -> tiny.sample(100, 1)));
        c.add(new Case("split fraction outside (0,1)", "", () -> tiny.split(1.5, 1)));
        // negative lambda / weights
        c.add(new Case("soft sharing with negative lambda", "lambda", () -> SoftSharing.ofLayers(
                List.of(Models.mlp(4, new int[]{3}, 4, new Adam(1e-3), 1),
                        Models.mlp(4, new int[]{3}, 4, new Adam(1e-3), 2)), -1.0, 0)));
        c.add(new Case("L2-SP with negative alpha", "", () -> L2SP.anchoredAt(mlp, -0.1, 0.0)));
        c.add(new Case("L2-SP with negative beta", "", () -> L2SP.anchoredAt(mlp, 0.1, -1.0)));
        c.add(new Case("negative task weight", "weight", () -> HardSharing.builder().mlpTrunk(4, 3)
                .task("t", 2, -1.0).build()));
        // unknown task name
        c.add(new Case("labels of an unknown task", "task", () -> MultiTaskData.of(a)
                .withTask("digit", new int[]{0, 1, 0, 1, 0}, 2).labels("colour")));
        c.add(new Case("weight of an unknown task", "task", () -> HardSharing.setTaskWeight(
                HardSharing.builder().mlpTrunk(4, 3).task("t", 2).build(), "nope", 1.0)));
        c.add(new Case("Delta_MTL with a task missing from the baseline", "", () -> DeltaMtl.compute(
                Map.of("a", 0.9, "b", 0.8), Map.of("a", 0.9), Map.of("a", true, "b", true))));
        // wrong shapes
        c.add(new Case("task labels with the wrong row count", "", () -> MultiTaskData.of(a)
                .withTask("digit", new int[]{0, 1}, 2)));
        c.add(new Case("CORAL with different feature counts", "", () -> Coral.align(a, b4, 1.0)));
        c.add(new Case("MMD with different feature counts", "", () -> Mmd.rbf(a, b4, 1.0)));
        c.add(new Case("H-score with labels for other rows", "", () -> Transferability.hScore(a, new int[]{0, 1})));
        c.add(new Case("LEEP with labels for other rows", "", () -> Transferability.leep(
                Nd4j.rand(5, 3), new int[]{0, 1}, 2)));
        c.add(new Case("NCE with arrays of different length", "", () -> Transferability.nce(
                new int[]{0, 1, 1}, new int[]{0, 1})));
        c.add(new Case("paired interval of unequal lengths", "", () -> Stats.pairedCi95(
                new double[]{1, 2, 3}, new double[]{1, 2})));
        c.add(new Case("NTG with unequal seed counts", "", () -> NegativeTransfer.gap(
                new double[]{0.1, 0.2, 0.3}, new double[]{0.1, 0.2})));
        c.add(new Case("training on data with the wrong width", "", () -> Trainer.fitSteps(mlp,
                new DataSet(Nd4j.rand(6, 5), Nd4j.eye(6).getColumns(0, 1, 2, 3)), 1, 2, 1)));
        c.add(new Case("replace the head with 1 class", "", () -> ModelTransfer.transfer(mlp, 1, 0,
                new Adam(1e-3), 1)));
        c.add(new Case("freeze more layers than the network has", "", () -> ModelTransfer.transfer(mlp, 3, 5,
                new Adam(1e-3), 1)));
        // empty dataset
        c.add(new Case("train on an empty dataset", "", () -> Trainer.fitSteps(mlp, empty(), 1, 2, 1)));
        c.add(new Case("accuracy on an empty dataset", "", () -> Trainer.accuracy(mlp, empty())));
        c.add(new Case("interval of no values", "", () -> Stats.ci95(new double[0])));
        c.add(new Case("Tribuo dataset from an empty DataSet", "", () -> FeatureTransfer.toTribuo(empty())));
        c.add(new Case("proxy A-distance with an empty domain", "", () -> ProxyADistance.compute(
                Nd4j.rand(0, 3), a, 1)));
        c.add(new Case("experiment with no seeds", "", () -> Experiment.seeds(1, 0)));
        c.add(new Case("two moons with no points", "", () -> TwoMoons.generate(0, 0.1, 35, 10, 1)));
        return c;
    }

    @TestFactory
    Stream<DynamicTest> badInputIsRejectedWithAMessage() {
        return cases().stream().map(k -> DynamicTest.dynamicTest(k.what(), () -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, k.call()::run, k.what());
            String msg = e.getMessage();
            assertTrue(msg != null && msg.length() >= 15, k.what() + ": message too thin: " + msg);
            assertFalse(msg.contains("Exception"), k.what() + ": message leaks an exception: " + msg);
            assertTrue(msg.toLowerCase().contains(k.expectedWord().toLowerCase()),
                    k.what() + ": message should mention '" + k.expectedWord() + "': " + msg);
        }));
    }
}
