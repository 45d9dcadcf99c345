package org.transferkit.assets;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.transferkit.data.AtomicFile;
import org.transferkit.data.CatalogJson;
import org.transferkit.data.DatasetFile;

/**
 * Writes {@code datasets/applications/catalog.json} from the asset descriptions ({@link AssetSpec#ALL}) and the
 * converted files present in the folder: their sizes and checksums. A maintainer runs it after an intended change of a
 * conversion ({@code write-catalog} of {@link AssetCommandLine}). The layout is {@link CatalogJson}'s, so rewriting an
 * unchanged catalogue gives the same bytes.
 */
final class AssetCatalogWriter {

    private AssetCatalogWriter() {
    }

    /** Writes the catalogue into {@code dir}, replacing the old one atomically; every converted file must be present. */
    static void write(Path dir) throws IOException {
        AtomicFile.write(dir.resolve(AssetCatalog.CATALOG_FILE), json(dir).getBytes(StandardCharsets.UTF_8));
    }

    /** The catalogue's text for the files in {@code dir}. */
    static String json(Path dir) throws IOException {
        JsonObject root = new JsonObject();
        root.addProperty("format", "Application assets of the kit (datasets/applications/): text and ratings datasets,"
                + " word vectors and a pretrained sentence encoder, made by environment/prepare-applications.sh from"
                + " the packages named under source. sha256 is of the file; contentSha256 (gzip files) of its"
                + " decompressed bytes. See datasets/applications/README.md.");
        root.addProperty("formatVersion", 1);
        root.addProperty("rebuild", AssetCatalog.REPAIR_COMMAND);
        JsonArray assets = new JsonArray();
        for (AssetSpec s : AssetSpec.ALL) {
            assets.add(asset(s, dir));
        }
        root.add("assets", assets);
        return CatalogJson.format(root) + "\n";
    }

    private static JsonObject asset(AssetSpec s, Path dir) throws IOException {
        JsonObject a = new JsonObject();
        a.addProperty("name", s.name());
        a.addProperty("kind", s.kind());
        a.addProperty("title", s.title());
        JsonObject source = new JsonObject();
        source.addProperty("kind", s.sourceKind());
        source.addProperty("package", s.sourcePackage());
        source.addProperty("version", s.sourceVersion());
        source.addProperty("fetch", s.fetch());
        source.addProperty("files", s.sourceFiles());
        source.addProperty("packageLicense", s.packageLicense());
        a.add("source", source);
        a.addProperty("license", s.license());
        a.addProperty("licenseNote", s.licenseNote());
        a.addProperty("citation", s.citation());
        a.addProperty("redistributable", s.redistributable());
        a.addProperty("committed", false);
        JsonArray classes = new JsonArray();
        s.classes().forEach(classes::add);
        a.add("classes", classes);
        a.addProperty("provenance", s.provenance());
        JsonArray files = new JsonArray();
        for (AssetSpec.FileSpec f : s.files()) {
            Path file = dir.resolve(f.path());
            if (!Files.isRegularFile(file)) {
                throw new IOException(file + " is missing: convert every asset before writing the catalogue");
            }
            JsonObject o = new JsonObject();
            o.addProperty("role", f.role());
            o.addProperty("path", f.path());
            o.addProperty("format", f.format());
            o.addProperty("records", f.rows());
            o.addProperty("bytes", Files.size(file));
            o.addProperty("sha256", DatasetFile.sha256(file));
            if (f.path().endsWith(".gz")) {
                try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
                    o.addProperty("contentSha256", DatasetFile.sha256(in));
                }
            }
            files.add(o);
        }
        a.add("files", files);
        return a;
    }
}
