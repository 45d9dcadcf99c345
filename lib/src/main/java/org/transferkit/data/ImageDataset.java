package org.transferkit.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A labelled image classification dataset held in memory: one row of {@code channels*height*width} floats in [0,1]
 * per image (channel, then row, then column: the order DL4J's {@code InputType.convolutionalFlat} expects), an
 * integer label per image and the class names. Operations return new datasets and never change this one, so the
 * cached datasets of {@link Datasets} can be shared by every notebook cell.
 *
 * <p>For speed {@link #pixels()} and {@link #labels()} return the internal arrays (no copy): treat them as read-only.
 */
public final class ImageDataset {

    private final String name;
    private final int width;
    private final int height;
    private final int channels;
    private final float[][] pixels;
    private final int[] labels;
    private final String[] classNames;

    /**
     * Creates a dataset; the arrays are used as they are (not copied).
     *
     * @param pixels one row of {@code channels*height*width} values per image
     * @param labels one label in {@code 0..classNames.length-1} per image
     * @throws IllegalArgumentException on an empty dataset, mismatched lengths or a label outside the classes
     */
    public ImageDataset(String name, int width, int height, int channels, float[][] pixels, int[] labels,
                        String[] classNames) {
        if (width < 1 || height < 1 || channels < 1) {
            throw new IllegalArgumentException("Expected positive width, height and channels, got " + width + "x" + height + "x" + channels);
        }
        if (pixels == null || labels == null || pixels.length == 0) {
            throw new IllegalArgumentException("Expected a non-empty dataset (at least one image) for '" + name + "'");
        }
        if (pixels.length != labels.length) {
            throw new IllegalArgumentException("Expected one label per image: " + pixels.length + " images, " + labels.length + " labels");
        }
        if (classNames == null || classNames.length == 0) {
            throw new IllegalArgumentException("Expected at least one class name");
        }
        int features = width * height * channels;
        for (int i = 0; i < pixels.length; i++) {
            if (pixels[i] == null || pixels[i].length != features) {
                throw new IllegalArgumentException("Expected " + features + " values (" + channels + "x" + height + "x" + width
                        + ") for image " + i + ", got " + (pixels[i] == null ? "null" : pixels[i].length));
            }
            if (labels[i] < 0 || labels[i] >= classNames.length) {
                throw new IllegalArgumentException("Expected labels in 0.." + (classNames.length - 1) + ", image " + i + " has " + labels[i]);
            }
        }
        this.name = name;
        this.width = width;
        this.height = height;
        this.channels = channels;
        this.pixels = pixels;
        this.labels = labels;
        this.classNames = classNames.clone();
    }

    /** Name shown in tables and messages, e.g. "mnist" or "mnist[train]". */
    public String name() {
        return name;
    }

    /** Number of images. */
    public int size() {
        return pixels.length;
    }

    /** Image width in pixels. */
    public int width() {
        return width;
    }

    /** Image height in pixels. */
    public int height() {
        return height;
    }

    /** Number of channels (1 for every dataset of the kit). */
    public int channels() {
        return channels;
    }

    /** Values per image: {@code width*height*channels} (784 for 28x28 grey images). */
    public int featureCount() {
        return width * height * channels;
    }

    /** Labels, one per image (the internal array: do not modify). */
    public int[] labels() {
        return labels;
    }

    /** Label of image {@code i}. */
    public int label(int i) {
        return labels[i];
    }

    /** Pixel rows in [0,1], one per image (the internal arrays: do not modify). */
    public float[][] pixels() {
        return pixels;
    }

    /** A copy of image {@code i}'s pixels. */
    public float[] image(int i) {
        return pixels[i].clone();
    }

    /** Number of classes (including classes that happen to have no image here). */
    public int numClasses() {
        return classNames.length;
    }

    /** Class names, index = label. */
    public String[] classNames() {
        return classNames.clone();
    }

    /** Images per class, index = label. */
    public int[] classCounts() {
        int[] counts = new int[classNames.length];
        for (int l : labels) {
            counts[l]++;
        }
        return counts;
    }

    /** The same images and labels under another name. */
    public ImageDataset withName(String newName) {
        return new ImageDataset(newName, width, height, channels, pixels, labels, classNames);
    }

    /**
     * Keeps only the images of the given classes, relabelled 0..m-1 in the order given: {@code classes(3, 5)} makes
     * class 3 label 0 and class 5 label 1 (a binary task).
     *
     * @throws IllegalArgumentException for no class, an unknown class, a repeated class or no image left
     */
    public ImageDataset classes(int... keep) {
        if (keep == null || keep.length == 0) {
            throw new IllegalArgumentException("Expected at least one class to keep (0.." + (classNames.length - 1) + ")");
        }
        int[] newLabel = new int[classNames.length];
        Arrays.fill(newLabel, -1);
        String[] names = new String[keep.length];
        for (int j = 0; j < keep.length; j++) {
            int c = keep[j];
            if (c < 0 || c >= classNames.length) {
                throw new IllegalArgumentException("Expected classes in 0.." + (classNames.length - 1) + ", got " + c);
            }
            if (newLabel[c] >= 0) {
                throw new IllegalArgumentException("Class " + c + " is listed twice in " + Arrays.toString(keep));
            }
            newLabel[c] = j;
            names[j] = classNames[c];
        }
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            if (newLabel[labels[i]] >= 0) {
                idx.add(i);
            }
        }
        if (idx.isEmpty()) {
            throw new IllegalArgumentException("No image of classes " + Arrays.toString(keep) + " in " + name);
        }
        float[][] p = new float[idx.size()][];
        int[] l = new int[idx.size()];
        for (int j = 0; j < p.length; j++) {
            p[j] = pixels[idx.get(j)];
            l[j] = newLabel[labels[idx.get(j)]];
        }
        return new ImageDataset(name, width, height, channels, p, l, names);
    }

    /**
     * The images at the given indices, in that order (repeats allowed).
     *
     * @throws IllegalArgumentException for no index or an index outside 0..size()-1
     */
    public ImageDataset subset(int[] indices) {
        if (indices == null || indices.length == 0) {
            throw new IllegalArgumentException("Expected at least one index for a subset of " + name);
        }
        float[][] p = new float[indices.length][];
        int[] l = new int[indices.length];
        for (int j = 0; j < indices.length; j++) {
            int i = indices[j];
            if (i < 0 || i >= pixels.length) {
                throw new IllegalArgumentException("Expected indices in 0.." + (pixels.length - 1) + ", got " + i);
            }
            p[j] = pixels[i];
            l[j] = labels[i];
        }
        return new ImageDataset(name, width, height, channels, p, l, classNames);
    }

    /**
     * {@code n} images drawn at random without replacement (seeded: same seed, same images in the same order).
     *
     * @throws IllegalArgumentException unless {@code 1 <= n <= size()}
     */
    public ImageDataset sample(int n, long seed) {
        if (n < 1 || n > pixels.length) {
            throw new IllegalArgumentException("Expected a sample size in 1.." + pixels.length + " for " + name + ", got " + n);
        }
        int[] perm = permutation(pixels.length, new Random(seed));
        return subset(Arrays.copyOf(perm, n));
    }

    /**
     * Stratified random split into {@code [train, test]}: in every class a share {@code trainFraction} (rounded, and at
     * least one image each side when the class has two or more) goes to train; both parts are then shuffled.
     * Seeded: the same seed gives the same split.
     *
     * @throws IllegalArgumentException unless {@code 0 < trainFraction < 1}, or if a part would be empty
     */
    public ImageDataset[] split(double trainFraction, long seed) {
        if (!(trainFraction > 0 && trainFraction < 1)) {
            throw new IllegalArgumentException("Expected a train fraction strictly between 0 and 1, got " + trainFraction);
        }
        Random rng = new Random(seed);
        List<List<Integer>> byClass = indicesByClass();
        List<Integer> train = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        for (List<Integer> members : byClass) {
            int[] order = permutation(members.size(), rng);
            int count = members.size();
            int nTrain = (int) Math.round(trainFraction * count);
            if (count >= 2) {
                nTrain = Math.max(1, Math.min(count - 1, nTrain));
            }
            for (int j = 0; j < count; j++) {
                (j < nTrain ? train : test).add(members.get(order[j]));
            }
        }
        if (train.isEmpty() || test.isEmpty()) {
            throw new IllegalArgumentException("Splitting " + size() + " images with train fraction " + trainFraction
                    + " leaves an empty part");
        }
        return new ImageDataset[]{
                shuffledSubset(train, rng).withName(name + "[train]"),
                shuffledSubset(test, rng).withName(name + "[test]")};
    }

    ImageDataset shuffledSubset(List<Integer> indices, Random rng) {
        int[] perm = permutation(indices.size(), rng);
        int[] idx = new int[indices.size()];
        for (int j = 0; j < idx.length; j++) {
            idx[j] = indices.get(perm[j]);
        }
        return subset(idx);
    }

    List<List<Integer>> indicesByClass() {
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < classNames.length; c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < labels.length; i++) {
            byClass.get(labels[i]).add(i);
        }
        return byClass;
    }

    static int[] permutation(int n, Random rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /**
     * The same images with new labels and class names: random labels for a "what does pre-training on noise transfer"
     * source, or coarse groups (e.g. digits even/odd).
     *
     * @throws IllegalArgumentException if the lengths differ or a label is outside {@code 0..names.length-1}
     */
    public ImageDataset withLabels(int[] newLabels, String[] names) {
        if (newLabels == null || newLabels.length != pixels.length) {
            throw new IllegalArgumentException("Expected " + pixels.length + " labels, got " + (newLabels == null ? "null" : newLabels.length));
        }
        return new ImageDataset(name, width, height, channels, pixels, newLabels.clone(), names);
    }

    /**
     * Resamples every image to {@code newWidth x newHeight} by bilinear interpolation (pixel centres aligned, edges
     * clamped); e.g. optdigits' 8x8 to 20x20 before {@link #pad(int)} to MNIST's 28x28.
     *
     * @throws IllegalArgumentException for a non-positive size
     */
    public ImageDataset resize(int newWidth, int newHeight) {
        if (newWidth < 1 || newHeight < 1) {
            throw new IllegalArgumentException("Expected a positive size, got " + newWidth + "x" + newHeight);
        }
        int[] x0 = new int[newWidth];
        int[] x1 = new int[newWidth];
        float[] fx = new float[newWidth];
        axis(width, newWidth, x0, x1, fx);
        int[] y0 = new int[newHeight];
        int[] y1 = new int[newHeight];
        float[] fy = new float[newHeight];
        axis(height, newHeight, y0, y1, fy);
        float[][] out = new float[pixels.length][channels * newWidth * newHeight];
        for (int i = 0; i < pixels.length; i++) {
            float[] src = pixels[i];
            float[] dst = out[i];
            for (int c = 0; c < channels; c++) {
                int sBase = c * width * height;
                int dBase = c * newWidth * newHeight;
                for (int y = 0; y < newHeight; y++) {
                    int r0 = sBase + y0[y] * width;
                    int r1 = sBase + y1[y] * width;
                    for (int x = 0; x < newWidth; x++) {
                        float top = src[r0 + x0[x]] * (1 - fx[x]) + src[r0 + x1[x]] * fx[x];
                        float bottom = src[r1 + x0[x]] * (1 - fx[x]) + src[r1 + x1[x]] * fx[x];
                        dst[dBase + y * newWidth + x] = top * (1 - fy[y]) + bottom * fy[y];
                    }
                }
            }
        }
        return new ImageDataset(name, newWidth, newHeight, channels, out, labels, classNames);
    }

    private static void axis(int in, int out, int[] lo, int[] hi, float[] frac) {
        double scale = (double) in / out;
        for (int k = 0; k < out; k++) {
            double s = Math.min(in - 1, Math.max(0, (k + 0.5) * scale - 0.5));
            lo[k] = (int) Math.floor(s);
            hi[k] = Math.min(in - 1, lo[k] + 1);
            frac[k] = (float) (s - lo[k]);
        }
    }

    /** Adds a black (0) border of {@code border} pixels on every side. */
    public ImageDataset pad(int border) {
        return pad(border, border, border, border);
    }

    /**
     * Adds black (0) borders of the given widths.
     *
     * @throws IllegalArgumentException for a negative border
     */
    public ImageDataset pad(int top, int bottom, int left, int right) {
        if (top < 0 || bottom < 0 || left < 0 || right < 0) {
            throw new IllegalArgumentException("Expected non-negative borders, got " + top + "," + bottom + "," + left + "," + right);
        }
        int w = width + left + right;
        int h = height + top + bottom;
        float[][] out = new float[pixels.length][channels * w * h];
        for (int i = 0; i < pixels.length; i++) {
            for (int c = 0; c < channels; c++) {
                for (int y = 0; y < height; y++) {
                    System.arraycopy(pixels[i], c * width * height + y * width,
                            out[i], c * w * h + (y + top) * w + left, width);
                }
            }
        }
        return new ImageDataset(name, w, h, channels, out, labels, classNames);
    }

    /**
     * This dataset followed by {@code other} (same image shape and number of classes; this dataset's class names).
     *
     * @throws IllegalArgumentException if the shapes or class counts differ
     */
    public ImageDataset concat(ImageDataset other) {
        if (other.width != width || other.height != height || other.channels != channels || other.numClasses() != numClasses()) {
            throw new IllegalArgumentException("Expected the same shape and class count: " + this + " vs " + other);
        }
        float[][] p = new float[size() + other.size()][];
        int[] l = new int[p.length];
        System.arraycopy(pixels, 0, p, 0, size());
        System.arraycopy(other.pixels, 0, p, size(), other.size());
        System.arraycopy(labels, 0, l, 0, size());
        System.arraycopy(other.labels, 0, l, size(), other.size());
        return new ImageDataset(name + "+" + other.name, width, height, channels, p, l, classNames);
    }

    /** ND4J DataSet: features {@code [n, width*height*channels]} FLOAT in [0,1], one-hot labels {@code [n, numClasses()]}. */
    public DataSet toDataSet() {
        return toDataSet(classNames.length);
    }

    /**
     * ND4J DataSet with one-hot labels of width {@code numClasses} (at least {@link #numClasses()}), for a network
     * whose output layer is wider than this dataset's classes.
     *
     * @throws IllegalArgumentException if {@code numClasses < numClasses()}
     */
    public DataSet toDataSet(int numClasses) {
        if (numClasses < classNames.length) {
            throw new IllegalArgumentException("Expected at least " + classNames.length + " label columns for " + name + ", got " + numClasses);
        }
        int n = pixels.length;
        int d = featureCount();
        float[] flat = new float[n * d];
        float[] oneHot = new float[n * numClasses];
        for (int i = 0; i < n; i++) {
            System.arraycopy(pixels[i], 0, flat, i * d, d);
            oneHot[i * numClasses + labels[i]] = 1f;
        }
        INDArray features = Nd4j.create(flat, new long[]{n, d}, DataType.FLOAT);
        INDArray targets = Nd4j.create(oneHot, new long[]{n, numClasses}, DataType.FLOAT);
        return new DataSet(features, targets);
    }

    @Override
    public String toString() {
        return "ImageDataset[" + name + ": " + size() + " images " + width + "x" + height + "x" + channels + ", "
                + classNames.length + " classes " + Arrays.toString(classNames) + "]";
    }
}
