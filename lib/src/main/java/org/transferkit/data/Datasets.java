package org.transferkit.data;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The kit's datasets, loaded from {@code datasets/} (see {@link DatasetCatalog#locate()}) and kept in memory after the
 * first load. Every file is verified against its SHA-256 in {@code datasets/catalog.json} before it is parsed; a
 * missing, truncated, corrupted or foreign file raises a {@link DatasetException} naming the file and the repair
 * command.
 *
 * <p>None of the sources has a train/test split, so {@link #mnistSplit()}, {@link #fashionMnistSplit()} and
 * {@link #optdigitsSplit()} give every notebook the same stratified 80/20 split (seed {@link #SPLIT_SEED}).
 */
public final class Datasets {

    /** Seed of the fixed train/test splits. */
    public static final long SPLIT_SEED = 20240501L;
    /** Training share of the fixed train/test splits. */
    public static final double SPLIT_TRAIN_FRACTION = 0.8;

    private static final Map<String, ImageDataset> CACHE = new HashMap<>();
    private static final Map<String, TrainTest> SPLITS = new HashMap<>();

    private Datasets() {
    }

    /** 10,000 MNIST digits, 28x28 grey, classes "0".."9" (about 1,000 per class). */
    public static ImageDataset mnist() {
        return load("mnist");
    }

    /** 70,000 Fashion-MNIST article images, 28x28 grey, 10 classes (T-shirt/top ... Ankle boot), 7,000 each. */
    public static ImageDataset fashionMnist() {
        return load("fashion-mnist");
    }

    /** 1,797 UCI optdigits, 8x8 grey (16 levels), classes "0".."9". */
    public static ImageDataset optdigits() {
        return load("optdigits");
    }

    /**
     * Optdigits resampled to MNIST's geometry for cross-dataset shift experiments: bilinear 8x8 to 20x20 (MNIST digits
     * fill a 20x20 box) and a 4-pixel black border, giving 28x28. Cached.
     */
    public static synchronized ImageDataset optdigits28() {
        String key = cacheKey(DatasetCatalog.locate(), "optdigits28");
        ImageDataset data = CACHE.get(key);
        if (data == null) {
            data = optdigits().resize(20, 20).pad(4).withName("optdigits28");
            CACHE.put(key, data);
        }
        return data;
    }

    /** Fixed stratified 80/20 split of {@link #mnist()} (seed {@link #SPLIT_SEED}); the same for every notebook. */
    public static TrainTest mnistSplit() {
        return cachedSplit("mnist");
    }

    /** Fixed stratified 80/20 split of {@link #fashionMnist()} (seed {@link #SPLIT_SEED}). */
    public static TrainTest fashionMnistSplit() {
        return cachedSplit("fashion-mnist");
    }

    /** Fixed stratified 80/20 split of {@link #optdigits()} (seed {@link #SPLIT_SEED}). */
    public static TrainTest optdigitsSplit() {
        return cachedSplit("optdigits");
    }

    /**
     * Fixed stratified 80/20 split of {@link #optdigits28()}; the split depends only on the labels and the seed, so
     * its parts hold the same images as {@link #optdigitsSplit()}.
     */
    public static TrainTest optdigits28Split() {
        return cachedSplit("optdigits28");
    }

    /** The fixed split (80/20, stratified, seed {@link #SPLIT_SEED}) of any dataset: same dataset, same split. */
    public static TrainTest split(ImageDataset data) {
        return TrainTest.of(data.split(SPLIT_TRAIN_FRACTION, SPLIT_SEED));
    }

    private static synchronized TrainTest cachedSplit(String name) {
        String key = cacheKey(DatasetCatalog.locate(), name);
        TrainTest t = SPLITS.get(key);
        if (t == null) {
            t = split(name.equals("optdigits28") ? optdigits28() : load(name));
            SPLITS.put(key, t);
        }
        return t;
    }

    /**
     * Loads a dataset of the catalogue by name ("mnist", "fashion-mnist", "optdigits"), cached in memory.
     *
     * @throws IllegalArgumentException for a name not in the catalogue
     * @throws DatasetException for a missing or damaged file
     */
    public static synchronized ImageDataset load(String name) {
        Path dir = DatasetCatalog.locate();
        String key = cacheKey(dir, name);
        ImageDataset data = CACHE.get(key);
        if (data == null) {
            data = load(dir, name);
            CACHE.put(key, data);
        }
        return data;
    }

    /** Forgets the datasets kept in memory (the next call loads and verifies the files again). */
    public static synchronized void clearCache() {
        CACHE.clear();
        SPLITS.clear();
    }

    private static String cacheKey(Path dir, String name) {
        return dir.toAbsolutePath().normalize() + "#" + name;
    }

    /**
     * Loads and verifies a dataset from a given datasets folder, without caching.
     *
     * @throws IllegalArgumentException for a name not in the catalogue
     * @throws DatasetException for a missing catalogue, or a missing, damaged or wrong-format file
     */
    public static ImageDataset load(Path datasetsDir, String name) {
        DatasetCatalog catalog = DatasetCatalog.load(datasetsDir);
        CatalogEntry entry = catalog.entry(name);
        Path dir = catalog.directory();
        DatasetFile imagesEntry = entry.file(DatasetCatalog.IMAGES_FILE);
        DatasetFile labelsEntry = entry.file(DatasetCatalog.LABELS_FILE);
        Idx images = parse(verified(dir, imagesEntry), 3, entry,
                List.of(entry.examples(), entry.height(), entry.width()));
        Idx labels = parse(verified(dir, labelsEntry), 1, entry, List.of(entry.examples()));
        int n = entry.examples();
        int d = entry.width() * entry.height();
        float scale = 1f / entry.maxValue();
        float[][] pixels = new float[n][d];
        int[] y = new int[n];
        byte[] ib = images.bytes();
        byte[] lb = labels.bytes();
        for (int i = 0; i < n; i++) {
            float[] row = pixels[i];
            int base = images.offset() + i * d;
            for (int j = 0; j < d; j++) {
                int v = ib[base + j] & 0xff;
                if (v > entry.maxValue()) {
                    throw wrongFormat(dir, imagesEntry, "pixel value " + v + " above maxValue " + entry.maxValue());
                }
                row[j] = v * scale;
            }
            y[i] = lb[labels.offset() + i] & 0xff;
            if (y[i] >= entry.classes().size()) {
                throw wrongFormat(dir, labelsEntry, "label " + y[i] + " outside 0.." + (entry.classes().size() - 1));
            }
        }
        return new ImageDataset(name, entry.width(), entry.height(), 1, pixels, y, entry.classes().toArray(new String[0]));
    }

    private static Checked verified(Path dir, DatasetFile f) {
        DatasetFile.Check c = f.check(dir, true);
        if (!c.ok()) {
            throw new DatasetException(DatasetException.describe(c.file(), c.problem()), c.file());
        }
        return new Checked(dir, f, c.content());
    }

    private record Checked(Path dir, DatasetFile entry, byte[] idx) {
    }

    private static Idx parse(Checked c, int dims, CatalogEntry entry, List<Integer> expected) {
        Idx idx;
        try {
            idx = Idx.parse(c.idx(), dims);
        } catch (IllegalArgumentException e) {
            throw wrongFormat(c.dir(), c.entry(), e.getMessage());
        }
        for (int k = 0; k < dims; k++) {
            if (idx.dims()[k] != expected.get(k)) {
                throw wrongFormat(c.dir(), c.entry(), "IDX shape " + java.util.Arrays.toString(idx.dims())
                        + ", catalogue expects " + expected + " for " + entry.name());
            }
        }
        return idx;
    }

    private static DatasetException wrongFormat(Path dir, DatasetFile f, String why) {
        Path file = dir.resolve(f.path()).toAbsolutePath().normalize();
        return new DatasetException(DatasetException.describe(file, "not in the expected format (" + why + ")"), file);
    }
}
