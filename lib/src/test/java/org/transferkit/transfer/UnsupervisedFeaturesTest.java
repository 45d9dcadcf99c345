package org.transferkit.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.transferkit.data.ImageDataset;
import org.transferkit.transfer.Featurizer;
import org.transferkit.transfer.PcaFeaturizer;

class UnsupervisedFeaturesTest {
    @Test
    void autoencoderLearnsToReconstructWithoutLabels() {
        DataSet images = LessonData.bands(3, 20, 1).toDataSet();
        UnsupervisedFeatures.Autoencoder ae = UnsupervisedFeatures.autoencoder(images, new int[] {32, 8}, new Adam(1e-2),
                60, 16, 2);
        List<Double> loss = ae.training().trainLoss();
        assertTrue(loss.get(loss.size() - 1) < loss.get(0), "reconstruction loss should fall: " + loss);
        Featurizer encoder = ae.encoder();
        assertEquals(8, encoder.featureCount());
        assertEquals(8, encoder.featurize(images).getFeatures().size(1));
        float[][] rec = ae.reconstruct(images.getFeatures());
        assertEquals(60, rec.length);
        assertEquals(784, rec[0].length);
        // labels play no part: other labels, same autoencoder
        DataSet relabelled = new DataSet(images.getFeatures(), images.getLabels().getColumns(2, 1, 0));
        assertEquals(ae.network().params(), UnsupervisedFeatures.autoencoder(relabelled, new int[] {32, 8}, new Adam(1e-2),
                60, 16, 2).network().params());
    }

    @Test
    void probeComparesFeatureSpacesOnTheSameSamples() {
        ImageDataset pool = LessonData.bands(3, 15, 3);
        ImageDataset test = LessonData.bands(3, 10, 4);
        Map<String, Featurizer> spaces = new LinkedHashMap<>();
        spaces.put("raw pixels", UnsupervisedFeatures.rawPixels(784));
        spaces.put("PCA", PcaFeaturizer.fit(pool.toDataSet(), 4));
        UnsupervisedFeatures.Probe probe = new UnsupervisedFeatures.Probe(pool, test, spaces, 10);
        assertEquals(List.of("raw pixels", "PCA"), probe.names());
        for (String space : probe.names()) {
            double a = probe.accuracy(space, 2, 5);
            assertEquals(a, probe.accuracy(space, 2, 5), space + " is seeded");
            assertTrue(a > 0.6, space + " accuracy " + a);
        }
        assertEquals(30, (int) probe.evaluate("PCA", 2, 5).getConfusionMatrix().support());
        assertThrows(IllegalArgumentException.class, () -> probe.accuracy("autoencoder", 2, 5));
        assertThrows(IllegalArgumentException.class, () -> UnsupervisedFeatures.logisticRegression(0, 1));
        assertThrows(IllegalArgumentException.class, () -> UnsupervisedFeatures.rawPixels(0));
    }

    /** The mean-image baseline by hand: two 2-pixel images (1, 0) and (0, 0): mean (0.5, 0.0 clipped to 1e-5). */
    @Test
    void meanImageLossIsTheCrossEntropyOfThePoolMean() {
        DataSet two = new DataSet(org.nd4j.linalg.factory.Nd4j.createFromArray(new float[][] {{1, 0}, {0, 0}}), null);
        double expected = (-Math.log(0.5) - Math.log(1 - 1e-5)) ;  // per image: pixel 1 costs log 2, pixel 2 ~0
        assertEquals(expected, UnsupervisedFeatures.meanImageLoss(two), 1e-6);
        assertThrows(IllegalArgumentException.class, () -> UnsupervisedFeatures.meanImageLoss(null));
    }
}
