package org.transferkit.recommend;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Accuracy of a recommender on held-out ratings: the root mean squared error of its predicted ratings, and the
 * normalised discounted cumulative gain of the ranking it gives each user's held-out movies (NDCG@k).
 */
public final class Metrics {

    /** The rating scale: predictions are clipped to [{@value #MIN_STARS}, {@value #MAX_STARS}] before the RMSE. */
    public static final double MIN_STARS = 0.5;
    /** See {@link #MIN_STARS}. */
    public static final double MAX_STARS = 5.0;

    private Metrics() {
    }

    /** {@code sqrt(mean((predicted - actual)^2))}. */
    public static double rmse(double[] predicted, double[] actual) {
        if (predicted.length != actual.length || predicted.length == 0) {
            throw new IllegalArgumentException("expected two arrays of the same positive length, got "
                    + predicted.length + " and " + actual.length);
        }
        double s = 0;
        for (int n = 0; n < predicted.length; n++) {
            double e = predicted[n] - actual[n];
            s += e * e;
        }
        return Math.sqrt(s / predicted.length);
    }

    /** The RMSE of {@code model}'s predictions, clipped to the rating scale, on {@code heldOut}. */
    public static double rmse(Scorer model, List<Rating> heldOut) {
        double[] predicted = new double[heldOut.size()];
        double[] actual = new double[heldOut.size()];
        for (int n = 0; n < predicted.length; n++) {
            Rating r = heldOut.get(n);
            predicted[n] = Math.min(MAX_STARS, Math.max(MIN_STARS, model.predict(r.user(), r.movie())));
            actual[n] = r.stars();
        }
        return rmse(predicted, actual);
    }

    /**
     * NDCG@{@code at} of one ranked list: the items sorted by {@code scores}, highest first (equal scores keep their
     * order in the arrays), give {@code DCG = sum over the first at positions j = 1, 2, ... of gain / log2(j + 1)};
     * NDCG divides it by the DCG of the best order (gains sorted, highest first). Gains must be at least 0; when all
     * are 0 every order is best and the result is 1.
     */
    public static double ndcg(double[] scores, double[] gains, int at) {
        if (scores.length != gains.length || scores.length == 0) {
            throw new IllegalArgumentException("expected scores and gains of the same positive length, got "
                    + scores.length + " and " + gains.length);
        }
        if (at < 1) {
            throw new IllegalArgumentException("at must be at least 1, got " + at);
        }
        Integer[] order = new Integer[scores.length];
        for (int j = 0; j < order.length; j++) {
            if (!(gains[j] >= 0)) {
                throw new IllegalArgumentException("gains must be at least 0, got " + gains[j]);
            }
            order[j] = j;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));   // stable: ties keep their order
        double[] ideal = gains.clone();
        Arrays.sort(ideal);
        double dcg = 0;
        double best = 0;
        for (int j = 0; j < Math.min(at, order.length); j++) {
            double discount = Math.log(j + 2) / Math.log(2);
            dcg += gains[order[j]] / discount;
            best += ideal[ideal.length - 1 - j] / discount;
        }
        return best == 0 ? 1.0 : dcg / best;
    }

    /**
     * The mean over users of NDCG@{@code at} of {@code model}'s ranking of each user's held-out movies, the gain of a
     * movie being its held-out rating: how well the model orders the movies a user has seen. Users are taken in
     * order of first appearance, and each user's movies in their order in {@code heldOut} (which breaks ties).
     */
    public static double ndcg(Scorer model, List<Rating> heldOut, int at) {
        if (heldOut.isEmpty()) {
            throw new IllegalArgumentException("expected at least one held-out rating");
        }
        Map<Integer, List<Rating>> byUser = new LinkedHashMap<>();
        for (Rating r : heldOut) {
            byUser.computeIfAbsent(r.user(), u -> new ArrayList<>()).add(r);
        }
        double total = 0;
        for (List<Rating> list : byUser.values()) {
            double[] scores = new double[list.size()];
            double[] gains = new double[list.size()];
            for (int j = 0; j < scores.length; j++) {
                scores[j] = model.predict(list.get(j).user(), list.get(j).movie());
                gains[j] = list.get(j).stars();
            }
            total += ndcg(scores, gains, at);
        }
        return total / byUser.size();
    }
}
