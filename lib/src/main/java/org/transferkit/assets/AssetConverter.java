package org.transferkit.assets;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.transferkit.data.AtomicFile;
import org.transferkit.data.DatasetFile;
import org.transferkit.data.Gzip;

/**
 * Converts one application asset from the package that {@code environment/prepare-applications.sh} fetched into its
 * files under {@code datasets/applications/}: the converter of its kind of source ({@link TextConverter},
 * {@link GloveConverter}, {@link MiniLmConverter}, {@link MovieLensConverter}) makes the files in memory, they are
 * checked against the catalogue's checksums, and only then written, each atomically ({@link AtomicFile}).
 *
 * <p>Output is byte-for-byte deterministic: {@link Gzip} (fixed header, deflate level 6), rows in the source's order,
 * floats parsed from the source's decimal text; so every machine gets the catalogue's checksums.
 */
final class AssetConverter {

    /** One kind of source: the converted files by role, made from a fetched package. */
    @FunctionalInterface
    interface Source {
        Map<String, byte[]> convert(Path source) throws IOException;
    }

    private AssetConverter() {
    }

    /** The converter of asset {@code name}'s source. */
    static Source source(String name) {
        return switch (name) {
            case "imdb" -> TextConverter::imdb;
            case "fine-foods" -> TextConverter::fineFoods;
            case "spam-assassin" -> TextConverter::spamAssassin;
            case "glove-6b-100d" -> GloveConverter::convert;
            case "minilm-l6-v2-q" -> MiniLmConverter::convert;
            case "movielens" -> MovieLensConverter::convert;
            default -> throw new IllegalArgumentException("no conversion for " + AssetSpec.named(name).name());
        };
    }

    /**
     * Converts asset {@code name} from {@code source} (the unpacked package folder, the R export folder, or the jar)
     * into {@code dir}. With {@code checked}, a result whose checksums differ from the catalogue's writes nothing.
     */
    static void convert(Path dir, String name, Path source, boolean checked) throws IOException {
        AssetSpec spec = AssetSpec.named(name);
        Map<String, byte[]> out = source(name).convert(source);
        Map<String, DatasetFile> expected = new HashMap<>();
        if (checked) {
            AssetCatalog.load(dir).files(name).forEach(f -> expected.put(f.role(), f));
        }
        for (AssetSpec.FileSpec f : spec.files()) {
            byte[] bytes = out.get(f.role());
            if (bytes == null) {
                throw new IllegalStateException("conversion of " + name + " made no " + f.role());
            }
            if (checked && !matches(bytes, expected.get(f.role()))) {
                throw new IOException(name + ": the converted " + f.path() + " differs from "
                        + AssetCatalog.CATALOG_FILE + " (another package version?); nothing was written");
            }
        }
        for (AssetSpec.FileSpec f : spec.files()) {
            AtomicFile.write(dir.resolve(f.path()), out.get(f.role()));
        }
    }

    /** Whether converted bytes are the catalogue's file: its SHA-256, or for gzip the SHA-256 of the content. */
    private static boolean matches(byte[] bytes, DatasetFile expected) throws IOException {
        return expected != null && (DatasetFile.sha256(bytes).equals(expected.sha256())
                || expected.gzip() && DatasetFile.sha256(Gzip.gunzip(bytes)).equals(expected.contentSha256()));
    }
}
