/**
 * The application assets of the kit (text and ratings datasets, word vectors, a pretrained sentence encoder): the
 * catalogue {@code datasets/applications/catalog.json} with each file's SHA-256
 * ({@link org.transferkit.assets.AssetCatalog}, whose errors are {@link org.transferkit.data.DatasetException}s naming
 * the file and its repair), the reader of their TSV files ({@link org.transferkit.assets.Tsv}), and the set-up's
 * converters, run by {@code environment/prepare-applications.sh} through
 * {@link org.transferkit.assets.AssetCommandLine}: one per kind of source (reviews and mail text, GloVe word vectors
 * ({@link org.transferkit.assets.GloveConverter}), the MiniLM ONNX model, MovieLens ratings), sharing the deterministic
 * gzip, atomic writes and checksums of {@code org.transferkit.data}.
 */
package org.transferkit.assets;
