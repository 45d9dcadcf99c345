package org.transferkit.recommend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.transferkit.recommend.CrossDomainSplit.Plan;

class CrossDomainSplitTest {

    private static final MovieLens ML = MovieLens.load();
    private static final Plan PLAN = Plan.standard();

    private static CrossDomainSplit split(long seed) {
        return CrossDomainSplit.of(ML, "Horror", List.of("Thriller", "Children"), PLAN, seed);
    }

    private static Set<String> pairs(List<Rating> ratings) {
        return ratings.stream().map(r -> r.user() + ":" + r.movie()).collect(Collectors.toSet());
    }

    @Test
    void heldOutRatingsNeverReachTraining() {
        CrossDomainSplit s = split(1);
        Set<String> train = pairs(s.targetTrain(PLAN.maxK()));
        for (String g : s.sourceGenres()) {
            train.addAll(pairs(s.source(g)));
            assertTrue(s.source(g).stream().noneMatch(r -> ML.movie(r.movie()).hasGenre("Horror")), g);
            assertTrue(s.source(g).stream().allMatch(r -> ML.movie(r.movie()).hasGenre(g)), g);
        }
        for (Rating r : s.validation()) {
            assertFalse(train.contains(r.user() + ":" + r.movie()), "validation rating in training: " + r);
        }
        for (Rating r : s.test()) {
            assertFalse(train.contains(r.user() + ":" + r.movie()), "test rating in training: " + r);
        }
        Set<Integer> both = new HashSet<>(s.validationUsers());
        both.retainAll(s.testUsers());
        assertTrue(both.isEmpty(), "a user is both a validation and a test user");
        assertTrue(s.test().stream().allMatch(r -> s.testUsers().contains(r.user())));
        assertTrue(s.validation().stream().allMatch(r -> s.validationUsers().contains(r.user())));
        assertTrue(s.warm().stream().noneMatch(r -> s.testUsers().contains(r.user()) || s.validationUsers().contains(r.user())));
    }

    @Test
    void countsAddUpAndTrainingSetsAreNested() {
        CrossDomainSplit s = split(2);
        List<Rating> horror = ML.ratingsInGenre("Horror");
        assertEquals(horror.size(), s.targetRatings());
        int cold = s.validationUsers().size() + s.testUsers().size();
        assertEquals(horror.size(), s.targetTrain(PLAN.maxK()).size() + s.validation().size() + s.test().size());
        assertEquals(s.warm().size(), s.targetTrain(0).size());
        for (int k = 0; k <= PLAN.maxK(); k++) {
            List<Rating> train = s.targetTrain(k);
            assertEquals(s.warm().size() + cold * k, train.size(), "k = " + k);
            Map<Integer, Long> perUser = train.stream().collect(Collectors.groupingBy(Rating::user, Collectors.counting()));
            for (int user : s.testUsers()) {
                assertEquals(k, perUser.getOrDefault(user, 0L).intValue(), "user " + user + " at k = " + k);
            }
            if (k > 0) {
                assertTrue(pairs(train).containsAll(pairs(s.targetTrain(k - 1))), "nested at k = " + k);
            }
        }
        Map<Integer, Long> held = s.test().stream().collect(Collectors.groupingBy(Rating::user, Collectors.counting()));
        assertEquals(s.testUsers().size(), held.size());
        assertTrue(held.values().stream().allMatch(n -> n >= PLAN.minHeldOut()));
        // the shares: a quarter of the eligible users each, and every one rated enough in each source
        assertTrue(Math.abs(s.validationUsers().size() - s.testUsers().size()) <= 1);
        for (int user : s.testUsers()) {
            for (String g : s.sourceGenres()) {
                assertTrue(s.source(g).stream().filter(r -> r.user() == user).count() >= PLAN.minSourceRatings());
            }
        }
        assertThrows(IllegalArgumentException.class, () -> s.targetTrain(PLAN.maxK() + 1));
        assertThrows(IllegalArgumentException.class, () -> s.targetTrain(-1));
        assertThrows(UnsupportedOperationException.class, () -> s.test().clear());
    }

    @Test
    void sameSeedSameSplit() {
        CrossDomainSplit a = split(3);
        CrossDomainSplit b = split(3);
        CrossDomainSplit c = split(4);
        assertEquals(a.test(), b.test());
        assertEquals(a.validation(), b.validation());
        assertEquals(a.targetTrain(2), b.targetTrain(2));
        assertNotEquals(a.testUsers(), c.testUsers());
        assertEquals(a.toString(), b.toString());
    }

    @Test
    void namesBadGenres() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CrossDomainSplit.of(ML, "Horor", List.of("Drama"), PLAN, 1));
        assertTrue(e.getMessage().contains("Horor") && e.getMessage().contains("Horror"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CrossDomainSplit.of(ML, "Horror", List.of("Horror"), PLAN, 1));
        assertThrows(IllegalArgumentException.class, () -> new Plan(10, 0, 5, 0.25, 0.25));
        assertThrows(IllegalArgumentException.class, () -> new Plan(10, 5, 5, 0.6, 0.6));
    }
}
