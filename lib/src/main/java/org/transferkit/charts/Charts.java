package org.transferkit.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The kit's charts, built with XChart: learning curves with 95% bands, bar charts with error bars, confusion
 * heatmaps, scatter plots, and image grids. Charts render headless; {@link #toImage} turns one into a
 * {@link BufferedImage} that notebooks display inline.
 */
public final class Charts {

    /** Default chart width in pixels. */
    public static final int WIDTH = 720;
    /** Default chart height in pixels. */
    public static final int HEIGHT = 420;

    /** Colour-blind friendly palette (Okabe-Ito), used in series order. */
    private static final Color[] PALETTE = {
        new Color(0, 114, 178), new Color(213, 94, 0), new Color(0, 158, 115), new Color(204, 121, 167),
        new Color(230, 159, 0), new Color(86, 180, 233), new Color(0, 0, 0), new Color(240, 228, 66)
    };

    private Charts() {
    }

    /**
     * Learning curves, one line per series with a shaded band between low and high (e.g. a 95% interval over
     * seeds). Each value is {@code {x, y}} or {@code {x, y, low, high}} (four arrays of equal length); the band is
     * omitted when low/high are missing or contain NaN (e.g. a single seed).
     */
    public static XYChart learningCurves(String title, String xLabel, String yLabel,
                                         Map<String, double[][]> seriesXYLowHigh) {
        requireSeries(seriesXYLowHigh);
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(text(title))
                .xAxisTitle(text(xLabel)).yAxisTitle(text(yLabel)).build();
        style(chart);
        int i = 0;
        for (Map.Entry<String, double[][]> e : seriesXYLowHigh.entrySet()) {
            double[][] s = e.getValue();
            String name = e.getKey();
            if (s == null || (s.length != 2 && s.length != 4)) {
                throw new IllegalArgumentException("series '" + name + "' must be {x, y} or {x, y, low, high}, got "
                        + (s == null ? "null" : s.length + " arrays"));
            }
            int n = sameLength(name, s);
            Color color = PALETTE[i++ % PALETTE.length];
            if (s.length == 4 && noNaN(s[2]) && noNaN(s[3])) {
                double[] bx = new double[2 * n];
                double[] by = new double[2 * n];
                for (int k = 0; k < n; k++) {
                    bx[k] = s[0][k];
                    by[k] = s[3][k];
                    bx[2 * n - 1 - k] = s[0][k];
                    by[2 * n - 1 - k] = s[2][k];
                }
                XYSeries band = chart.addSeries(name + " 95% band", bx, by);
                band.setXYSeriesRenderStyle(XYSeriesRenderStyle.PolygonArea);
                band.setFillColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 60));
                band.setLineColor(new Color(0, 0, 0, 0));
                band.setMarker(SeriesMarkers.NONE);
                band.setShowInLegend(false);
            }
            XYSeries line = chart.addSeries(name, s[0], s[1]);
            line.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
            line.setLineColor(color);
            line.setMarkerColor(color);
            line.setMarker(n <= 30 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
            line.setLineStyle(new BasicStroke(2f));
        }
        return chart;
    }

    /** Bar chart of means with 95% error bars, one bar per category (e.g. the methods). */
    public static CategoryChart bars(String title, String[] categories, double[] means, double[] lows,
                                     double[] highs) {
        Map<String, double[][]> one = new LinkedHashMap<>();
        one.put(text(title).isEmpty() ? "mean" : text(title), new double[][] {means, lows, highs});
        CategoryChart chart = bars(title, categories, one);
        chart.getStyler().setLegendVisible(false);
        return chart;
    }

    /**
     * Names a chart's axes, e.g. {@code Charts.axes(Charts.bars(...), "method", "test accuracy")}; returns the chart.
     * An empty or null title leaves that axis unnamed.
     */
    public static <C extends Chart<?, ?>> C axes(C chart, String xTitle, String yTitle) {
        if (chart == null) {
            throw new IllegalArgumentException("expected a chart, got null");
        }
        chart.setXAxisTitle(text(xTitle));
        chart.setYAxisTitle(text(yTitle));
        return chart;
    }

    /**
     * Grouped bar chart: for each series (e.g. a method) a value {@code {means, lows, highs}} over the categories
     * (e.g. the number of labelled examples k). Error bars are drawn symmetric, as mean +- the larger of
     * mean-low and high-mean; NaN bounds (unknown interval) draw no bar.
     */
    public static CategoryChart bars(String title, String[] categories, Map<String, double[][]> seriesMeanLowHigh) {
        if (categories == null || categories.length == 0) {
            throw new IllegalArgumentException("categories must name at least one bar");
        }
        requireSeries(seriesMeanLowHigh);
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(text(title)).build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(LegendPosition.OutsideE);
        chart.getStyler().setErrorBarsColorSeriesColor(false);
        chart.getStyler().setErrorBarsColor(Color.BLACK);
        chart.getStyler().setSeriesColors(PALETTE);
        chart.getStyler().setAvailableSpaceFill(0.8);
        chart.getStyler().setOverlapped(false);
        for (Map.Entry<String, double[][]> e : seriesMeanLowHigh.entrySet()) {
            double[][] s = e.getValue();
            if (s == null || s.length != 3) {
                throw new IllegalArgumentException("series '" + e.getKey() + "' must be {means, lows, highs}");
            }
            int n = sameLength(e.getKey(), s);
            if (n != categories.length) {
                throw new IllegalArgumentException("series '" + e.getKey() + "' has " + n + " values for "
                        + categories.length + " categories");
            }
            double[] err = new double[n];
            for (int k = 0; k < n; k++) {
                double d = Math.max(s[0][k] - s[1][k], s[2][k] - s[0][k]);
                err[k] = Double.isNaN(d) ? 0 : d;
            }
            chart.addSeries(e.getKey(), Arrays.asList(categories), boxed(s[0]), boxed(err));
        }
        return chart;
    }

    /**
     * Confusion-matrix heatmap: rows are true classes (first class at the top), columns predicted classes, cells
     * show the counts.
     */
    public static HeatMapChart heatmap(String title, int[][] confusion, String[] classNames) {
        if (confusion == null || confusion.length == 0) {
            throw new IllegalArgumentException("confusion must be a non-empty square matrix");
        }
        int c = confusion.length;
        for (int[] row : confusion) {
            if (row == null || row.length != c) {
                throw new IllegalArgumentException("confusion must be square " + c + "x" + c);
            }
        }
        if (classNames == null) {
            classNames = new String[c];
            for (int k = 0; k < c; k++) {
                classNames[k] = String.valueOf(k);
            }
        }
        if (classNames.length != c) {
            throw new IllegalArgumentException("expected " + c + " class names, got " + classNames.length);
        }
        int size = Math.max(360, Math.min(900, 60 + 48 * c));
        HeatMapChart chart = new HeatMapChartBuilder().width(size + 120).height(size).title(text(title))
                .xAxisTitle("predicted").yAxisTitle("true").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setShowValue(true);
        chart.getStyler().setPiecewise(false);
        chart.getStyler().setRangeColors(new Color[] {Color.WHITE, new Color(0, 114, 178)});
        List<String> x = Arrays.asList(classNames);
        List<String> y = new ArrayList<>();
        for (int k = c - 1; k >= 0; k--) {
            y.add(classNames[k]);
        }
        List<Number[]> cells = new ArrayList<>();
        int max = 1;
        for (int t = 0; t < c; t++) {
            for (int p = 0; p < c; p++) {
                cells.add(new Number[] {p, c - 1 - t, confusion[t][p]});
                max = Math.max(max, confusion[t][p]);
            }
        }
        chart.getStyler().setMin(0);
        chart.getStyler().setMax(max);
        chart.addSeries("count", x, y, cells);
        return chart;
    }

    /** Scatter plot; each series value is {@code {xs, ys}}. */
    public static XYChart scatter(String title, Map<String, double[][]> points) {
        requireSeries(points);
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(text(title)).build();
        style(chart);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(5);
        int i = 0;
        for (Map.Entry<String, double[][]> e : points.entrySet()) {
            double[][] s = e.getValue();
            if (s == null || s.length != 2) {
                throw new IllegalArgumentException("series '" + e.getKey() + "' must be {xs, ys}");
            }
            sameLength(e.getKey(), s);
            XYSeries series = chart.addSeries(e.getKey(), s[0], s[1]);
            Color color = PALETTE[i++ % PALETTE.length];
            series.setMarkerColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 170));
            series.setMarker(SeriesMarkers.CIRCLE);
        }
        return chart;
    }

    /**
     * A grid of images, {@code cols} per row, each scaled up to be visible and captioned when captions are given.
     * Each image is {@code w*h} grayscale values, or {@code 3*w*h} RGB values stored channel by channel (all red,
     * then green, then blue, as in ND4J's NCHW layout); values in [0,1] (clamped).
     */
    public static BufferedImage imageGrid(float[][] images, int w, int h, int cols, String[] captions) {
        if (images == null || images.length == 0) {
            throw new IllegalArgumentException("images must hold at least one image");
        }
        if (w < 1 || h < 1 || cols < 1) {
            throw new IllegalArgumentException("w, h and cols must be positive, got " + w + ", " + h + ", " + cols);
        }
        if (captions != null && captions.length != images.length) {
            throw new IllegalArgumentException("expected " + images.length + " captions, got " + captions.length);
        }
        for (int i = 0; i < images.length; i++) {
            if (images[i] == null || (images[i].length != w * h && images[i].length != 3 * w * h)) {
                throw new IllegalArgumentException("image " + i + " must have " + (w * h) + " (gray) or "
                        + (3 * w * h) + " (RGB) values, got " + (images[i] == null ? "null" : images[i].length));
            }
        }
        int scale = Math.max(1, (int) Math.ceil(64.0 / Math.max(w, h)));
        int pad = 4;
        int captionH = captions == null ? 0 : 16;
        int cellW = w * scale + pad;
        int cellH = h * scale + pad + captionH;
        int c = Math.min(cols, images.length);
        int rows = (images.length + c - 1) / c;
        BufferedImage out = new BufferedImage(c * cellW + pad, rows * cellH + pad, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        FontMetrics fm = g.getFontMetrics();
        for (int i = 0; i < images.length; i++) {
            int x0 = pad + (i % c) * cellW;
            int y0 = pad + (i / c) * cellH;
            float[] img = images[i];
            boolean rgb = img.length == 3 * w * h;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int p = y * w + x;
                    int r = unit(img[p]);
                    int gr = rgb ? unit(img[w * h + p]) : r;
                    int b = rgb ? unit(img[2 * w * h + p]) : r;
                    g.setColor(new Color(r, gr, b));
                    g.fillRect(x0 + x * scale, y0 + y * scale, scale, scale);
                }
            }
            if (captions != null && captions[i] != null) {
                String s = captions[i];
                while (s.length() > 1 && fm.stringWidth(s) > w * scale) {
                    s = s.substring(0, s.length() - 1);
                }
                g.setColor(Color.BLACK);
                g.drawString(s, x0 + (w * scale - fm.stringWidth(s)) / 2, y0 + h * scale + fm.getAscent() + 1);
            }
        }
        g.dispose();
        return out;
    }

    /** Renders any XChart chart to an image (headless). */
    public static BufferedImage toImage(Chart<?, ?> chart) {
        if (chart == null) {
            throw new IllegalArgumentException("chart must not be null");
        }
        return BitmapEncoder.getBufferedImage(chart);
    }

    // ---------------------------------------------------------------------------------------------------------

    private static void style(XYChart chart) {
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(LegendPosition.OutsideE);
        chart.getStyler().setSeriesColors(PALETTE);
    }

    private static int unit(float v) {
        if (Float.isNaN(v)) {
            return 0;
        }
        return Math.round(Math.max(0f, Math.min(1f, v)) * 255f);
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }

    private static void requireSeries(Map<String, double[][]> series) {
        if (series == null || series.isEmpty()) {
            throw new IllegalArgumentException("at least one series is needed");
        }
    }

    private static int sameLength(String name, double[][] s) {
        int n = -1;
        for (double[] a : s) {
            if (a == null) {
                throw new IllegalArgumentException("series '" + name + "' has a null array");
            }
            if (n >= 0 && a.length != n) {
                throw new IllegalArgumentException("series '" + name + "' arrays differ in length: " + n + " vs " + a.length);
            }
            n = a.length;
        }
        if (n == 0) {
            throw new IllegalArgumentException("series '" + name + "' is empty");
        }
        return n;
    }

    private static boolean noNaN(double[] a) {
        for (double v : a) {
            if (Double.isNaN(v)) {
                return false;
            }
        }
        return true;
    }

    private static List<Double> boxed(double[] a) {
        List<Double> l = new ArrayList<>(a.length);
        for (double v : a) {
            l.add(v);
        }
        return l;
    }
}
