package org.transferkit.adaptation;

import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Synthetic domain shifts on plain image arrays, for domain-adaptation experiments without extra downloads.
 *
 * <p>Layouts: a grey image is a {@code float[784]} (28x28, row-major, values in [0,1]); a colour image is a
 * {@code float[3*784]} in channel-planar order (all red pixels, then green, then blue), which is what DL4J's
 * {@code InputType.convolutionalFlat(28, 28, 3)} expects. {@link #toRgb} lets grey MNIST be fed to the same
 * 3-channel network as the coloured target.
 */
public final class DomainShifts {

    /** Image side length the shifts work on. */
    public static final int SIDE = 28;
    /** Pixels per channel. */
    public static final int PIXELS = SIDE * SIDE;

    private DomainShifts() {
    }

    /**
     * MNIST-M-like colour shift with default settings: texture weight 0.6, colour noise on a 4x4 grid.
     *
     * @see #mnistMLike(float[][], float[][], long, double, int)
     */
    public static float[][] mnistMLike(float[][] gray28, float[][] textureSource28, long seed) {
        return mnistMLike(gray28, textureSource28, seed, 0.6, 4);
    }

    /**
     * Blends each grey digit onto a coloured texture, in the spirit of MNIST-M (Ganin et al. 2016).
     *
     * <p>Per digit: a random crop (side 14..28 pixels, random position, random mirror/transpose) of a random image of
     * {@code textureSource28} is resized to 28x28 and colourised as a duotone between two random colours; it is
     * blended with weight {@code textureWeight} with a smooth random colour field (a {@code noiseGrid x noiseGrid}
     * grid of random colours, bilinearly upsampled); finally the digit is drawn as {@code |background - digit|} per
     * channel, so strokes invert the background colour, as in MNIST-M.
     *
     * <p>How it differs from the original MNIST-M: the original crops patches of colour photographs from BSDS500,
     * so its backgrounds are natural-image textures at full colour; here the textures are grey images from another
     * data set (for example Fashion-MNIST), at 28x28 resolution and coloured artificially, which gives flatter,
     * lower-detail backgrounds. Numbers measured on this shift are therefore not comparable with published
     * MNIST-&gt;MNIST-M results (the kit's prototype measured a harder shift: source-only about 22% target accuracy).
     *
     * @param gray28          digits, each {@code float[784]} in [0,1]
     * @param textureSource28 grey texture images, each {@code float[784]} in [0,1]; at least one
     * @param seed            all random choices derive from it
     * @param textureWeight   weight of the texture in the background blend, in [0,1]; the rest is colour noise
     * @param noiseGrid       resolution of the smooth colour noise, at least 2
     * @return colour images {@code [n][3*784]} in channel-planar order, values in [0,1]
     */
    public static float[][] mnistMLike(float[][] gray28, float[][] textureSource28, long seed, double textureWeight,
            int noiseGrid) {
        checkImages(gray28, PIXELS, "gray28");
        checkImages(textureSource28, PIXELS, "textureSource28");
        if (!(textureWeight >= 0 && textureWeight <= 1)) {
            throw new IllegalArgumentException("textureWeight must be in [0,1], got " + textureWeight);
        }
        if (noiseGrid < 2) {
            throw new IllegalArgumentException("noiseGrid must be >= 2, got " + noiseGrid);
        }
        Random rnd = new Random(seed);
        float[][] out = new float[gray28.length][];
        float[] texture = new float[PIXELS];
        float[][] noise = new float[3][PIXELS];
        for (int i = 0; i < gray28.length; i++) {
            randomCrop(textureSource28[rnd.nextInt(textureSource28.length)], rnd, texture);
            float[] c0 = {rnd.nextFloat(), rnd.nextFloat(), rnd.nextFloat()};
            float[] c1 = {rnd.nextFloat(), rnd.nextFloat(), rnd.nextFloat()};
            for (int c = 0; c < 3; c++) {
                smoothNoise(rnd, noiseGrid, noise[c]);
            }
            float[] img = new float[3 * PIXELS];
            float[] digit = gray28[i];
            for (int c = 0; c < 3; c++) {
                for (int p = 0; p < PIXELS; p++) {
                    float duotone = c0[c] + (c1[c] - c0[c]) * texture[p];
                    float bg = (float) (textureWeight * duotone + (1 - textureWeight) * noise[c][p]);
                    img[c * PIXELS + p] = clamp01(Math.abs(bg - digit[p]));
                }
            }
            out[i] = img;
        }
        return out;
    }

    /** Grey to colour by copying the grey plane into the three channels: {@code [n][784] -> [n][3*784]}. */
    public static float[][] toRgb(float[][] gray28) {
        checkImages(gray28, PIXELS, "gray28");
        float[][] out = new float[gray28.length][3 * PIXELS];
        for (int i = 0; i < gray28.length; i++) {
            for (int c = 0; c < 3; c++) {
                System.arraycopy(gray28[i], 0, out[i], c * PIXELS, PIXELS);
            }
        }
        return out;
    }

    /** Colour to grey with the ITU-R 601 luma weights (0.299, 0.587, 0.114): {@code [n][3*784] -> [n][784]}. */
    public static float[][] toGray(float[][] rgb28) {
        checkImages(rgb28, 3 * PIXELS, "rgb28");
        float[][] out = new float[rgb28.length][PIXELS];
        for (int i = 0; i < rgb28.length; i++) {
            for (int p = 0; p < PIXELS; p++) {
                out[i][p] = 0.299f * rgb28[i][p] + 0.587f * rgb28[i][PIXELS + p] + 0.114f * rgb28[i][2 * PIXELS + p];
            }
        }
        return out;
    }

    /** {@link DataSet} version of {@link #toRgb(float[][])}: features {@code [n,784] -> [n,2352]}, labels kept. */
    public static DataSet toRgb(DataSet gray) {
        INDArray f = gray.getFeatures();
        if (f.rank() != 2 || f.size(1) != PIXELS) {
            throw new IllegalArgumentException("Expected features [n, 784], got "
                    + java.util.Arrays.toString(f.shape()));
        }
        INDArray rgb = Nd4j.concat(1, f, f, f);
        return new DataSet(rgb, gray.getLabels());
    }

    /**
     * Packs images and integer labels into a {@link DataSet}: features {@code [n, d]} FLOAT, labels one-hot
     * {@code [n, numClasses]}.
     */
    public static DataSet toDataSet(float[][] images, int[] labels, int numClasses) {
        if (images == null || images.length == 0) {
            throw new IllegalArgumentException("Expected at least one image, got none");
        }
        if (labels == null || labels.length != images.length) {
            throw new IllegalArgumentException("Expected " + images.length + " labels, got "
                    + (labels == null ? "null" : labels.length));
        }
        if (numClasses < 1) {
            throw new IllegalArgumentException("numClasses must be >= 1, got " + numClasses);
        }
        INDArray y = Nd4j.zeros(DataType.FLOAT, labels.length, numClasses);
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException("Label " + labels[i] + " at row " + i + " is outside 0.."
                        + (numClasses - 1));
            }
            y.putScalar(i, labels[i], 1f);
        }
        return new DataSet(Nd4j.createFromArray(images).castTo(DataType.FLOAT), y);
    }

    private static void randomCrop(float[] src, Random rnd, float[] dst) {
        int size = 14 + rnd.nextInt(SIDE - 14 + 1);
        int x0 = rnd.nextInt(SIDE - size + 1);
        int y0 = rnd.nextInt(SIDE - size + 1);
        boolean mirror = rnd.nextBoolean();
        boolean transpose = rnd.nextBoolean();
        double scale = (size - 1) / (double) (SIDE - 1);
        for (int r = 0; r < SIDE; r++) {
            for (int c = 0; c < SIDE; c++) {
                int rr = transpose ? c : r;
                int cc = transpose ? r : c;
                if (mirror) {
                    cc = SIDE - 1 - cc;
                }
                dst[r * SIDE + c] = bilinear(src, SIDE, y0 + rr * scale, x0 + cc * scale);
            }
        }
    }

    private static void smoothNoise(Random rnd, int grid, float[] dst) {
        float[] g = new float[grid * grid];
        for (int k = 0; k < g.length; k++) {
            g[k] = rnd.nextFloat();
        }
        double scale = (grid - 1) / (double) (SIDE - 1);
        for (int r = 0; r < SIDE; r++) {
            for (int c = 0; c < SIDE; c++) {
                dst[r * SIDE + c] = bilinear(g, grid, r * scale, c * scale);
            }
        }
    }

    /** Bilinear sample of a square {@code side x side} row-major image at fractional (row, col). */
    private static float bilinear(float[] img, int side, double row, double col) {
        int r0 = Math.min((int) Math.floor(row), side - 1);
        int c0 = Math.min((int) Math.floor(col), side - 1);
        int r1 = Math.min(r0 + 1, side - 1);
        int c1 = Math.min(c0 + 1, side - 1);
        double fr = row - r0;
        double fc = col - c0;
        double top = img[r0 * side + c0] * (1 - fc) + img[r0 * side + c1] * fc;
        double bottom = img[r1 * side + c0] * (1 - fc) + img[r1 * side + c1] * fc;
        return (float) (top * (1 - fr) + bottom * fr);
    }

    private static float clamp01(float v) {
        return v < 0 ? 0 : (v > 1 ? 1 : v);
    }

    private static void checkImages(float[][] images, int length, String name) {
        if (images == null || images.length == 0) {
            throw new IllegalArgumentException(name + ": expected at least one image, got none");
        }
        for (int i = 0; i < images.length; i++) {
            if (images[i] == null || images[i].length != length) {
                throw new IllegalArgumentException(name + ": expected images of length " + length + ", image " + i
                        + " has length " + (images[i] == null ? "null" : images[i].length));
            }
        }
    }
}
