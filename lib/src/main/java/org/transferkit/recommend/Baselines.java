package org.transferkit.recommend;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The baselines a recommender must beat, fitted on training ratings: the global mean (one number for everyone), the
 * damped movie mean (a movie's average, shrunk towards the global mean when it has few ratings) and popularity (a
 * movie's number of ratings: a ranking score, not a rating).
 */
public final class Baselines {

    private Baselines() {
    }

    /** Predicts the mean of the training ratings for every pair. */
    public static Scorer globalMean(List<Rating> train) {
        double mu = mean(train);
        return (user, movie) -> mu;
    }

    /**
     * Predicts {@code mu + sum_u (r_ui - mu) / (n_i + damping)} for a movie with {@code n_i} training ratings
     * ({@code mu}, the global mean, for a movie never rated): its mean, pulled towards {@code mu} as if it had
     * {@code damping} more ratings at {@code mu}.
     */
    public static Scorer movieMean(List<Rating> train, double damping) {
        if (!(damping >= 0)) {
            throw new IllegalArgumentException("damping must be at least 0, got " + damping);
        }
        double mu = mean(train);
        Map<Integer, double[]> sums = new HashMap<>();
        for (Rating r : train) {
            double[] s = sums.computeIfAbsent(r.movie(), m -> new double[2]);
            s[0] += r.stars() - mu;
            s[1]++;
        }
        Map<Integer, Double> means = new HashMap<>();
        sums.forEach((movie, s) -> means.put(movie, mu + s[0] / (s[1] + damping)));
        return (user, movie) -> means.getOrDefault(movie, mu);
    }

    /** Scores a movie by its number of training ratings (0 when never rated): for ranking only. */
    public static Scorer popularity(List<Rating> train) {
        Map<Integer, Integer> counts = new HashMap<>();
        for (Rating r : train) {
            counts.merge(r.movie(), 1, Integer::sum);
        }
        return (user, movie) -> counts.getOrDefault(movie, 0);
    }

    private static double mean(List<Rating> train) {
        if (train == null || train.isEmpty()) {
            throw new IllegalArgumentException("expected at least one training rating");
        }
        double s = 0;
        for (Rating r : train) {
            s += r.stars();
        }
        return s / train.size();
    }
}
