/**
 * The application assets of the kit (text and ratings datasets, word vectors, a pretrained sentence encoder): the
 * set-up's converter ({@link org.transferkit.assets.AssetConverter}, run by {@code environment/prepare-applications.sh}),
 * the catalogue {@code datasets/applications/catalog.json} with each file's SHA-256
 * ({@link org.transferkit.assets.AssetCatalog}), and the error that names a missing or damaged file and its repair
 * ({@link org.transferkit.assets.AssetException}).
 */
package org.transferkit.assets;
