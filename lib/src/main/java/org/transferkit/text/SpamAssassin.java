package org.transferkit.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.transferkit.assets.AssetCatalog;

/**
 * The SpamAssassin public mail corpus (2002-2003), labelled ham (0) or spam (1), from
 * {@code datasets/applications/spam-assassin/}, made at set-up. Each message is its subject and body (other headers
 * dropped). The collections numbered 1 are older than those numbered 2, which makes a drift pair: train on
 * {@link #earlier()}, test on {@link #later()}.
 */
public final class SpamAssassin {

    /** The collections, with their message counts: 2,500, 1,400, 250, 500, 1,396. */
    public static final List<String> COLLECTIONS = List.of("easy-ham-1", "easy-ham-2", "hard-ham-1", "spam-1", "spam-2");

    private static final Map<String, TextDataset> CACHE = new ConcurrentHashMap<>();

    private SpamAssassin() {
    }

    /**
     * One collection (all ham or all spam), in the package's order.
     *
     * @throws IllegalArgumentException for a name not in {@link #COLLECTIONS}
     */
    public static TextDataset collection(String name) {
        if (!COLLECTIONS.contains(name)) {
            throw new IllegalArgumentException("no collection '" + name + "'; known: " + COLLECTIONS);
        }
        return CACHE.computeIfAbsent(name, n -> {
            AssetCatalog catalog = AssetCatalog.load();
            return Reviews.read(catalog.file("spam-assassin", n), "spam-assassin/" + n,
                    catalog.info("spam-assassin").classes());
        });
    }

    /** The earlier mail: easy-ham-1 and spam-1 (3,000 messages, in that order). */
    public static TextDataset earlier() {
        return concat("spam-assassin earlier", collection("easy-ham-1"), collection("spam-1"));
    }

    /** The later mail: easy-ham-2 and spam-2 (2,796 messages, in that order). */
    public static TextDataset later() {
        return concat("spam-assassin later", collection("easy-ham-2"), collection("spam-2"));
    }

    private static TextDataset concat(String name, TextDataset a, TextDataset b) {
        List<String> texts = new ArrayList<>(a.texts());
        texts.addAll(b.texts());
        int[] labels = new int[a.size() + b.size()];
        System.arraycopy(a.labels(), 0, labels, 0, a.size());
        System.arraycopy(b.labels(), 0, labels, a.size(), b.size());
        return new TextDataset(name, a.classNames(), texts, labels);
    }
}
