/**
 * Datasets of the kit: MNIST (10,000-image subset), Fashion-MNIST and UCI optdigits, converted to gzipped IDX files
 * under {@code datasets/} ({@link org.transferkit.data.DatasetCommandLine}), verified by SHA-256 and loaded as
 * {@link org.transferkit.data.ImageDataset}s ({@link org.transferkit.data.Datasets}); few-shot sampling
 * ({@link org.transferkit.data.FewShot}) and the catalogue ({@link org.transferkit.data.DatasetCatalog}).
 */
package org.transferkit.data;
