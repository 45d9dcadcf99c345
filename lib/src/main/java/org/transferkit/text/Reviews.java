package org.transferkit.text;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.transferkit.assets.AssetCatalog;
import org.transferkit.assets.Tsv;
import org.transferkit.data.DatasetException;

/**
 * The review datasets, loaded from {@code datasets/applications/} after their checksums are checked (made at set-up
 * by {@code environment/prepare-applications.sh}; never downloaded at run time). Loaded datasets are cached.
 *
 * <ul>
 *   <li>{@link #imdb()}: 50,000 IMDB movie reviews, 25,000 negative (0) and 25,000 positive (1), in the package's
 *       order; split them with {@link TextDataset#split(int, long)}.</li>
 *   <li>{@link #fineFoodsTrain()} (4,000) and {@link #fineFoodsTest()} (1,000): Amazon fine-food reviews, label 1
 *       {@code great} (5 stars) or 0 {@code other}.</li>
 * </ul>
 */
public final class Reviews {

    private static final Map<String, TextDataset> CACHE = new ConcurrentHashMap<>();

    private Reviews() {
    }

    /** The 50,000 IMDB reviews (classes negative, positive). */
    public static TextDataset imdb() {
        return load("imdb", "reviews");
    }

    /** The 4,000 training reviews of the fine-food sample (classes other, great). */
    public static TextDataset fineFoodsTrain() {
        return load("fine-foods", "train");
    }

    /** The 1,000 test reviews of the fine-food sample (classes other, great). */
    public static TextDataset fineFoodsTest() {
        return load("fine-foods", "test");
    }

    private static TextDataset load(String asset, String role) {
        return CACHE.computeIfAbsent(asset + "/" + role, key -> {
            AssetCatalog catalog = AssetCatalog.load();
            return read(catalog.file(asset, role), asset, catalog.info(asset).classes());
        });
    }

    /**
     * Reads a review file ({@code label<TAB>text} per line after the header).
     *
     * @throws DatasetException when the file is unreadable or not in that format
     */
    public static TextDataset read(Path file, String name, List<String> classNames) {
        List<String[]> rows = Tsv.read(file, List.of("label", "text"));
        List<String> texts = new ArrayList<>(rows.size());
        int[] labels = new int[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            try {
                labels[i] = Integer.parseInt(rows.get(i)[0]);
            } catch (NumberFormatException e) {
                throw AssetCatalog.error(file, "not in the expected format (label '"
                        + rows.get(i)[0] + "' on line " + (i + 2) + ")", e);
            }
            if (labels[i] < 0 || labels[i] >= classNames.size()) {
                throw AssetCatalog.error(file, "not in the expected format (label "
                        + labels[i] + " on line " + (i + 2) + " is not one of " + classNames + ")");
            }
            texts.add(rows.get(i)[1]);
        }
        return new TextDataset(name, classNames, texts, labels);
    }
}
