package org.transferkit.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * An immutable set of labelled texts (for example reviews labelled negative/positive), with seeded sampling and
 * splitting. Label {@code i} is class {@code classNames().get(i)}.
 */
public final class TextDataset {

    /** Two disjoint parts of a dataset. */
    public record Split(TextDataset first, TextDataset second) {
    }

    private final String name;
    private final List<String> classNames;
    private final List<String> texts;
    private final int[] labels;

    /**
     * Creates a dataset; {@code texts} and {@code labels} are copied.
     *
     * @throws IllegalArgumentException when the sizes differ or a label is not a class index
     */
    public TextDataset(String name, List<String> classNames, List<String> texts, int[] labels) {
        if (texts.size() != labels.length) {
            throw new IllegalArgumentException(texts.size() + " texts but " + labels.length + " labels");
        }
        for (int label : labels) {
            if (label < 0 || label >= classNames.size()) {
                throw new IllegalArgumentException("label " + label + " is not a class index (classes " + classNames + ")");
            }
        }
        this.name = name;
        this.classNames = List.copyOf(classNames);
        this.texts = List.copyOf(texts);
        this.labels = labels.clone();
    }

    /** The dataset's name, e.g. {@code imdb}. */
    public String name() {
        return name;
    }

    /** Class names; label {@code i} names class {@code i}. */
    public List<String> classNames() {
        return classNames;
    }

    /** Number of texts. */
    public int size() {
        return texts.size();
    }

    /** Text {@code i}. */
    public String text(int i) {
        return texts.get(i);
    }

    /** Label of text {@code i}. */
    public int label(int i) {
        return labels[i];
    }

    /** All texts, in order (unmodifiable). */
    public List<String> texts() {
        return texts;
    }

    /** All labels, in order (a copy). */
    public int[] labels() {
        return labels.clone();
    }

    /** Number of texts per class. */
    public int[] classCounts() {
        int[] counts = new int[classNames.size()];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    /** The texts at {@code indices}, in that order. */
    public TextDataset select(int[] indices) {
        List<String> t = new ArrayList<>(indices.length);
        int[] l = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            t.add(texts.get(indices[i]));
            l[i] = labels[indices[i]];
        }
        return new TextDataset(name, classNames, t, l);
    }

    /**
     * A seeded random split: {@code firstSize} texts in the first part, the rest in the second, each part in shuffled
     * order. The same seed gives the same split.
     */
    public Split split(int firstSize, long seed) {
        if (firstSize < 0 || firstSize > size()) {
            throw new IllegalArgumentException("firstSize " + firstSize + " is not in 0.." + size());
        }
        int[] order = permutation(size(), seed);
        return new Split(select(Arrays.copyOfRange(order, 0, firstSize)),
                select(Arrays.copyOfRange(order, firstSize, size())));
    }

    /**
     * A seeded sample of {@code perClass} texts of every class (shuffled); fails when a class has fewer.
     */
    public TextDataset sample(int perClass, long seed) {
        return select(sampleIndices(perClass, seed));
    }

    /** The indices of the texts {@link #sample(int, long)} picks with the same arguments, in its order. */
    public int[] sampleIndices(int perClass, long seed) {
        int[] order = permutation(size(), seed);
        int[] taken = new int[classNames.size()];
        int[] chosen = new int[perClass * classNames.size()];
        int n = 0;
        for (int i : order) {
            if (taken[labels[i]] < perClass) {
                taken[labels[i]]++;
                chosen[n++] = i;
            }
        }
        if (n < chosen.length) {
            throw new IllegalArgumentException(name + " has fewer than " + perClass + " texts of some class: "
                    + Arrays.toString(classCounts()));
        }
        return chosen;
    }

    private static int[] permutation(int n, long seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Random random = new Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    @Override
    public String toString() {
        return "TextDataset[" + name + ", " + size() + " texts, classes " + classNames + " " + Arrays.toString(classCounts()) + "]";
    }
}
