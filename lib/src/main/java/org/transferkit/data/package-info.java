/**
 * Datasets of the kit: MNIST (10,000-image subset), Fashion-MNIST and UCI optdigits, converted to gzipped IDX files
 * under {@code datasets/} ({@link org.transferkit.data.DatasetCommandLine}), verified by SHA-256 and loaded as
 * {@link org.transferkit.data.ImageDataset}s ({@link org.transferkit.data.Datasets}); few-shot sampling
 * ({@link org.transferkit.data.FewShot}) and the catalogue ({@link org.transferkit.data.DatasetCatalog}). The pieces
 * every converted data file shares, the image datasets' and the application assets' ({@code org.transferkit.assets})
 * alike, live here too: the deterministic {@link org.transferkit.data.Gzip}, {@link org.transferkit.data.AtomicFile},
 * the catalogue record and checksum check of a file ({@link org.transferkit.data.DatasetFile}), the catalogues' JSON
 * ({@link org.transferkit.data.CatalogJson}) and the error that names a damaged file and its repair
 * ({@link org.transferkit.data.DatasetException}).
 */
package org.transferkit.data;
