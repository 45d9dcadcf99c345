package org.transferkit.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Token ids, masks and padding of {@link TokenSequences}, and an embedding network trained on its batches. */
class TokenSequencesTest {

    /** A hand-made vocabulary: "the" is id 0, the id that padding uses. */
    private static final List<String> VOCABULARY = List.of("the", "good", "bad", "film", "plot", "great", "awful");

    private static TextDataset reviews(String... texts) {
        int[] labels = new int[texts.length];
        for (int i = 0; i < texts.length; i++) {
            labels[i] = i % 2;
        }
        return new TextDataset("tiny", List.of("negative", "positive"), List.of(texts), labels);
    }

    private static float[] row(INDArray m, int r) {
        return m.getRow(r).toFloatVector();
    }

    @Test
    void idsAreTheKnownWordsInOrderAndUnknownWordsAreSkipped() {
        TokenSequences tokens = new TokenSequences(VOCABULARY, 10);
        assertArrayEquals(new int[] {0, 3, 1, 2}, tokens.ids("The FILM was good, not bad!"));
        assertArrayEquals(new int[0], tokens.ids("Nothing known here."));
        assertEquals(3, tokens.id("film"));
        assertEquals(-1, tokens.id("was"));
        assertEquals(7, tokens.size());
    }

    @Test
    void idsAreCutAfterMaxTokens() {
        TokenSequences tokens = new TokenSequences(VOCABULARY, 3);
        assertArrayEquals(new int[] {1, 1, 2}, tokens.ids("good good bad awful great the"));
        assertArrayEquals(new int[] {1, 1, 2}, tokens.ids("good, not really good, so bad; awful plot"));
    }

    @Test
    void encodePadsWithMaskedZerosAndOneHotLabels() {
        TokenSequences tokens = new TokenSequences(VOCABULARY, 4);
        TokenSequences.Batch b = tokens.encode(reviews("awful plot", "a great, great film that is good", "zzz"));
        assertArrayEquals(new long[] {3, 4}, b.ids().shape());
        assertArrayEquals(new long[] {3, 4}, b.mask().shape());
        assertArrayEquals(new long[] {3, 2}, b.labels().shape());
        assertArrayEquals(new float[] {6, 4, 0, 0}, row(b.ids(), 0));
        assertArrayEquals(new float[] {1, 1, 0, 0}, row(b.mask(), 0));
        assertArrayEquals(new float[] {5, 5, 3, 1}, row(b.ids(), 1), "cut after 4 known words");
        assertArrayEquals(new float[] {1, 1, 1, 1}, row(b.mask(), 1));
        // no known word: one unmasked token, id 0, so that mean pooling is defined
        assertArrayEquals(new float[] {0, 0, 0, 0}, row(b.ids(), 2));
        assertArrayEquals(new float[] {1, 0, 0, 0}, row(b.mask(), 2));
        assertArrayEquals(new int[] {2, 4, 1}, b.lengths());
        assertArrayEquals(new int[] {0, 1, 0}, b.classes());
        assertArrayEquals(new float[] {0, 1}, row(b.labels(), 1));
    }

    @Test
    void rowsPicksTextsWithRepeats() {
        TokenSequences tokens = new TokenSequences(VOCABULARY, 3);
        TokenSequences.Batch b = tokens.encode(reviews("awful", "great film", "the plot"));
        TokenSequences.Batch picked = b.rows(new int[] {2, 0, 2});
        assertEquals(3, picked.size());
        assertArrayEquals(row(b.ids(), 2), row(picked.ids(), 0));
        assertArrayEquals(row(b.ids(), 0), row(picked.ids(), 1));
        assertArrayEquals(row(b.mask(), 2), row(picked.mask(), 2));
        assertArrayEquals(new int[] {0, 0, 0}, picked.classes());
        assertThrows(IndexOutOfBoundsException.class, () -> b.rows(new int[] {3}));
    }

    @Test
    void frequentWordsAreTheMostFrequentKnownWordsTiesInTheVectorsOrder() {
        WordVectors vectors = WordVectors.of(List.of("the", "film", "bad", "good", "plot"),
                new float[][] {{1, 0}, {0, 1}, {1, 1}, {2, 0}, {0, 2}});
        TextDataset texts = reviews("Good film, good!", "bad zzz GOOD film the");
        assertEquals(List.of("good", "film", "the"), TokenSequences.frequentWords(texts, vectors, 3));
        assertEquals(List.of("good", "film", "the", "bad"), TokenSequences.frequentWords(texts, vectors, 10),
                "fewer when fewer words occur; plot never does");
        assertThrows(IllegalArgumentException.class, () -> TokenSequences.frequentWords(texts, vectors, 0));
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> new TokenSequences(List.of(), 5));
        assertThrows(IllegalArgumentException.class, () -> new TokenSequences(VOCABULARY, 0));
        assertThrows(IllegalArgumentException.class, () -> new TokenSequences(List.of("a", "b", "a"), 5));
    }

    private static MultiLayerNetwork network(INDArray vectors) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).updater(new Adam(1e-2))
                .dataType(DataType.FLOAT).list()
                .layer(PretrainedEmbedding.layer(vectors).build())
                .layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(vectors.columns()).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        PretrainedEmbedding.copyInto(net.getLayer(0), vectors);
        return net;
    }

    private static INDArray vectors() {
        Nd4j.getRandom().setSeed(11);
        return Nd4j.randn(DataType.FLOAT, VOCABULARY.size(), 5).muli(0.5);
    }

    @Test
    void paddingDoesNotChangeTheNetworksOutput() {
        MultiLayerNetwork net = network(vectors());
        TextDataset texts = reviews("awful plot", "great film, good plot");
        INDArray tight = predictProbabilities(net, new TokenSequences(VOCABULARY, 4).encode(texts));
        INDArray padded = predictProbabilities(net, new TokenSequences(VOCABULARY, 12).encode(texts));
        assertTrue(tight.equalsWithEps(padded, 1e-6), tight + " vs " + padded);
    }

    private static INDArray predictProbabilities(MultiLayerNetwork net, TokenSequences.Batch b) {
        return net.output(b.ids(), false, b.mask(), null);
    }

    @Test
    void trainingFromCopiedRowsChangesOnlyTheRowsOfTheBatchsWords() {
        INDArray vectors = vectors();
        MultiLayerNetwork net = network(vectors);
        assertTrue(net.getLayer(0).getParam("W").equalsWithEps(vectors, 0), "the weights start as the vectors");
        // "the" (id 0, the padding id) and "bad" are in no text of the batch; the short texts are padded with id 0
        TokenSequences tokens = new TokenSequences(VOCABULARY, 6);
        TokenSequences.Batch b = tokens.encode(reviews("awful plot", "great film", "awful awful", "good film, great"));
        for (int step = 0; step < 5; step++) {
            net.fit(b.ids(), b.labels(), b.mask(), null);
        }
        INDArray after = net.getLayer(0).getParam("W");
        Set<Integer> changed = new TreeSet<>();
        for (int i = 0; i < VOCABULARY.size(); i++) {
            if (!after.getRow(i).equalsWithEps(vectors.getRow(i), 1e-7)) {
                changed.add(i);
            }
        }
        assertEquals(Set.of(1, 3, 4, 5, 6), changed, "rows of good, film, plot, great and awful only");
    }

    @Test
    void accuracyFeedsChunksAndMatchesTheWholeBatchsOutput() {
        MultiLayerNetwork net = network(vectors());
        List<String> texts = new ArrayList<>();
        String[] pieces = {"good film", "awful plot", "the great plot", "bad bad film", "great", "good awful"};
        for (int i = 0; i < TokenSequences.EVALUATION_CHUNK + 37; i++) {
            texts.add(pieces[i % pieces.length] + (i % 7 == 0 ? " the" : ""));
        }
        TokenSequences.Batch b = new TokenSequences(VOCABULARY, 5).encode(reviews(texts.toArray(new String[0])));
        int[] whole = predictProbabilities(net, b).argMax(1).toIntVector();
        assertArrayEquals(whole, b.predict(net));
        int right = 0;
        int[] truth = b.classes();
        for (int i = 0; i < whole.length; i++) {
            right += whole[i] == truth[i] ? 1 : 0;
        }
        assertEquals(right / (double) whole.length, b.accuracy(net), 1e-12);
    }
}
