package org.transferkit.multitask;

import java.util.List;

import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Five binary attributes of Fashion-MNIST items, for the multi-label versus multi-task notebook: upper body, long
 * sleeves, footwear, cold weather, warm weather. They follow from the item (a coat is upper body, long-sleeved and for
 * cold weather), so an image has a set of 0 to 3 attributes: trousers and bags have none.
 */
public final class FashionAttributes {

    private static final List<String> NAMES = List.of("upper body", "long sleeves", "footwear", "cold weather",
            "warm weather");
    /** Per item class 0..9 (T-shirt, trouser, pullover, dress, coat, sandal, shirt, sneaker, bag, ankle boot). */
    private static final boolean[][] OF_ITEM = {
        {true, false, false, false, true},   // T-shirt/top
        {false, false, false, false, false}, // trouser
        {true, true, false, true, false},    // pullover
        {true, false, false, false, true},   // dress
        {true, true, false, true, false},    // coat
        {false, false, true, false, true},   // sandal
        {true, true, false, false, false},   // shirt
        {false, false, true, false, false},  // sneaker
        {false, false, false, false, false}, // bag
        {false, false, true, true, false},   // ankle boot
    };

    private FashionAttributes() {
    }

    /** The attribute names, in column order. */
    public static List<String> names() {
        return NAMES;
    }

    /** The attribute sets of item classes: {@code [n][5]}. */
    public static boolean[][] of(int[] items) {
        if (items == null || items.length == 0) {
            throw new IllegalArgumentException("expected at least one item class");
        }
        boolean[][] out = new boolean[items.length][];
        for (int i = 0; i < items.length; i++) {
            if (items[i] < 0 || items[i] >= OF_ITEM.length) {
                throw new IllegalArgumentException("expected Fashion-MNIST item classes in [0, 9], got " + items[i]);
            }
            out[i] = OF_ITEM[items[i]].clone();
        }
        return out;
    }

    /** Copies of the attribute sets in which attribute {@code a} is false wherever {@code known[i]} is false. */
    public static boolean[][] unknownAsAbsent(boolean[][] attributes, int a, boolean[] known) {
        if (attributes == null || known == null || known.length != attributes.length) {
            throw new IllegalArgumentException("expected one known flag per attribute row");
        }
        if (a < 0 || a >= NAMES.size()) {
            throw new IllegalArgumentException("expected an attribute index in [0, " + NAMES.size() + "), got " + a);
        }
        boolean[][] out = new boolean[attributes.length][];
        for (int i = 0; i < out.length; i++) {
            out[i] = attributes[i].clone();
            if (!known[i]) {
                out[i][a] = false;
            }
        }
        return out;
    }

    /** The attribute table: one row per item, "x" where the item has the attribute, and its label set. */
    public static Table table(String[] itemNames) {
        if (itemNames == null || itemNames.length != OF_ITEM.length) {
            throw new IllegalArgumentException("expected 10 item names");
        }
        Table t = Table.create("Attributes of Fashion-MNIST items", StringColumn.create("item"));
        for (String n : NAMES) {
            t.addColumns(StringColumn.create(n));
        }
        StringColumn set = StringColumn.create("label set");
        for (int c = 0; c < OF_ITEM.length; c++) {
            t.stringColumn("item").append(itemNames[c]);
            StringBuilder sb = new StringBuilder("{");
            for (int a = 0; a < NAMES.size(); a++) {
                t.stringColumn(NAMES.get(a)).append(OF_ITEM[c][a] ? "x" : "");
                if (OF_ITEM[c][a]) {
                    sb.append(sb.length() > 1 ? ", " : "").append(NAMES.get(a));
                }
            }
            set.append(sb.append('}').toString());
        }
        t.addColumns(set);
        return t;
    }
}
