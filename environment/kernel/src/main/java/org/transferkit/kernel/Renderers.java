package org.transferkit.kernel;

import io.github.spencerpark.jupyter.kernel.display.Renderer;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

import javax.imageio.ImageIO;
import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;

/** The kit's built-in renderers: XChart charts and images as PNG, Tablesaw tables as HTML plus text. */
final class Renderers {
    /** Tables longer than this show their first rows and a note, so a big table does not flood the notebook. */
    static final int MAX_HTML_ROWS = 200;

    private Renderers() {}

    static void registerAll(Renderer renderer) {
        renderer.createRegistration(RenderedImage.class).preferring(MIMEType.IMAGE_PNG)
                .register((image, ctx) -> ctx.renderIfRequested(MIMEType.IMAGE_PNG, () -> png(image)));
        renderer.createRegistration(Chart.class).preferring(MIMEType.IMAGE_PNG)
                .register((chart, ctx) -> ctx.renderIfRequested(MIMEType.IMAGE_PNG,
                        () -> png(BitmapEncoder.getBufferedImage((Chart<?, ?>) chart))));
        renderer.createRegistration(Table.class).preferring(MIMEType.TEXT_HTML).supporting(MIMEType.TEXT_PLAIN)
                .register((table, ctx) -> {
                    ctx.renderIfRequested(MIMEType.TEXT_HTML, () -> html(table));
                    ctx.renderIfRequested(MIMEType.TEXT_PLAIN, () -> table.printAll());
                });
    }

    static String png(RenderedImage image) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(image, "png", out);
            return Base64.getEncoder().encodeToString(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String html(Table table) {
        StringBuilder sb = new StringBuilder("<table class=\"kit-table\">");
        if (table.name() != null && !table.name().isBlank())
            sb.append("<caption>").append(escape(table.name())).append("</caption>");
        sb.append("<thead><tr>");
        for (Column<?> c : table.columns()) sb.append("<th>").append(escape(c.name())).append("</th>");
        sb.append("</tr></thead><tbody>");
        int rows = Math.min(table.rowCount(), MAX_HTML_ROWS);
        for (int r = 0; r < rows; r++) {
            sb.append("<tr>");
            for (Column<?> c : table.columns()) sb.append("<td>").append(escape(c.getString(r))).append("</td>");
            sb.append("</tr>");
        }
        sb.append("</tbody></table>");
        if (table.rowCount() > rows)
            sb.append("<p>").append(table.rowCount() - rows).append(" more rows not shown</p>");
        return sb.toString();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
