/**
 * Text for transfer in natural-language processing: review datasets ({@link org.transferkit.text.Reviews},
 * {@link org.transferkit.text.TextDataset}) and a mail drift pair ({@link org.transferkit.text.SpamAssassin}), pretrained GloVe word vectors ({@link org.transferkit.text.WordVectors})
 * and a simple word tokenizer for them ({@link org.transferkit.text.WordTokenizer}), an embedding layer initialised
 * from them that trains correctly in DL4J ({@link org.transferkit.text.PretrainedEmbedding}), and a frozen pretrained
 * sentence encoder, all-MiniLM-L6-v2, with its WordPiece tokenizer ({@link org.transferkit.text.SentenceEncoder},
 * {@link org.transferkit.text.WordPieceTokenizer}); and for few-label experiments, feature rows
 * ({@link org.transferkit.text.TextFeatures}), a logistic-regression head that can be pulled towards a source model
 * ({@link org.transferkit.text.LogisticRegression}) and one call per method ({@link org.transferkit.text.FewLabelSentiment}). Everything is read from {@code datasets/applications/}, made at
 * set-up; nothing is downloaded at run time.
 */
package org.transferkit.text;
