package org.transferkit.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Few-shot sampling: a small labelled set with exactly k examples of every class, the rest as an unlabelled pool. */
public final class FewShot {

    private FewShot() {
    }

    /**
     * Picks {@code k} random examples of every class (seeded: same seed, same examples) as the labelled set; all other
     * examples form the pool. Both parts are shuffled.
     *
     * @throws IllegalArgumentException if {@code k < 1}, if some class has fewer than {@code k} examples (the message
     *                                  names the class, k and how many exist), or if nothing is left for the pool
     */
    public static FewShotSplit sample(ImageDataset data, int k, long seed) {
        if (k < 1) {
            throw new IllegalArgumentException("Expected k >= 1 examples per class, got " + k);
        }
        List<List<Integer>> byClass = data.indicesByClass();
        String[] names = data.classNames();
        for (int c = 0; c < byClass.size(); c++) {
            int available = byClass.get(c).size();
            if (available < k) {
                throw new IllegalArgumentException("k=" + k + " examples per class requested, but class " + c + " ('"
                        + names[c] + "') of " + data.name() + " has only " + available);
            }
        }
        Random rng = new Random(seed);
        List<Integer> labelled = new ArrayList<>();
        List<Integer> pool = new ArrayList<>();
        for (List<Integer> members : byClass) {
            int[] order = ImageDataset.permutation(members.size(), rng);
            for (int j = 0; j < order.length; j++) {
                (j < k ? labelled : pool).add(members.get(order[j]));
            }
        }
        if (pool.isEmpty()) {
            throw new IllegalArgumentException("k=" + k + " uses every example of " + data.name()
                    + "; expected some left over for the unlabelled pool");
        }
        return new FewShotSplit(
                data.shuffledSubset(labelled, rng).withName(data.name() + "[" + k + "-shot]"),
                data.shuffledSubset(pool, rng).withName(data.name() + "[pool]"));
    }
}
