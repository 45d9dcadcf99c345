package org.transferkit.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LogisticRegressionTest {

    /** Two Gaussian classes in 5 dimensions, shifted along the first two. */
    private static TextFeatures data(int n, long seed, int[] labels) {
        Random r = new Random(seed);
        float[][] x = new float[n][5];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2;
            for (int j = 0; j < 5; j++) {
                x[i][j] = (float) (r.nextGaussian() + (j < 2 ? (labels[i] == 1 ? 1 : -1) : 0));
            }
        }
        return TextFeatures.dense(x);
    }

    @Test
    void fitReachesAStationaryPointOfThePenalisedLoss() {
        int[] y = new int[200];
        TextFeatures x = data(200, 1, y);
        double l2 = 0.1;
        LogisticRegression m = LogisticRegression.fit(x, y, l2);
        // gradient of mean log loss + (l2/2)||w||^2 at the fitted weights
        double[] w = m.weights();
        double[] p = m.probabilities(x);
        double[] grad = new double[6];
        for (int i = 0; i < 200; i++) {
            float[] row = x.row(i);
            for (int j = 0; j < 5; j++) {
                grad[j] += (p[i] - y[i]) * row[j] / 200;
            }
            grad[5] += (p[i] - y[i]) / 200;
        }
        for (int j = 0; j < 5; j++) {
            grad[j] += l2 * w[j];
        }
        for (double g : grad) {
            assertEquals(0, g, 1e-6);
        }
        assertTrue(m.accuracy(x, y) > 0.85, "accuracy " + m.accuracy(x, y));
        assertTrue(m.weights()[0] > 0.3 && Math.abs(m.weights()[4]) < 0.3);
    }

    @Test
    void sparseAndDenseRowsGiveTheSameModel() {
        java.util.List<java.util.List<String>> docs = java.util.List.of(java.util.List.of("a", "b"),
                java.util.List.of("b", "c", "c"), java.util.List.of("a", "d"), java.util.List.of("c", "d", "d"));
        int[] y = {1, 0, 1, 0};
        TextFeatures sparse = TextFeatures.bagOfWords(TextFeatures.vocabulary(docs), docs);
        float[][] rows = new float[4][];
        for (int i = 0; i < 4; i++) {
            rows[i] = sparse.row(i);
        }
        TextFeatures dense = TextFeatures.dense(rows);
        LogisticRegression a = LogisticRegression.fit(sparse, y, 0.01);
        LogisticRegression b = LogisticRegression.fit(dense, y, 0.01);
        assertEquals(a.logLoss(sparse, y), b.logLoss(dense, y), 1e-9);
        assertEquals(1.0, a.accuracy(sparse, y));
    }

    @Test
    void aStrongPenaltyTowardsAnAnchorKeepsTheAnchorsModel() {
        int[] y = new int[100];
        TextFeatures x = data(100, 3, y);
        int[] flipped = new int[100];
        for (int i = 0; i < 100; i++) {
            flipped[i] = 1 - y[i];
        }
        LogisticRegression source = LogisticRegression.fit(x, y, 0.01);
        LogisticRegression weak = LogisticRegression.fit(x, flipped, 1e-4, source);
        LogisticRegression strong = LogisticRegression.fit(x, flipped, 1e4, source);
        assertTrue(weak.accuracy(x, flipped) > 0.85, "the weakly anchored fit learns the new labels");
        assertEquals(source.accuracy(x, y), strong.accuracy(x, y), 1e-12);
        assertEquals(source.bias(), strong.bias(), 1e-3);
        for (int j = 0; j < 5; j++) {
            assertEquals(source.weights()[j], strong.weights()[j], 1e-3);
        }
    }

    @Test
    void fitChosenKeepsThePenaltyWithTheBestValidationAccuracy() {
        int[] y = new int[40];
        int[] yVal = new int[400];
        TextFeatures x = data(40, 4, y);
        TextFeatures val = data(400, 5, yVal);
        double[] grid = {1e-4, 1e-2, 1, 100};
        LogisticRegression chosen = LogisticRegression.fitChosen(x, y, grid, val, yVal);
        for (double l2 : grid) {
            assertTrue(chosen.accuracy(val, yVal) >= LogisticRegression.fit(x, y, l2).accuracy(val, yVal));
        }
    }

    @Test
    void refusesLabelsOtherThanZeroAndOne() {
        TextFeatures x = TextFeatures.dense(new float[][] {{1}, {2}});
        assertThrows(IllegalArgumentException.class, () -> LogisticRegression.fit(x, new int[] {0, 2}, 0.1));
        assertThrows(IllegalArgumentException.class, () -> LogisticRegression.fit(x, new int[] {0}, 0.1));
    }
}
