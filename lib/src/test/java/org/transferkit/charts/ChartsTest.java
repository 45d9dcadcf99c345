package org.transferkit.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ChartsTest {

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    /** Writes the PNG (for eyeballing under target/) and checks it is not a single flat colour. */
    static void assertRendersToNonBlankPng(BufferedImage img, String name) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(img, "png", bytes));
        assertTrue(bytes.size() > 100, name + " PNG is suspiciously small: " + bytes.size());
        Path dir = Path.of("target", "charts");
        Files.createDirectories(dir);
        Files.write(dir.resolve(name + ".png"), bytes.toByteArray());
        int first = img.getRGB(0, 0);
        int different = 0;
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                if (img.getRGB(x, y) != first) {
                    different++;
                }
            }
        }
        assertTrue(different > 100, name + " looks blank");
    }

    @Test
    void learningCurvesWithBands() throws IOException {
        double[] x = {10, 20, 50, 100, 200};
        Map<String, double[][]> s = new LinkedHashMap<>();
        s.put("scratch", new double[][] {x, {0.5, 0.6, 0.7, 0.8, 0.85}, {0.45, 0.55, 0.66, 0.77, 0.83},
            {0.55, 0.65, 0.74, 0.83, 0.87}});
        s.put("fine-tune", new double[][] {x, {0.7, 0.75, 0.8, 0.85, 0.88}, {0.68, 0.73, 0.78, 0.84, 0.87},
            {0.72, 0.77, 0.82, 0.86, 0.89}});
        s.put("one seed", new double[][] {x, {0.6, 0.6, 0.7, 0.7, 0.8}, {Double.NaN, 0, 0, 0, 0}, {1, 1, 1, 1, 1}});
        s.put("no band", new double[][] {x, {0.3, 0.4, 0.5, 0.6, 0.7}});
        var chart = Charts.learningCurves("accuracy vs labelled examples", "k", "accuracy", s);
        assertEquals(6, chart.getSeriesMap().size()); // two bands + four lines
        assertRendersToNonBlankPng(Charts.toImage(chart), "curves");
        assertThrows(IllegalArgumentException.class,
                () -> Charts.learningCurves("t", "x", "y", Map.of("bad", new double[][] {x, {1}})));
        assertThrows(IllegalArgumentException.class, () -> Charts.learningCurves("t", "x", "y", Map.of()));
    }

    @Test
    void barsWithErrorBars() throws IOException {
        var chart = Charts.bars("methods", new String[] {"scratch", "features", "fine-tune"},
                new double[] {0.8, 0.85, 0.9}, new double[] {0.78, 0.84, 0.88}, new double[] {0.82, 0.86, 0.92});
        assertRendersToNonBlankPng(Charts.toImage(chart), "bars");
        Map<String, double[][]> grouped = new LinkedHashMap<>();
        grouped.put("A", new double[][] {{0.5, 0.7}, {0.4, 0.65}, {0.6, 0.75}});
        grouped.put("B", new double[][] {{0.6, 0.8}, {Double.NaN, 0.7}, {Double.NaN, 0.9}});
        assertRendersToNonBlankPng(Charts.toImage(Charts.bars("grouped", new String[] {"k=10", "k=100"}, grouped)),
                "bars-grouped");
        assertThrows(IllegalArgumentException.class, () -> Charts.bars("t", new String[] {"a"},
                new double[] {1, 2}, new double[] {1, 2}, new double[] {1, 2}));
        var named = Charts.axes(chart, "method", "test accuracy");
        assertSame(chart, named);
        assertEquals("method", named.getXAxisTitle());
        assertEquals("test accuracy", named.getYAxisTitle());
        assertRendersToNonBlankPng(Charts.toImage(named), "bars-axes");
    }

    @Test
    void confusionHeatmap() throws IOException {
        int[][] cm = {{50, 2, 1}, {3, 40, 7}, {0, 5, 45}};
        var chart = Charts.heatmap("confusion", cm, new String[] {"cat", "dog", "bird"});
        assertRendersToNonBlankPng(Charts.toImage(chart), "heatmap");
        assertRendersToNonBlankPng(Charts.toImage(Charts.heatmap("no names", cm, null)), "heatmap-nonames");
        assertThrows(IllegalArgumentException.class, () -> Charts.heatmap("t", new int[][] {{1, 2}}, null));
        assertThrows(IllegalArgumentException.class, () -> Charts.heatmap("t", cm, new String[] {"a"}));
    }

    @Test
    void scatterPlot() throws IOException {
        Map<String, double[][]> p = new LinkedHashMap<>();
        p.put("source", new double[][] {{0, 1, 2, 3}, {0, 1, 0, 1}});
        p.put("target", new double[][] {{0.5, 1.5, 2.5}, {2, 3, 2}});
        assertRendersToNonBlankPng(Charts.toImage(Charts.scatter("embedding", p)), "scatter");
    }

    @Test
    void imageGridGrayAndRgb() throws IOException {
        float[][] gray = new float[5][28 * 28];
        for (int i = 0; i < 5; i++) {
            for (int p = 0; p < 28 * 28; p++) {
                gray[i][p] = ((p / 28 + p % 28 + i * 5) % 20) / 20f;
            }
        }
        BufferedImage g = Charts.imageGrid(gray, 28, 28, 3, new String[] {"0", "1", "2", "3", "a long caption"});
        assertEquals(2 * (28 * 3 + 4 + 16) + 4, g.getHeight());
        assertRendersToNonBlankPng(g, "grid-gray");
        float[][] rgb = new float[2][3 * 8 * 8];
        for (int p = 0; p < 64; p++) {
            rgb[0][p] = 1;           // red
            rgb[1][128 + p] = 1;     // blue
        }
        BufferedImage c = Charts.imageGrid(rgb, 8, 8, 2, null);
        assertEquals(0xFF0000, c.getRGB(10, 10) & 0xFFFFFF);
        assertRendersToNonBlankPng(c, "grid-rgb");
        assertThrows(IllegalArgumentException.class, () -> Charts.imageGrid(new float[][] {{1, 2}}, 28, 28, 1, null));
        assertThrows(IllegalArgumentException.class, () -> Charts.imageGrid(gray, 28, 28, 3, new String[] {"x"}));
    }
}
