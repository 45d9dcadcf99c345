package org.transferkit.recommend;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * MovieLens split into genre domains for cross-domain recommendation, immutable and seeded.
 *
 * <p>The <b>target</b> domain is the ratings of movies of the target genre; each <b>source</b> domain is the ratings
 * of movies of a source genre that are <i>not</i> of the target genre (so no rating is in both domains). The source
 * ratings are all given to training. In the target, a seeded share of the <b>cold</b> users (those with at least
 * {@code maxK + minHeldOut} target ratings and at least {@code minSourceRatings} in every source) become validation
 * users and test users; every other target user is <b>warm</b> and keeps all their target ratings in training. A cold
 * user's target ratings are shuffled (seeded): the first {@code maxK} are the ratings the user may show,
 * {@link #targetTrain(int)} gives training the first {@code k} of them, and the rest are held out (for
 * {@link #validation()} or {@link #test()}), never in training, whatever {@code k}. Training sets are nested: the
 * ratings at {@code k} are among those at {@code k + 1}.
 */
public final class CrossDomainSplit {

    /**
     * How a split is drawn: at most {@code maxK} visible target ratings per cold user, at least {@code minHeldOut}
     * held out, at least {@code minSourceRatings} in every source domain, and the shares of the eligible users that
     * become validation and test users.
     */
    public record Plan(int maxK, int minHeldOut, int minSourceRatings, double validationShare, double testShare) {

        /** Validates the plan. */
        public Plan {
            if (maxK < 0 || minHeldOut < 1 || minSourceRatings < 0) {
                throw new IllegalArgumentException("expected maxK >= 0, minHeldOut >= 1, minSourceRatings >= 0, got "
                        + maxK + ", " + minHeldOut + ", " + minSourceRatings);
            }
            if (!(validationShare >= 0) || !(testShare > 0) || validationShare + testShare > 1) {
                throw new IllegalArgumentException("expected shares with validation >= 0, test > 0 and their sum at most 1, got "
                        + validationShare + " and " + testShare);
            }
        }

        /** The kit's plan: up to 10 visible ratings, 5 or more held out, 5 or more per source, a quarter each for validation and test. */
        public static Plan standard() {
            return new Plan(10, 5, 5, 0.25, 0.25);
        }
    }

    private final String targetGenre;
    private final Map<String, List<Rating>> sources;
    private final Plan plan;
    private final long seed;
    private final List<Rating> warm;
    private final Map<Integer, List<Rating>> visible;
    private final List<Integer> validationUsers;
    private final List<Integer> testUsers;
    private final List<Rating> validation;
    private final List<Rating> test;
    private final int targetRatings;

    private CrossDomainSplit(String targetGenre, Map<String, List<Rating>> sources, Plan plan, long seed,
                             List<Rating> warm, Map<Integer, List<Rating>> visible, List<Integer> validationUsers,
                             List<Integer> testUsers, List<Rating> validation, List<Rating> test, int targetRatings) {
        this.targetGenre = targetGenre;
        this.sources = sources;
        this.plan = plan;
        this.seed = seed;
        this.warm = warm;
        this.visible = visible;
        this.validationUsers = validationUsers;
        this.testUsers = testUsers;
        this.validation = validation;
        this.test = test;
        this.targetRatings = targetRatings;
    }

    /**
     * The ratings of movies that have genre {@code genre} and not genre {@code excluded}: a source domain that shares
     * no movie with the target genre {@code excluded}.
     */
    public static List<Rating> domain(MovieLens movieLens, String genre, String excluded) {
        return movieLens.ratings().stream().filter(r -> {
            Movie m = movieLens.movie(r.movie());
            return m.hasGenre(genre) && !m.hasGenre(excluded);
        }).toList();
    }

    /**
     * Splits {@code movieLens} into the target genre and the source genres (see the class comment).
     *
     * @throws IllegalArgumentException when a genre is unknown, a source is the target, or no user is eligible
     */
    public static CrossDomainSplit of(MovieLens movieLens, String targetGenre, List<String> sourceGenres, Plan plan,
                                      long seed) {
        if (plan == null || sourceGenres == null || sourceGenres.isEmpty()) {
            throw new IllegalArgumentException("expected a plan and at least one source genre");
        }
        List<String> genres = movieLens.genres();
        for (String g : concat(targetGenre, sourceGenres)) {
            if (!genres.contains(g)) {
                throw new IllegalArgumentException("unknown genre '" + g + "'; MovieLens has " + genres);
            }
        }
        Map<String, List<Rating>> sources = new LinkedHashMap<>();
        for (String g : sourceGenres) {
            if (g.equals(targetGenre)) {
                throw new IllegalArgumentException("a source genre must differ from the target genre " + targetGenre);
            }
            sources.put(g, domain(movieLens, g, targetGenre));
        }
        List<Rating> target = movieLens.ratingsInGenre(targetGenre);
        Map<Integer, List<Rating>> byUser = new TreeMap<>();
        for (Rating r : target) {
            byUser.computeIfAbsent(r.user(), u -> new ArrayList<>()).add(r);
        }
        List<Map<Integer, Integer>> sourceCounts = new ArrayList<>();
        for (List<Rating> s : sources.values()) {
            Map<Integer, Integer> counts = new java.util.HashMap<>();
            s.forEach(r -> counts.merge(r.user(), 1, Integer::sum));
            sourceCounts.add(counts);
        }
        List<Integer> eligible = new ArrayList<>();
        for (Map.Entry<Integer, List<Rating>> e : byUser.entrySet()) {
            boolean enough = e.getValue().size() >= plan.maxK() + plan.minHeldOut();
            for (Map<Integer, Integer> counts : sourceCounts) {
                enough &= counts.getOrDefault(e.getKey(), 0) >= plan.minSourceRatings();
            }
            if (enough) {
                eligible.add(e.getKey());
            }
        }
        int nValidation = (int) Math.round(plan.validationShare() * eligible.size());
        int nTest = (int) Math.round(plan.testShare() * eligible.size());
        if (nTest < 1) {
            throw new IllegalArgumentException("no test user: " + eligible.size() + " users have " + plan.maxK()
                    + " + " + plan.minHeldOut() + " ratings of " + targetGenre + " and " + plan.minSourceRatings()
                    + " in every source");
        }
        Random random = new Random(seed);
        Collections.shuffle(eligible, random);
        List<Integer> validationUsers = List.copyOf(eligible.subList(0, nValidation).stream().sorted().toList());
        List<Integer> testUsers = List.copyOf(eligible.subList(nValidation, nValidation + nTest).stream().sorted().toList());
        Set<Integer> cold = Set.copyOf(eligible.subList(0, nValidation + nTest));
        List<Rating> warm = new ArrayList<>();
        Map<Integer, List<Rating>> visible = new TreeMap<>();
        List<Rating> validation = new ArrayList<>();
        List<Rating> test = new ArrayList<>();
        for (Map.Entry<Integer, List<Rating>> e : byUser.entrySet()) {   // users in ascending id: a fixed order of draws
            if (!cold.contains(e.getKey())) {
                warm.addAll(e.getValue());
                continue;
            }
            List<Rating> shuffled = new ArrayList<>(e.getValue());
            Collections.shuffle(shuffled, random);
            visible.put(e.getKey(), List.copyOf(shuffled.subList(0, plan.maxK())));
            List<Rating> held = shuffled.subList(plan.maxK(), shuffled.size());
            (validationUsers.contains(e.getKey()) ? validation : test).addAll(held);
        }
        return new CrossDomainSplit(targetGenre, Collections.unmodifiableMap(sources), plan, seed, List.copyOf(warm),
                Collections.unmodifiableMap(visible), validationUsers, testUsers, List.copyOf(validation),
                List.copyOf(test), target.size());
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all;
    }

    /**
     * The target's training ratings with {@code k} visible ratings per cold user: every warm user's target ratings,
     * then the first {@code k} visible ratings of each validation and test user (by ascending user id).
     *
     * @throws IllegalArgumentException when {@code k} is outside 0 to {@code maxK}
     */
    public List<Rating> targetTrain(int k) {
        if (k < 0 || k > plan.maxK()) {
            throw new IllegalArgumentException("k must be between 0 and " + plan.maxK() + ", got " + k);
        }
        List<Rating> train = new ArrayList<>(warm);
        for (List<Rating> v : visible.values()) {
            train.addAll(v.subList(0, k));
        }
        return Collections.unmodifiableList(train);
    }

    /** The source domain {@code genre} (its movies without the target genre), all in training. */
    public List<Rating> source(String genre) {
        List<Rating> s = sources.get(genre);
        if (s == null) {
            throw new IllegalArgumentException("no source genre '" + genre + "'; this split has " + sources.keySet());
        }
        return s;
    }

    /** The source genres, in the order given. */
    public List<String> sourceGenres() {
        return List.copyOf(sources.keySet());
    }

    /** The target genre. */
    public String targetGenre() {
        return targetGenre;
    }

    /** The held-out target ratings of the validation users, grouped by user, each user's in a random order. */
    public List<Rating> validation() {
        return validation;
    }

    /** The held-out target ratings of the test users, grouped by user, each user's in a random order. */
    public List<Rating> test() {
        return test;
    }

    /** The validation users, ascending. */
    public List<Integer> validationUsers() {
        return validationUsers;
    }

    /** The test users, ascending. */
    public List<Integer> testUsers() {
        return testUsers;
    }

    /** The warm users' target ratings (all in training). */
    public List<Rating> warm() {
        return warm;
    }

    /** Number of target ratings in all. */
    public int targetRatings() {
        return targetRatings;
    }

    /** The plan it was drawn with. */
    public Plan plan() {
        return plan;
    }

    /** The seed it was drawn with. */
    public long seed() {
        return seed;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "target %s: %,d ratings; %,d warm ratings in training, %d validation users (%,d held out), "
                        + "%d test users (%,d held out), up to %d visible ratings each",
                targetGenre, targetRatings, warm.size(), validationUsers.size(), validation.size(), testUsers.size(),
                test.size(), plan.maxK()));
        sources.forEach((g, s) -> sb.append(String.format(Locale.ROOT, "; source %s: %,d ratings", g, s.size())));
        return sb.toString();
    }
}
