package org.transferkit.recommend;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A biased matrix factorisation of ratings, immutable once fitted:
 * <pre>
 *   r_ui ~ mu + b_u + b_i + p_u . q_i
 * </pre>
 * with the global mean {@code mu} of the training ratings, a bias per user and per movie, and {@code F} factors per
 * user ({@code p_u}, the user's tastes) and per movie ({@code q_i}). {@link #fit(List, Config, long)} minimises the
 * squared error plus an L2 penalty, counted once per rating,
 * <pre>
 *   sum over training ratings of 1/2 (r_ui - r^_ui)^2 + l2/2 (b_u^2 + b_i^2 + |p_u|^2 + |q_i|^2),
 * </pre>
 * by plain stochastic gradient descent (Funk's SGD): each epoch visits the ratings in a new random order and, for
 * each, moves the four parameters of its term against their gradient. With {@code F = 0} it is the biases-only
 * baseline {@code mu + b_u + b_i}.
 *
 * <p><b>Transfer.</b> {@link #fit(List, Config, long, MatrixFactorization, UserFactors)} starts every user the source
 * model knows at the source's bias and factors, and pulls them towards those values instead of towards zero
 * ({@code l2/2 ((b_u - b_u^S)^2 + |p_u - p_u^S|^2)}); {@link UserFactors#FROZEN} keeps the source's factors fixed
 * and learns only the movies (and the user biases), {@link UserFactors#FINE_TUNED} trains them too. A user with no
 * training rating keeps the source's values, so the model can recommend target movies to a user it has never seen
 * rate one.
 *
 * <p><b>Deterministic.</b> Everything random comes from one {@code new Random(seed)}: first the factors, user rows
 * then movie rows, each row's {@code F} values {@code initScale * nextGaussian()} (users and movies in order of first
 * appearance in the ratings, a source's users first); then, each epoch, a Fisher-Yates shuffle of the previous
 * epoch's visiting order. Biases start at 0 (a source user's at the source's bias).
 */
public final class MatrixFactorization implements Scorer {

    /**
     * The settings of a fit: {@code factors} per user and movie (0: biases only), the L2 penalty {@code l2}, the SGD
     * {@code learningRate}, the number of {@code epochs} (passes over the ratings) and the standard deviation
     * {@code initScale} of the initial factors.
     */
    public record Config(int factors, double l2, double learningRate, int epochs, double initScale) {

        /** Validates the settings. */
        public Config {
            if (factors < 0) {
                throw new IllegalArgumentException("factors must be at least 0, got " + factors);
            }
            if (!(l2 >= 0) || Double.isInfinite(l2)) {
                throw new IllegalArgumentException("l2 must be a finite value at least 0, got " + l2);
            }
            if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
                throw new IllegalArgumentException("learningRate must be a finite value above 0, got " + learningRate);
            }
            if (epochs < 0) {
                throw new IllegalArgumentException("epochs must be at least 0, got " + epochs);
            }
            if (!(initScale >= 0) || Double.isInfinite(initScale)) {
                throw new IllegalArgumentException("initScale must be a finite value at least 0, got " + initScale);
            }
        }

        /** {@code factors} and {@code l2} with the kit's defaults: learning rate 0.01, 40 epochs, initial scale 0.1. */
        public static Config of(int factors, double l2) {
            return new Config(factors, l2, 0.01, 40, 0.1);
        }

        /** The same settings with another L2 penalty. */
        public Config withL2(double value) {
            return new Config(factors, value, learningRate, epochs, initScale);
        }

        /** The same settings with another number of factors. */
        public Config withFactors(int value) {
            return new Config(value, l2, learningRate, epochs, initScale);
        }

        /** The same settings with another number of epochs. */
        public Config withEpochs(int value) {
            return new Config(factors, l2, learningRate, value, initScale);
        }

        /** The same settings with another learning rate. */
        public Config withLearningRate(double value) {
            return new Config(factors, l2, value, epochs, initScale);
        }
    }

    /** How a transferred model treats the factors of the users the source knows. */
    public enum UserFactors {
        /** The source's factors, kept fixed: only the movies' factors, the biases (users' towards the source's) learn. */
        FROZEN,
        /** The source's factors as the start, trained on the target with the L2 penalty pulling them towards the source's. */
        FINE_TUNED
    }

    private final Config config;
    private final Map<Integer, Integer> userRow;
    private final Map<Integer, Integer> movieRow;
    private final MfParameters params;

    private MatrixFactorization(Config config, Map<Integer, Integer> userRow, Map<Integer, Integer> movieRow,
                                MfParameters params) {
        this.config = config;
        this.userRow = userRow;
        this.movieRow = movieRow;
        this.params = params;
    }

    /**
     * Fits the model to {@code ratings} from random factors (see the class comment for the objective and the order of
     * the random draws).
     *
     * @throws IllegalArgumentException when there are no ratings
     */
    public static MatrixFactorization fit(List<Rating> ratings, Config config, long seed) {
        return fit(ratings, config, seed, null, UserFactors.FINE_TUNED);
    }

    /**
     * Fits the model to {@code ratings} (the target domain), starting the users that {@code source} knows at its bias
     * and factors and pulling them towards those values; {@code mode} freezes their factors or fine-tunes them.
     * Users the source does not know start as in {@link #fit(List, Config, long)}. With {@code source} null this is
     * {@link #fit(List, Config, long)}.
     *
     * @throws IllegalArgumentException when there are no ratings, or the source has another number of factors
     */
    public static MatrixFactorization fit(List<Rating> ratings, Config config, long seed, MatrixFactorization source,
                                          UserFactors mode) {
        if (ratings == null || ratings.isEmpty()) {
            throw new IllegalArgumentException("expected at least one rating to fit");
        }
        if (config == null || mode == null) {
            throw new IllegalArgumentException("config and mode must not be null");
        }
        if (source != null && source.config.factors() != config.factors()) {
            throw new IllegalArgumentException("the source has " + source.config.factors() + " factors, the config "
                    + config.factors() + "; transfer needs the same number");
        }
        Map<Integer, Integer> users = new LinkedHashMap<>();
        if (source != null) {
            users.putAll(source.userRow);
        }
        Map<Integer, Integer> movies = new LinkedHashMap<>();
        int n = ratings.size();
        int[] u = new int[n];
        int[] i = new int[n];
        double[] r = new double[n];
        double sum = 0;
        for (int k = 0; k < n; k++) {
            Rating rating = ratings.get(k);
            u[k] = users.computeIfAbsent(rating.user(), id -> users.size());
            i[k] = movies.computeIfAbsent(rating.movie(), id -> movies.size());
            r[k] = rating.stars();
            sum += r[k];
        }
        int factors = config.factors();
        Random random = new Random(seed);
        double[][] p = gaussian(users.size(), factors, config.initScale(), random);
        double[][] q = gaussian(movies.size(), factors, config.initScale(), random);
        double[] bu = new double[users.size()];
        double[] bu0 = new double[users.size()];
        double[][] p0 = new double[users.size()][factors];
        boolean[] frozen = new boolean[users.size()];
        if (source != null) {
            for (int row = 0; row < source.userRow.size(); row++) {   // the source's users keep their rows
                p[row] = source.params.p[row].clone();
                p0[row] = source.params.p[row].clone();
                bu[row] = source.params.bu[row];
                bu0[row] = source.params.bu[row];
                frozen[row] = mode == UserFactors.FROZEN;
            }
        }
        MfParameters params = new MfParameters(sum / n, bu, new double[movies.size()], p, q, bu0, p0, frozen);
        int[] order = new int[n];
        for (int k = 0; k < n; k++) {
            order[k] = k;
        }
        for (int epoch = 0; epoch < config.epochs(); epoch++) {
            shuffle(order, random);
            for (int k : order) {
                params.step(u[k], i[k], r[k], config.learningRate(), config.l2());
            }
        }
        return new MatrixFactorization(config, java.util.Collections.unmodifiableMap(users),
                java.util.Collections.unmodifiableMap(movies), params);
    }

    private static double[][] gaussian(int rows, int columns, double scale, Random random) {
        double[][] a = new double[rows][columns];
        for (double[] row : a) {
            for (int c = 0; c < columns; c++) {
                row[c] = scale * random.nextGaussian();
            }
        }
        return a;
    }

    /** Fisher-Yates shuffle of {@code order} in place, the kit's order of draws: {@code j} from the end down to 1. */
    static void shuffle(int[] order, Random random) {
        for (int j = order.length - 1; j > 0; j--) {
            int k = random.nextInt(j + 1);
            int t = order[j];
            order[j] = order[k];
            order[k] = t;
        }
    }

    /**
     * The predicted rating {@code mu + b_u + b_i + p_u . q_i}, not clipped to the rating scale; an unknown user or
     * movie contributes nothing (a movie never rated in training gets {@code mu + b_u}).
     */
    @Override
    public double predict(int user, int movie) {
        Integer u = userRow.get(user);
        Integer i = movieRow.get(movie);
        if (u != null && i != null) {
            return params.estimate(u, i);
        }
        return params.mu + (u == null ? 0 : params.bu[u]) + (i == null ? 0 : params.bi[i]);
    }

    /** The settings it was fitted with. */
    public Config config() {
        return config;
    }

    /** The global mean {@code mu} of the training ratings. */
    public double mean() {
        return params.mu;
    }

    /** Whether the model has a row for {@code user} (rated in training, or known to the source). */
    public boolean hasUser(int user) {
        return userRow.containsKey(user);
    }

    /** Whether {@code movie} was rated in training. */
    public boolean hasMovie(int movie) {
        return movieRow.containsKey(movie);
    }

    /** Number of user rows. */
    public int userCount() {
        return userRow.size();
    }

    /** Number of movie rows. */
    public int movieCount() {
        return movieRow.size();
    }

    /** The user's bias {@code b_u} (0 for an unknown user). */
    public double userBias(int user) {
        Integer u = userRow.get(user);
        return u == null ? 0 : params.bu[u];
    }

    /** The movie's bias {@code b_i} (0 for an unknown movie). */
    public double movieBias(int movie) {
        Integer i = movieRow.get(movie);
        return i == null ? 0 : params.bi[i];
    }

    /** A copy of the user's factors {@code p_u} (zeros for an unknown user). */
    public double[] userFactors(int user) {
        Integer u = userRow.get(user);
        return u == null ? new double[config.factors()] : params.p[u].clone();
    }

    /** A copy of the movie's factors {@code q_i} (zeros for an unknown movie). */
    public double[] movieFactors(int movie) {
        Integer i = movieRow.get(movie);
        return i == null ? new double[config.factors()] : params.q[i].clone();
    }

    /**
     * The training objective (see the class comment) of this model on {@code ratings}, whose users and movies it must
     * know: for a transferred model the user penalty is towards the source's values.
     *
     * @throws IllegalArgumentException when a user or movie is unknown
     */
    public double loss(List<Rating> ratings) {
        int n = ratings.size();
        int[] u = new int[n];
        int[] i = new int[n];
        double[] r = new double[n];
        for (int k = 0; k < n; k++) {
            Rating rating = ratings.get(k);
            Integer row = userRow.get(rating.user());
            Integer col = movieRow.get(rating.movie());
            if (row == null || col == null) {
                throw new IllegalArgumentException("the model does not know " + rating);
            }
            u[k] = row;
            i[k] = col;
            r[k] = rating.stars();
        }
        return params.loss(u, i, r, config.l2());
    }

    /** The parameters (a copy), for the tests. */
    MfParameters parameters() {
        return params.copy();
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "MatrixFactorization[%d users, %d movies, %d factors, l2 %s, mu %.4f]",
                userRow.size(), movieRow.size(), config.factors(), config.l2(), params.mu);
    }
}
