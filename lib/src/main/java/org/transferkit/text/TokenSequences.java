package org.transferkit.text;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Texts as padded sequences of token ids for an embedding network ({@link PretrainedEmbedding}, then mean pooling
 * and a softmax output): the plumbing of the NLP lesson's fine-tuning section.
 *
 * <p>A text becomes the ids of its known words ({@link WordTokenizer#words}, then the index of each word in the
 * vocabulary; unknown words are skipped), in order, cut after {@code maxTokens} ids. A {@link Batch} holds, for
 * {@code n} texts, the ids {@code [n, maxTokens]} (0 after a text's end), a mask {@code [n, maxTokens]} (1 on a
 * text's ids, 0 on the padding, so that mean pooling averages only the text's own words) and one-hot labels
 * {@code [n, classes]}. A text without any known word gets one token, id 0, unmasked, so that its pooled vector is
 * defined (the vocabulary's first word; for GloVe's order, "the").
 *
 * <pre>{@code
 * TokenSequences tokens = new TokenSequences(glove.words().subList(0, 20_000), 128);
 * TokenSequences.Batch train = tokens.encode(labelled), test = tokens.encode(testTexts);
 * net.fit(train.ids(), train.labels(), train.mask(), null);        // or train.rows(...) for a minibatch
 * double accuracy = test.accuracy(net);
 * }</pre>
 */
public final class TokenSequences {

    /** How many texts {@link Batch#accuracy} feeds to the network at once (bounds the activations' memory). */
    public static final int EVALUATION_CHUNK = 500;

    private final List<String> vocabulary;
    private final Map<String, Integer> index;
    private final int maxTokens;

    /**
     * A tokeniser for {@code vocabulary} (word {@code i} gets id {@code i}), keeping at most {@code maxTokens} ids
     * per text.
     *
     * @throws IllegalArgumentException when the vocabulary is empty or has a word twice, or {@code maxTokens < 1}
     */
    public TokenSequences(List<String> vocabulary, int maxTokens) {
        if (vocabulary == null || vocabulary.isEmpty()) {
            throw new IllegalArgumentException("the vocabulary must hold at least one word");
        }
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be at least 1, got " + maxTokens);
        }
        this.vocabulary = List.copyOf(vocabulary);
        this.index = new HashMap<>(vocabulary.size() * 2);
        for (int i = 0; i < vocabulary.size(); i++) {
            if (index.put(vocabulary.get(i), i) != null) {
                throw new IllegalArgumentException("the word '" + vocabulary.get(i) + "' is in the vocabulary twice");
            }
        }
        this.maxTokens = maxTokens;
    }

    /**
     * The {@code n} words of {@code vectors} that occur most often in {@code texts} ({@link WordTokenizer#words}),
     * most frequent first, ties in the order of {@code vectors}; fewer when fewer of its words occur. A task's own
     * vocabulary for an embedding layer: the rows that its texts use, without the pretrained words they never use.
     */
    public static List<String> frequentWords(TextDataset texts, WordVectors vectors, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1, got " + n);
        }
        int[] counts = new int[vectors.size()];
        for (String text : texts.texts()) {
            for (String w : WordTokenizer.words(text)) {
                int i = vectors.indexOf(w);
                if (i >= 0) {
                    counts[i]++;
                }
            }
        }
        return java.util.stream.IntStream.range(0, counts.length).filter(i -> counts[i] > 0).boxed()
                .sorted((a, b) -> counts[a] != counts[b] ? Integer.compare(counts[b], counts[a]) : Integer.compare(a, b))
                .limit(n).map(i -> vectors.words().get(i)).toList();
    }

    /** The vocabulary, in id order. */
    public List<String> vocabulary() {
        return vocabulary;
    }

    /** The number of words in the vocabulary (the embedding layer's rows). */
    public int size() {
        return vocabulary.size();
    }

    /** The most ids kept per text. */
    public int maxTokens() {
        return maxTokens;
    }

    /** The id of {@code word}, or -1 when it is not in the vocabulary. */
    public int id(String word) {
        Integer i = index.get(word);
        return i == null ? -1 : i;
    }

    /** The ids of the known words of {@code text}, in order, at most {@link #maxTokens()} of them (possibly none). */
    public int[] ids(String text) {
        int[] ids = new int[maxTokens];
        int n = 0;
        for (String w : WordTokenizer.words(text)) {
            Integer i = index.get(w);
            if (i == null) {
                continue;
            }
            ids[n++] = i;
            if (n == maxTokens) {
                break;
            }
        }
        return Arrays.copyOf(ids, n);
    }

    /** Ids, mask and one-hot labels of every text of {@code texts}, in its order. */
    public Batch encode(TextDataset texts) {
        int n = texts.size();
        int classes = texts.classNames().size();
        float[][] ids = new float[n][maxTokens];
        float[][] mask = new float[n][maxTokens];
        float[][] labels = new float[n][classes];
        for (int r = 0; r < n; r++) {
            int[] t = ids(texts.text(r));
            for (int j = 0; j < t.length; j++) {
                ids[r][j] = t[j];
                mask[r][j] = 1;
            }
            if (t.length == 0) {
                mask[r][0] = 1;   // id 0, so that mean pooling has one word to average
            }
            labels[r][texts.label(r)] = 1;
        }
        return new Batch(Nd4j.createFromArray(ids), Nd4j.createFromArray(mask), Nd4j.createFromArray(labels));
    }

    /**
     * Token ids {@code [n, maxTokens]}, mask {@code [n, maxTokens]} (1 on a text's tokens, 0 on padding) and one-hot
     * labels {@code [n, classes]} of {@code n} texts, as float arrays for DL4J.
     */
    public record Batch(INDArray ids, INDArray mask, INDArray labels) {

        /** Checks the shapes. */
        public Batch {
            if (ids.rank() != 2 || !Arrays.equals(ids.shape(), mask.shape()) || labels.rank() != 2
                    || labels.rows() != ids.rows()) {
                throw new IllegalArgumentException("ids " + Arrays.toString(ids.shape()) + ", mask "
                        + Arrays.toString(mask.shape()) + " and labels " + Arrays.toString(labels.shape())
                        + " do not fit together");
            }
        }

        /** The number of texts. */
        public int size() {
            return (int) ids.rows();
        }

        /** The texts at {@code rows} (repeats allowed), as a new batch: a minibatch for one training step. */
        public Batch rows(int[] rows) {
            for (int r : rows) {
                if (r < 0 || r >= size()) {
                    throw new IndexOutOfBoundsException("row " + r + " of a batch of " + size());
                }
            }
            return new Batch(ids.getRows(rows), mask.getRows(rows), labels.getRows(rows));
        }

        /** The class of each text (the index of its label's 1). */
        public int[] classes() {
            return labels.argMax(1).toIntVector();
        }

        /**
         * The class {@code net} predicts for each text (the largest output), feeding the texts
         * {@link #EVALUATION_CHUNK} at a time with their mask.
         */
        public int[] predict(MultiLayerNetwork net) {
            int n = size();
            int[] predicted = new int[n];
            for (int from = 0; from < n; from += EVALUATION_CHUNK) {
                int to = Math.min(n, from + EVALUATION_CHUNK);
                INDArray out = net.output(ids.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()), false,
                        mask.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()), null);
                int[] chunk = out.argMax(1).toIntVector();
                System.arraycopy(chunk, 0, predicted, from, chunk.length);
            }
            return predicted;
        }

        /** The share of texts whose predicted class ({@link #predict}) is their label. */
        public double accuracy(MultiLayerNetwork net) {
            int[] predicted = predict(net);
            int[] truth = classes();
            int right = 0;
            for (int i = 0; i < predicted.length; i++) {
                if (predicted[i] == truth[i]) {
                    right++;
                }
            }
            return right / (double) predicted.length;
        }

        /** The mask's row sums: how many tokens of each text the network reads. */
        public int[] lengths() {
            return mask.sum(1).castTo(DataType.INT32).toIntVector();
        }
    }
}
