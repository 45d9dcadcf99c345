package org.transferkit.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.layers.FrozenLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.evaluation.LabelEvaluator;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;

class FeatureTransferTest {
    private static MultiLayerNetwork source;
    private static DataSet targetTrain;
    private static DataSet targetTest;

    @BeforeAll
    static void setUp() {
        source = TinyData.trainedSource();
        targetTrain = TinyData.target(200, 11);
        targetTest = TinyData.target(200, 12);
    }

    @Test
    void frozenFeaturesAreTheLayerOutputAndLeaveTheNetworkUntouched() {
        INDArray before = source.params().dup();
        FrozenFeaturizer featurizer = new FrozenFeaturizer(source, 1);
        DataSet features = featurizer.featurize(targetTrain);
        assertArrayEquals(new long[] {200, 8}, features.getFeatures().shape());
        assertEquals(8, featurizer.featureCount());
        assertEquals(targetTrain.getLabels(), features.getLabels());
        INDArray expected = source.feedForwardToLayer(1, targetTrain.getFeatures(), false).get(2);
        assertTrue(expected.equalsWithEps(features.getFeatures(), 1e-6));
        assertEquals(before, source.params());
        for (int i = 0; i < source.getnLayers(); i++) {
            assertFalse(source.getLayer(i) instanceof FrozenLayer, "source layer " + i + " must not be frozen");
        }
    }

    @Test
    void tribuoLogisticRegressionOnFrozenFeatures() {
        FrozenFeaturizer featurizer = new FrozenFeaturizer(source, 1);
        String[] names = {"low", "high"};
        MutableDataset<Label> train = FeatureTransfer.toTribuo(featurizer.featurize(targetTrain), names, "fc2 features");
        MutableDataset<Label> test = FeatureTransfer.toTribuo(featurizer.featurize(targetTest), names, "fc2 features");
        assertEquals(200, train.size());
        assertEquals(8, train.getFeatureMap().size());
        assertTrue(train.getFeatureMap().get("f0") != null && train.getFeatureMap().get("f7") != null);
        assertEquals(2, train.getOutputInfo().size());
        Model<Label> model = new LogisticRegressionTrainer().train(train);
        double accuracy = new LabelEvaluator().evaluate(model, test).accuracy();
        assertTrue(accuracy > 0.8, "accuracy " + accuracy);

        // raw-input baseline through the same path
        MutableDataset<Label> raw = FeatureTransfer.toTribuo(targetTrain);
        assertEquals(8, raw.getFeatureMap().size());
        double rawAccuracy = new LabelEvaluator()
                .evaluate(new LogisticRegressionTrainer().train(raw), FeatureTransfer.toTribuo(targetTest)).accuracy();
        assertTrue(rawAccuracy > 0.85, "raw accuracy " + rawAccuracy);
    }

    @Test
    void fitHeadTrainsASoftmaxProbeDeterministically() {
        DataSet train = FeatureTransfer.featurize(source, 1, targetTrain);
        DataSet test = FeatureTransfer.featurize(source, 1, targetTest);
        MultiLayerNetwork head = FeatureTransfer.fitHead(train, 25, 32, new Adam(5e-2), 3);
        MultiLayerNetwork again = FeatureTransfer.fitHead(train, 25, 32, new Adam(5e-2), 3);
        assertEquals(head.params(), again.params());
        assertEquals(1, head.getnLayers());
        double accuracy = TinyData.accuracy(head.output(test.getFeatures()), test.getLabels());
        assertTrue(accuracy > 0.8, "accuracy " + accuracy);
    }

    @Test
    void pcaFeaturizerIsOrthonormalOrderedAndDeterministic() {
        DataSet unlabeled = TinyData.source(300, 5);
        PcaFeaturizer pca = PcaFeaturizer.fit(unlabeled, 3);
        INDArray c = pca.components();
        assertArrayEquals(new long[] {8, 3}, c.shape());
        assertTrue(c.transpose().mmul(c).equalsWithEps(Nd4j.eye(3).castTo(c.dataType()), 1e-8));
        double[] ratio = pca.explainedVarianceRatio();
        assertTrue(ratio[0] >= ratio[1] && ratio[1] >= ratio[2] && ratio[2] > 0);
        assertTrue(ratio[0] + ratio[1] + ratio[2] <= 1 + 1e-9);
        DataSet projected = pca.featurize(targetTrain);
        assertArrayEquals(new long[] {200, 3}, projected.getFeatures().shape());
        assertEquals(3, pca.featureCount());
        INDArray centred = pca.featurize(unlabeled).getFeatures().mean(0);
        assertTrue(centred.amaxNumber().doubleValue() < 1e-4, "projected fit data should be centred");
        assertEquals(PcaFeaturizer.fit(unlabeled, 3).components(), c);
    }

    @Test
    void invalidInputIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new FrozenFeaturizer(source, 2)); // output layer
        assertThrows(IllegalArgumentException.class, () -> new FrozenFeaturizer(source, -1));
        assertThrows(IllegalArgumentException.class, () -> FeatureTransfer.toTribuo(targetTrain, new String[] {"a"}, "x"));
        DataSet empty = new DataSet(Nd4j.zeros(0, 8), Nd4j.zeros(0, 2));
        assertThrows(IllegalArgumentException.class, () -> FeatureTransfer.toTribuo(empty));
        assertThrows(IllegalArgumentException.class, () -> FeatureTransfer.fitHead(targetTrain, 0, 32, new Adam(), 1));
        assertThrows(IllegalArgumentException.class, () -> FeatureTransfer.fitHead(targetTrain, 10, 32, null, 1));
        assertThrows(IllegalArgumentException.class, () -> PcaFeaturizer.fit(targetTrain, 9));
        assertThrows(IllegalArgumentException.class, () -> PcaFeaturizer.fit(targetTrain, 2)
                .featurize(new DataSet(Nd4j.zeros(3, 5), Nd4j.zeros(3, 2))));
    }
}
