package org.transferkit.text;

import java.util.List;
import java.util.Map;

/**
 * Few-label sentiment classifiers evaluated on fixed validation and test texts, one call per method, for the NLP
 * lesson. Each method fits {@link LogisticRegression} on the labelled texts' features with every penalty of a grid,
 * keeps the one with the highest validation accuracy, and returns its test accuracy:
 *
 * <ul>
 *   <li>{@link #averagedVectors}: averaged pretrained word vectors (feature-based transfer), each column centred and
 *       scaled on the labelled texts ({@link TextFeatures#standardise});</li>
 *   <li>{@link #bagOfWords}: word counts over the labelled texts' own vocabulary (no transfer);</li>
 *   <li>{@link #dense}: any precomputed features, e.g. sentence embeddings of a frozen encoder, scaled the same way;</li>
 *   <li>{@link #sourceOnly} and {@link #anchored}: a {@link Head} trained on another domain, used as it is or
 *       refitted on the labelled texts with a penalty that pulls it towards the source weights.</li>
 * </ul>
 *
 * The validation and test texts are tokenised and their averaged vectors computed once, in the constructor.
 */
public final class FewLabelSentiment {

    /** The penalties the heads choose from. */
    public static final double[] L2_GRID = {1e-4, 1e-3, 1e-2, 1e-1};

    /** The penalties towards a source head: from nearly free ({@code 1e-4}) to nearly the source itself. */
    public static final double[] ANCHOR_GRID = {1e-4, 1e-3, 1e-2, 1e-1, 1, 10, 100};

    /** A trained linear head with the column scaling of its features (learned on its own training texts). */
    public record Head(TextFeatures.Scaling scaling, LogisticRegression model) {

        /** Accuracy on raw (unscaled) features. */
        public double accuracy(TextFeatures raw, int[] labels) {
            return model.accuracy(raw.standardise(scaling), labels);
        }
    }

    private final WordVectors vectors;
    private final int[] validationLabels;
    private final int[] testLabels;
    private final List<List<String>> validationTokens;
    private final List<List<String>> testTokens;
    private final TextFeatures validationAverages;
    private final TextFeatures testAverages;

    /** Prepares the validation and test texts (tokens and averaged vectors). */
    public FewLabelSentiment(WordVectors vectors, TextDataset validation, TextDataset test) {
        this.vectors = vectors;
        this.validationLabels = validation.labels();
        this.testLabels = test.labels();
        this.validationTokens = TextFeatures.tokens(validation);
        this.testTokens = TextFeatures.tokens(test);
        this.validationAverages = TextFeatures.averagedVectors(vectors, validationTokens);
        this.testAverages = TextFeatures.averagedVectors(vectors, testTokens);
    }

    /** Test labels (a copy). */
    public int[] testLabels() {
        return testLabels.clone();
    }

    /** Accuracy of always answering the test set's most frequent class (the majority baseline). */
    public double majorityAccuracy() {
        int ones = 0;
        for (int y : testLabels) {
            ones += y;
        }
        return Math.max(ones, testLabels.length - ones) / (double) testLabels.length;
    }

    /** Test accuracy of logistic regression on the averaged word vectors of {@code labelled}. */
    public double averagedVectors(TextDataset labelled) {
        return averagedVectorsHead(labelled, L2_GRID).accuracy(testAverages, testLabels);
    }

    /**
     * The head on averaged word vectors of {@code labelled}, its scaling learned on them and its penalty chosen from
     * {@code l2s} on the validation texts.
     */
    public Head averagedVectorsHead(TextDataset labelled, double[] l2s) {
        TextFeatures train = TextFeatures.averagedVectors(vectors, TextFeatures.tokens(labelled));
        TextFeatures.Scaling scaling = train.scaling();
        return new Head(scaling, LogisticRegression.fitChosen(train.standardise(scaling), labelled.labels(), l2s,
                validationAverages.standardise(scaling), validationLabels));
    }

    /** Test accuracy of logistic regression on the bag of words of {@code labelled} (its own vocabulary). */
    public double bagOfWords(TextDataset labelled) {
        List<List<String>> tokens = TextFeatures.tokens(labelled);
        Map<String, Integer> vocabulary = TextFeatures.vocabulary(tokens);
        LogisticRegression m = LogisticRegression.fitChosen(TextFeatures.bagOfWords(vocabulary, tokens),
                labelled.labels(), L2_GRID, TextFeatures.bagOfWords(vocabulary, validationTokens), validationLabels);
        return m.accuracy(TextFeatures.bagOfWords(vocabulary, testTokens), testLabels);
    }

    /**
     * Test accuracy of logistic regression on precomputed features: {@code train} (labels {@code labels}) and the
     * same features of this object's validation and test texts, in their order; scaled on {@code train}.
     */
    public double dense(TextFeatures train, int[] labels, TextFeatures validation, TextFeatures test) {
        if (validation.size() != validationLabels.length || test.size() != testLabels.length) {
            throw new IllegalArgumentException("features of " + validation.size() + " validation and " + test.size()
                    + " test texts, expected " + validationLabels.length + " and " + testLabels.length);
        }
        TextFeatures.Scaling scaling = train.scaling();
        LogisticRegression m = LogisticRegression.fitChosen(train.standardise(scaling), labels, L2_GRID,
                validation.standardise(scaling), validationLabels);
        return m.accuracy(test.standardise(scaling), testLabels);
    }

    /** A head trained on averaged word vectors of {@code labelled} with a fixed penalty (e.g. on another domain). */
    public static Head trainHead(WordVectors vectors, TextDataset labelled, double l2) {
        TextFeatures train = TextFeatures.averagedVectors(vectors, TextFeatures.tokens(labelled));
        TextFeatures.Scaling scaling = train.scaling();
        return new Head(scaling, LogisticRegression.fit(train.standardise(scaling), labelled.labels(), l2));
    }

    /** Test accuracy of {@code source} used as it is on this object's test texts. */
    public double sourceOnly(Head source) {
        return source.accuracy(testAverages, testLabels);
    }

    /**
     * Test accuracy of the source head refitted on {@code labelled}: features scaled as the source's, the penalty
     * {@code (l2/2)||theta - theta_source||^2} with {@code l2} chosen from {@link #ANCHOR_GRID} on the validation texts.
     */
    public double anchored(TextDataset labelled, Head source) {
        return anchoredHead(labelled, source).accuracy(testAverages, testLabels);
    }

    /** The head of {@link #anchored(TextDataset, Head)}. */
    public Head anchoredHead(TextDataset labelled, Head source) {
        TextFeatures.Scaling scaling = source.scaling();
        TextFeatures train = TextFeatures.averagedVectors(vectors, TextFeatures.tokens(labelled)).standardise(scaling);
        return new Head(scaling, LogisticRegression.fitChosen(train, labelled.labels(), ANCHOR_GRID, source.model(),
                validationAverages.standardise(scaling), validationLabels));
    }
}
