package org.transferkit.adaptation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;

class DomainShiftsTest {

    private static float[][] randomImages(int n, long seed, boolean binary) {
        Random rnd = new Random(seed);
        float[][] x = new float[n][DomainShifts.PIXELS];
        for (float[] row : x) {
            for (int p = 0; p < row.length; p++) {
                row[p] = binary ? (rnd.nextDouble() < 0.2 ? 1f : 0f) : rnd.nextFloat();
            }
        }
        return x;
    }

    @Test
    void mnistMLikeIsSeededColouredAndInvertsStrokes() {
        float[][] digits = randomImages(6, 1, true);
        float[][] textures = randomImages(4, 2, false);
        float[][] a = DomainShifts.mnistMLike(digits, textures, 11);
        float[][] b = DomainShifts.mnistMLike(digits, textures, 11);
        float[][] c = DomainShifts.mnistMLike(digits, textures, 12);
        assertEquals(6, a.length);
        assertEquals(3 * DomainShifts.PIXELS, a[0].length);
        assertTrue(Arrays.deepEquals(a, b), "same seed, same images");
        assertFalse(Arrays.deepEquals(a, c), "different seed, different images");
        for (float[] img : a) {
            for (float v : img) {
                assertTrue(v >= 0 && v <= 1);
            }
        }
        // textureWeight 1 with a constant texture: background is one colour; strokes show |colour - 1|
        float[][] flat = {new float[DomainShifts.PIXELS]};
        Arrays.fill(flat[0], 0.5f);
        float[][] out = DomainShifts.mnistMLike(digits, flat, 5, 1.0, 4);
        for (int i = 0; i < digits.length; i++) {
            for (int ch = 0; ch < 3; ch++) {
                float bg = Float.NaN;
                for (int p = 0; p < DomainShifts.PIXELS; p++) {
                    float v = out[i][ch * DomainShifts.PIXELS + p];
                    if (digits[i][p] == 0f) {
                        if (Float.isNaN(bg)) {
                            bg = v;
                        }
                        assertEquals(bg, v, 1e-6, "flat background");
                    }
                }
                for (int p = 0; p < DomainShifts.PIXELS; p++) {
                    if (digits[i][p] == 1f) {
                        assertEquals(1 - bg, out[i][ch * DomainShifts.PIXELS + p], 1e-6, "inverted stroke");
                    }
                }
            }
        }
        // the three channels differ (coloured, not grey)
        float[] img = a[0];
        assertFalse(Arrays.equals(Arrays.copyOfRange(img, 0, 784), Arrays.copyOfRange(img, 784, 1568)));
    }

    @Test
    void greyRgbRoundTrip() {
        float[][] g = randomImages(3, 4, false);
        float[][] rgb = DomainShifts.toRgb(g);
        assertEquals(3 * 784, rgb[0].length);
        float[][] back = DomainShifts.toGray(rgb);
        for (int i = 0; i < g.length; i++) {
            for (int p = 0; p < 784; p++) {
                assertEquals(g[i][p], back[i][p], 1e-5);
            }
        }
        DataSet ds = DomainShifts.toDataSet(g, new int[] {0, 2, 1}, 3);
        DataSet dsRgb = DomainShifts.toRgb(ds);
        assertArrayEquals(new long[] {3, 2352}, dsRgb.getFeatures().shape());
        assertEquals(ds.getLabels(), dsRgb.getLabels());
        assertEquals(g[1][5], dsRgb.getFeatures().getFloat(1, 784 + 5), 1e-7);
    }

    @Test
    void rejectsBadInput() {
        float[][] ok = randomImages(2, 1, false);
        assertThrows(IllegalArgumentException.class, () -> DomainShifts.mnistMLike(new float[0][], ok, 1));
        assertThrows(IllegalArgumentException.class, () -> DomainShifts.mnistMLike(ok, new float[][] {{1f}}, 1));
        assertThrows(IllegalArgumentException.class, () -> DomainShifts.mnistMLike(ok, ok, 1, 1.5, 4));
        assertThrows(IllegalArgumentException.class, () -> DomainShifts.mnistMLike(ok, ok, 1, 0.5, 1));
        assertThrows(IllegalArgumentException.class, () -> DomainShifts.toGray(ok));
        assertThrows(IllegalArgumentException.class, () -> DomainShifts.toDataSet(ok, new int[] {0}, 2));
        assertThrows(IllegalArgumentException.class, () -> DomainShifts.toDataSet(ok, new int[] {0, 5}, 2));
    }
}
