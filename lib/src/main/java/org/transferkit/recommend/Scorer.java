package org.transferkit.recommend;

/**
 * Something that scores a (user, movie) pair: a rating prediction (a {@link MatrixFactorization}, a mean from
 * {@link Baselines}) or only a ranking score ({@link Baselines#popularity}). {@link Metrics} evaluates scorers on
 * held-out ratings.
 */
@FunctionalInterface
public interface Scorer {

    /** The score of movie {@code movie} for user {@code user}: for a rating model, the predicted stars (unclipped). */
    double predict(int user, int movie);
}
