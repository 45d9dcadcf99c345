package org.transferkit.data;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes {@code datasets/catalog.json} from the dataset descriptions ({@link DatasetSpec#ALL}) and the converted files
 * present in the datasets folder: their shapes, class counts, sizes and checksums. A maintainer runs it after changing
 * a description or the converted data ({@code write-catalog} of {@link DatasetCommandLine}).
 * The layout is {@link CatalogJson}'s, so rewriting an unchanged catalogue gives the same bytes.
 */
final class CatalogWriter {

    private CatalogWriter() {
    }

    /** Writes the catalogue into {@code datasetsDir}, replacing the old one atomically. */
    static void write(Path datasetsDir) throws IOException {
        byte[] json = json(datasetsDir).getBytes(StandardCharsets.UTF_8);
        AtomicFile.write(datasetsDir.resolve(DatasetCatalog.CATALOG_FILE), json);
    }

    /** The catalogue's text for the files in {@code datasetsDir}; every converted file must be present. */
    static String json(Path datasetsDir) throws IOException {
        JsonArray datasets = new JsonArray();
        for (DatasetSpec s : DatasetSpec.ALL) {
            datasets.add(dataset(s, datasetsDir));
        }
        JsonObject root = new JsonObject();
        root.addProperty("format", "gzip-compressed IDX: images uint8 [n, height, width] (magic 0x00000803), labels"
                + " uint8 [n] (magic 0x00000801); pixel value / maxValue gives [0,1]. sha256 is of the .gz file,"
                + " contentSha256 of the decompressed IDX bytes. See datasets/README.md.");
        root.addProperty("formatVersion", 1);
        root.addProperty("rebuild", DatasetCatalog.REPAIR_COMMAND);
        root.add("datasets", datasets);
        return CatalogJson.format(root) + "\n";
    }

    private static JsonObject dataset(DatasetSpec s, Path datasetsDir) throws IOException {
        JsonObject d = new JsonObject();
        d.addProperty("name", s.name());
        d.addProperty("title", s.title());
        JsonObject source = new JsonObject();
        source.addProperty("kind", s.sourceKind());
        source.addProperty("package", s.sourcePackage());
        source.addProperty("version", s.sourceVersion());
        source.addProperty("fetch", s.fetchCommand());
        source.addProperty("files", s.sourceFiles());
        source.addProperty("packageLicense", s.packageLicense());
        d.add("source", source);
        d.addProperty("license", s.license());
        d.addProperty("licenseNote", s.licenseNote());
        d.addProperty("citation", s.citation());
        d.addProperty("provenance", s.provenance());
        d.addProperty("width", s.width());
        d.addProperty("height", s.height());
        d.addProperty("channels", 1);
        d.addProperty("maxValue", s.maxValue());
        JsonArray files = new JsonArray();
        int[] counts = new int[s.classes().size()];
        int examples = -1;
        for (String fileName : List.of(DatasetCatalog.IMAGES_FILE, DatasetCatalog.LABELS_FILE)) {
            boolean images = fileName.equals(DatasetCatalog.IMAGES_FILE);
            String rel = s.name() + "/" + fileName;
            Path p = datasetsDir.resolve(rel);
            if (!Files.isRegularFile(p)) {
                throw new IllegalStateException("write-catalog needs every converted file; missing " + p);
            }
            byte[] gz = Files.readAllBytes(p);
            byte[] idx = Gzip.gunzip(gz);
            Idx parsed = Idx.parse(idx, images ? 3 : 1);
            examples = parsed.count();
            if (!images) {
                for (int i = 0; i < parsed.count(); i++) {
                    counts[idx[parsed.offset() + i] & 0xff]++;
                }
            }
            JsonObject f = new JsonObject();
            f.addProperty("role", images ? "images" : "labels");
            f.addProperty("path", rel);
            f.add("shape", numbers(parsed.dims()));
            f.addProperty("bytes", gz.length);
            f.addProperty("sha256", DatasetFile.sha256(gz));
            f.addProperty("contentSha256", DatasetFile.sha256(idx));
            files.add(f);
        }
        d.addProperty("examples", examples);
        JsonArray classes = new JsonArray();
        s.classes().forEach(classes::add);
        d.add("classes", classes);
        d.add("classCounts", numbers(counts));
        d.addProperty("order", s.name().equals("optdigits") ? "as in the source file"
                : "grouped by class (all 0s, then all 1s, ...)");
        d.addProperty("split", "none in the source: the library splits 80/20 stratified with seed " + Datasets.SPLIT_SEED
                + " (Datasets.split / Datasets.*Split())");
        d.addProperty("committed", s.committed());
        d.add("files", files);
        return d;
    }

    private static JsonArray numbers(int[] values) {
        JsonArray a = new JsonArray();
        for (int v : values) {
            a.add(v);
        }
        return a;
    }
}
