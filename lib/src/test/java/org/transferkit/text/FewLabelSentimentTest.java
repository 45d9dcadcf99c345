package org.transferkit.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The few-label study on a toy language: positive texts use words near "good", negative ones words near "bad". */
class FewLabelSentimentTest {

    private static final List<String> POSITIVE = List.of("good", "great", "fine", "nice");
    private static final List<String> NEGATIVE = List.of("bad", "awful", "poor", "dull");
    private static final List<String> NEUTRAL = List.of("film", "the", "a", "plot");

    private static WordVectors vectors() {
        List<String> words = new ArrayList<>();
        List<float[]> rows = new ArrayList<>();
        Random r = new Random(1);
        for (String w : POSITIVE) {
            words.add(w);
            rows.add(new float[] {1, (float) r.nextGaussian() * 0.1f, 0});
        }
        for (String w : NEGATIVE) {
            words.add(w);
            rows.add(new float[] {-1, (float) r.nextGaussian() * 0.1f, 0});
        }
        for (String w : NEUTRAL) {
            words.add(w);
            rows.add(new float[] {(float) r.nextGaussian() * 0.1f, 0, 1});
        }
        return WordVectors.of(words, rows.toArray(new float[0][]));
    }

    private static TextDataset texts(int n, long seed) {
        Random r = new Random(seed);
        List<String> t = new ArrayList<>();
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            List<String> words = y[i] == 1 ? POSITIVE : NEGATIVE;
            t.add(NEUTRAL.get(r.nextInt(4)) + " " + words.get(r.nextInt(4)) + " " + NEUTRAL.get(r.nextInt(4)));
        }
        return new TextDataset("toy", List.of("negative", "positive"), t, y);
    }

    @Test
    void averagedVectorsGeneraliseToWordsTheLabelsNeverShowed() {
        FewLabelSentiment s = new FewLabelSentiment(vectors(), texts(100, 2), texts(200, 3));
        // two labelled texts per class: most test texts use sentiment words the bag of words has never seen
        TextDataset labelled = texts(400, 4).sample(2, 5);
        double glove = s.averagedVectors(labelled);
        double bow = s.bagOfWords(labelled);
        assertTrue(glove > 0.8, "averaged vectors " + glove);
        assertTrue(bow < glove, "bag of words " + bow);
        assertEquals(0.5, s.majorityAccuracy());
    }

    @Test
    void aSourceHeadTransfersAndTheAnchoredFitDoesNotForgetIt() {
        WordVectors v = vectors();
        FewLabelSentiment target = new FewLabelSentiment(v, texts(100, 6), texts(200, 7));
        FewLabelSentiment.Head source = FewLabelSentiment.trainHead(v, texts(200, 8), 1e-3);
        assertTrue(target.sourceOnly(source) > 0.95);
        assertTrue(target.anchored(texts(10, 9), source) > 0.95);
    }

    @Test
    void denseFeaturesMustCoverTheValidationAndTestTexts() {
        FewLabelSentiment s = new FewLabelSentiment(vectors(), texts(10, 2), texts(20, 3));
        TextFeatures f = TextFeatures.dense(new float[][] {{1}, {0}});
        assertThrows(IllegalArgumentException.class, () -> s.dense(f, new int[] {1, 0}, f, f));
    }
}
