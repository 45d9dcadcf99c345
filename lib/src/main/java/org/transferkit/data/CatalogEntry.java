package org.transferkit.data;

import java.util.List;

/**
 * One dataset as {@code datasets/catalog.json} records it: where it comes from, its licence, the geometry and classes
 * of its images, and its files with their checksums.
 *
 * @param name          catalogue name, e.g. {@code mnist}
 * @param title         one-line description
 * @param sourcePackage the package the data come from
 * @param sourceVersion its version
 * @param fetchCommand  the command that fetches it
 * @param license       the data's licence
 * @param citation      how to cite the data
 * @param committed     whether the converted files are committed to git
 * @param width         image width in pixels
 * @param height        image height in pixels
 * @param channels      colour channels (1)
 * @param maxValue      the largest pixel value; pixel / maxValue lies in [0, 1]
 * @param examples      number of images
 * @param classes       class names, by label
 * @param files         the images and labels files
 */
record CatalogEntry(String name, String title, String sourcePackage, String sourceVersion, String fetchCommand,
                    String license, String citation, boolean committed, int width, int height, int channels,
                    int maxValue, int examples, List<String> classes, List<DatasetFile> files) {

    /** The file called {@code fileName}: {@link DatasetCatalog#IMAGES_FILE} or {@link DatasetCatalog#LABELS_FILE}. */
    DatasetFile file(String fileName) {
        for (DatasetFile f : files) {
            if (f.path().endsWith("/" + fileName)) {
                return f;
            }
        }
        throw new IllegalArgumentException("catalogue entry " + name + " has no file " + fileName);
    }
}
