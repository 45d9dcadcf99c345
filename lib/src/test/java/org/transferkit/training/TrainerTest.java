package org.transferkit.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.transferkit.Kit;
import org.transferkit.models.Models;

class TrainerTest {

    /** Tiny networks gain nothing from threads, and on a busy shared machine two threads per op are much slower. */
    @org.junit.jupiter.api.BeforeAll
    static void oneThread() {
        Kit.threads(1, 1);
    }

    /** Two classes in 4-d: class 1 iff x0 + x1 > 1 (or the reverse when flipped). */
    static DataSet toy(int n, long seed, boolean flipped) {
        Kit.init();
        Random r = new Random(seed);
        float[][] x = new float[n][4];
        float[][] y = new float[n][2];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 4; j++) {
                x[i][j] = r.nextFloat();
            }
            int c = (x[i][0] + x[i][1] > 1) ^ flipped ? 1 : 0;
            y[i][c] = 1;
        }
        return new DataSet(Nd4j.create(x), Nd4j.create(y));
    }

    static MultiLayerNetwork net(long seed) {
        return Models.mlp(4, new int[] {16}, 2, new Adam(0.05), seed);
    }

    @Test
    void runsExactlyTheStepBudgetAndLearns() {
        MultiLayerNetwork net = net(1);
        TrainResult r = Trainer.fitSteps(net, toy(300, 1, false), 120, 32, 5);
        assertEquals(120, r.stepsRun());
        assertEquals(120, net.getIterationCount());
        assertEquals(120, r.bestStep());
        assertFalse(r.stoppedEarly());
        assertEquals(r.evalSteps().size(), r.trainLoss().size());
        assertEquals(120, r.evalSteps().get(r.evalSteps().size() - 1));
        assertTrue(r.valLoss().isEmpty());
        assertTrue(r.finalTrainLoss() < r.trainLoss().get(0));
        assertTrue(Trainer.accuracy(net, toy(200, 2, false)) > 0.9);
        int[][] cm = Trainer.confusion(net, toy(50, 3, false));
        assertEquals(50, Arrays.stream(cm).flatMapToInt(Arrays::stream).sum());
        assertEquals(50, Trainer.predictions(net, toy(50, 3, false)).length);
    }

    @Test
    void sameSeedGivesIdenticalParameters() {
        DataSet d = toy(100, 1, false);
        MultiLayerNetwork a = net(3);
        MultiLayerNetwork b = net(3);
        MultiLayerNetwork c = net(3);
        Trainer.fitSteps(a, d, 10, 16, 11);
        Trainer.fitSteps(b, d, 10, 16, 11);
        Trainer.fitSteps(c, d, 10, 16, 12);
        assertEquals(a.params(), b.params());
        assertNotEquals(a.params(), c.params());
    }

    @Test
    void earlyStoppingRestoresBestParameters() {
        MultiLayerNetwork net = net(1);
        DataSet val = toy(100, 9, true); // opposite labels: validation loss rises as training succeeds
        TrainResult r = Trainer.fitSteps(net, toy(200, 1, false), 500, 32, 1, val, 5, 3);
        assertTrue(r.stoppedEarly());
        assertTrue(r.stepsRun() < 500);
        assertEquals(r.stepsRun(), r.bestStep() + 3 * 5);
        assertEquals(r.evalSteps().size(), r.valLoss().size());
        assertEquals(r.bestValLoss(), net.score(val), 1e-4);
        assertEquals(r.bestValAccuracy(), Trainer.accuracy(net, val), 1e-12);
    }

    @Test
    void batchGathersTheRightRows() {
        DataSet d = toy(10, 4, false);
        int[] idx = {7, 2, 2, 9};
        DataSet fast = Trainer.batch(d, idx);
        DataSet reference = d.get(idx);
        assertEquals(reference.getFeatures(), fast.getFeatures());
        assertEquals(reference.getLabels(), fast.getLabels());
    }

    @Test
    void computationGraphIsSupported() {
        ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(1).updater(new Adam(0.05))
                .graphBuilder().addInputs("in").setInputTypes(org.deeplearning4j.nn.conf.inputs.InputType.feedForward(4))
                .addLayer("fc1", new DenseLayer.Builder().nIn(4).nOut(16).activation(Activation.RELU).build(), "in")
                .addLayer("out", new OutputLayer.Builder(LossFunction.MCXENT).nIn(16).nOut(2)
                        .activation(Activation.SOFTMAX).build(), "fc1")
                .setOutputs("out").build());
        g.init();
        TrainResult r = Trainer.fitSteps(g, toy(300, 1, false), 120, 32, 1);
        assertEquals(120, r.stepsRun());
        assertTrue(Trainer.accuracy(g, toy(200, 2, false)) > 0.85);
    }

    @Test
    void invalidArguments() {
        DataSet d = toy(20, 1, false);
        assertThrows(IllegalArgumentException.class, () -> Trainer.fitSteps(net(1), d, 0, 4, 1));
        assertThrows(IllegalArgumentException.class, () -> Trainer.fitSteps(net(1), d, 5, 21, 1));
        assertThrows(IllegalArgumentException.class, () -> Trainer.fitSteps(net(1), new DataSet(), 5, 4, 1));
        assertThrows(IllegalArgumentException.class, () -> Trainer.fitSteps(net(1), d, 5, 4, 1, d, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> Trainer.fitSteps(net(1), d, 5, 4, 1, d, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> Trainer.accuracy((MultiLayerNetwork) null, d));
    }
}
