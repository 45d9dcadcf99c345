package org.transferkit.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TextFeaturesTest {

    private static final WordVectors VECTORS = WordVectors.of(List.of("good", "bad", "film"),
            new float[][] {{1, 0}, {-1, 0}, {0, 2}});

    @Test
    void averagedVectorsAreTheUnitLengthMeanOfTheKnownWords() {
        TextFeatures f = TextFeatures.averagedVectors(VECTORS,
                List.of(List.of("good", "film", "unknown"), List.of("nothing"), List.of("bad")));
        // mean of (1,0) and (0,2) is (0.5, 1); unit length
        double n = Math.sqrt(0.25 + 1);
        assertArrayEquals(new float[] {(float) (0.5 / n), (float) (1 / n)}, f.row(0), 1e-6f);
        assertArrayEquals(new float[] {0, 0}, f.row(1));
        assertArrayEquals(new float[] {-1, 0}, f.row(2));
        assertEquals(2, f.dimension());
    }

    @Test
    void bagOfWordsCountsVocabularyWordsAndScalesToUnitLength() {
        List<List<String>> train = List.of(List.of("a", "b", "a"), List.of("c"));
        Map<String, Integer> vocabulary = TextFeatures.vocabulary(train);
        assertEquals(Map.of("a", 0, "b", 1, "c", 2), vocabulary);
        TextFeatures f = TextFeatures.bagOfWords(vocabulary, List.of(List.of("a", "b", "a", "zzz"), List.of("zzz")));
        float n = (float) Math.sqrt(5);
        assertArrayEquals(new float[] {2 / n, 1 / n, 0}, f.row(0), 1e-6f);
        assertArrayEquals(new float[] {0, 0, 0}, f.row(1));
        assertEquals(3, f.dimension());
    }

    @Test
    void standardiseCentresAndScalesWithTheGivenRowsStatistics() {
        TextFeatures train = TextFeatures.dense(new float[][] {{1, 5}, {3, 5}});
        TextFeatures.Scaling s = train.scaling();
        assertArrayEquals(new double[] {2, 5}, s.mean(), 1e-12);
        assertArrayEquals(new double[] {1, 1}, s.sd(), 1e-12); // constant column: sd 1
        TextFeatures other = TextFeatures.dense(new float[][] {{4, 7}}).standardise(s);
        float root = (float) Math.sqrt(2);
        assertArrayEquals(new float[] {2 / root, 2 / root}, other.row(0), 1e-6f);
        assertThrows(IllegalArgumentException.class,
                () -> TextFeatures.dense(new float[][] {{1, 2, 3}}).standardise(s));
    }

    @Test
    void selectKeepsTheRowsInTheGivenOrder() {
        TextFeatures f = TextFeatures.dense(new float[][] {{1}, {2}, {3}});
        TextFeatures s = f.select(new int[] {2, 0});
        assertEquals(2, s.size());
        assertArrayEquals(new float[] {3}, s.row(0));
        assertArrayEquals(new float[] {1}, s.row(1));
    }

    @Test
    void sampleIndicesArePerClassAndMatchSample() {
        TextDataset d = new TextDataset("t", List.of("neg", "pos"), List.of("a", "b", "c", "d", "e"),
                new int[] {0, 1, 0, 1, 0});
        int[] idx = d.sampleIndices(2, 7);
        assertEquals(4, idx.length);
        assertEquals(d.select(idx).texts(), d.sample(2, 7).texts());
        assertArrayEquals(new int[] {2, 2}, d.select(idx).classCounts());
    }
}
