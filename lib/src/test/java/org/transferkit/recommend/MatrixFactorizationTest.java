package org.transferkit.recommend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.transferkit.recommend.MatrixFactorization.Config;
import org.transferkit.recommend.MatrixFactorization.UserFactors;

class MatrixFactorizationTest {

    /** Random parameters: 4 users, 5 movies, 3 factors; users 0 and 1 anchored away from 0, user 2 frozen. */
    private static MfParameters randomParameters(long seed) {
        Random r = new Random(seed);
        double[][] p = new double[4][3];
        double[][] q = new double[5][3];
        double[][] p0 = new double[4][3];
        double[] bu = new double[4];
        double[] bi = new double[5];
        double[] bu0 = new double[4];
        for (int u = 0; u < 4; u++) {
            bu[u] = r.nextGaussian();
            bu0[u] = u < 2 ? r.nextGaussian() : 0;
            for (int f = 0; f < 3; f++) {
                p[u][f] = r.nextGaussian();
                p0[u][f] = u < 2 ? r.nextGaussian() : 0;
            }
        }
        for (int i = 0; i < 5; i++) {
            bi[i] = r.nextGaussian();
            for (int f = 0; f < 3; f++) {
                q[i][f] = r.nextGaussian();
            }
        }
        return new MfParameters(3.5, bu, bi, p, q, bu0, p0, new boolean[] {false, false, true, false});
    }

    private static final int[] USERS = {0, 1, 2, 3, 0, 1, 2, 3, 0, 2, 1};
    private static final int[] ITEMS = {0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 4};
    private static final double[] STARS = {4, 3.5, 5, 1, 2.5, 4, 0.5, 3, 4.5, 2, 3};
    private static final double L2 = 0.3;

    /** Central finite difference of the loss in one coordinate, against the analytic gradient. */
    private static void checkCoordinate(MfParameters w, double[] values, int index, double analytic, String what) {
        double h = 1e-5;
        double old = values[index];
        values[index] = old + h;
        double plus = w.loss(USERS, ITEMS, STARS, L2);
        values[index] = old - h;
        double minus = w.loss(USERS, ITEMS, STARS, L2);
        values[index] = old;
        double numeric = (plus - minus) / (2 * h);
        assertEquals(numeric, analytic, 1e-6 * Math.max(1, Math.abs(numeric)), what);
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        MfParameters w = randomParameters(1);
        MfParameters g = w.gradient(USERS, ITEMS, STARS, L2);
        for (int u = 0; u < 4; u++) {
            checkCoordinate(w, w.bu, u, g.bu[u], "b_u of user " + u);
            for (int f = 0; f < 3; f++) {
                checkCoordinate(w, w.p[u], f, g.p[u][f], "p_u[" + f + "] of user " + u);
            }
        }
        for (int i = 0; i < 5; i++) {
            checkCoordinate(w, w.bi, i, g.bi[i], "b_i of movie " + i);
            for (int f = 0; f < 3; f++) {
                checkCoordinate(w, w.q[i], f, g.q[i][f], "q_i[" + f + "] of movie " + i);
            }
        }
        assertTrue(Math.abs(g.p[0][0]) > 1e-3, "a non-trivial gradient");
    }

    @Test
    void oneSgdStepIsAGradientStepOnThatRatingsTerm() {
        double lr = 0.05;
        for (int n = 0; n < USERS.length; n++) {
            MfParameters before = randomParameters(2);
            MfParameters after = before.copy();
            after.step(USERS[n], ITEMS[n], STARS[n], lr, L2);
            MfParameters g = before.gradient(new int[] {USERS[n]}, new int[] {ITEMS[n]}, new double[] {STARS[n]}, L2);
            for (int u = 0; u < 4; u++) {
                assertEquals(before.bu[u] - lr * g.bu[u], after.bu[u], 1e-12);
                for (int f = 0; f < 3; f++) {
                    double expected = before.frozen[u] ? before.p[u][f] : before.p[u][f] - lr * g.p[u][f];
                    assertEquals(expected, after.p[u][f], 1e-12, "user " + u + (before.frozen[u] ? " (frozen)" : ""));
                }
            }
            for (int i = 0; i < 5; i++) {
                assertEquals(before.bi[i] - lr * g.bi[i], after.bi[i], 1e-12);
                for (int f = 0; f < 3; f++) {
                    assertEquals(before.q[i][f] - lr * g.q[i][f], after.q[i][f], 1e-12);
                }
            }
        }
    }

    /** Ratings of a rank-2 model plus biases, 40 users x 30 movies, about half observed. */
    private static List<Rating> lowRank(long seed) {
        Random r = new Random(seed);
        double[][] p = new double[40][2];
        double[][] q = new double[30][2];
        for (double[] row : p) {
            row[0] = r.nextGaussian();
            row[1] = r.nextGaussian();
        }
        for (double[] row : q) {
            row[0] = 0.6 * r.nextGaussian();
            row[1] = 0.6 * r.nextGaussian();
        }
        List<Rating> ratings = new ArrayList<>();
        for (int u = 0; u < 40; u++) {
            for (int i = 0; i < 30; i++) {
                if (r.nextDouble() < 0.5) {
                    double v = 3 + 0.2 * (u % 3) - 0.1 * (i % 4) + p[u][0] * q[i][0] + p[u][1] * q[i][1];
                    ratings.add(new Rating(u + 1, i + 100, (float) v, 0));
                }
            }
        }
        return ratings;
    }

    @Test
    void fitLearnsALowRankMatrixAndLowersItsLoss() {
        List<Rating> ratings = lowRank(3);
        Config config = new Config(2, 0.01, 0.02, 200, 0.1);
        MatrixFactorization untrained = MatrixFactorization.fit(ratings, config.withEpochs(0), 4);
        MatrixFactorization trained = MatrixFactorization.fit(ratings, config, 4);
        double before = Metrics.rmse(untrained, ratings);
        double after = Metrics.rmse(trained, ratings);
        assertTrue(after < 0.25 && before > 0.6, "training RMSE " + before + " -> " + after);
        assertTrue(trained.loss(ratings) < untrained.loss(ratings) / 5, trained.loss(ratings) + " vs " + untrained.loss(ratings));
        assertEquals(40, trained.userCount());
        assertEquals(30, trained.movieCount());
        double mu = ratings.stream().mapToDouble(Rating::stars).average().orElseThrow();
        assertEquals(mu, trained.mean(), 1e-12);
        // a movie it never saw: mu + b_u; a user it never saw: mu + b_i
        assertEquals(mu + trained.userBias(1), trained.predict(1, 9999), 1e-12);
        assertEquals(mu + trained.movieBias(100), trained.predict(9999, 100), 1e-12);
    }

    @Test
    void biasesOnlyWithZeroFactors() {
        List<Rating> ratings = lowRank(5);
        MatrixFactorization biases = MatrixFactorization.fit(ratings, new Config(0, 0.01, 0.02, 50, 0.1), 6);
        assertEquals(0, biases.userFactors(1).length);
        Rating r = ratings.get(0);
        assertEquals(biases.mean() + biases.userBias(r.user()) + biases.movieBias(r.movie()),
                biases.predict(r.user(), r.movie()), 1e-12);
        assertTrue(Metrics.rmse(biases, ratings) < Metrics.rmse(Baselines.globalMean(ratings), ratings));
    }

    @Test
    void sameSeedSameNumbers() {
        List<Rating> ratings = lowRank(7);
        Config config = Config.of(3, 0.05);
        MatrixFactorization a = MatrixFactorization.fit(ratings, config, 11);
        MatrixFactorization b = MatrixFactorization.fit(ratings, config, 11);
        MatrixFactorization c = MatrixFactorization.fit(ratings, config, 12);
        for (Rating r : ratings) {
            assertEquals(a.predict(r.user(), r.movie()), b.predict(r.user(), r.movie()), 0.0);
        }
        assertArrayEquals(a.userFactors(1), b.userFactors(1), 0.0);
        assertNotEquals(a.predict(1, 100), c.predict(1, 100));
    }

    @Test
    void transferStartsFromTheSourceAndFrozenKeepsItsFactors() {
        List<Rating> all = lowRank(9);
        List<Rating> source = all.stream().filter(r -> r.movie() < 115).toList();
        // target: movies 115+, without user 1 (a cold user: the source knows them, the target never saw them)
        List<Rating> target = all.stream().filter(r -> r.movie() >= 115 && r.user() != 1).toList();
        Config config = Config.of(2, 0.05);
        MatrixFactorization s = MatrixFactorization.fit(source, config, 1);
        MatrixFactorization frozen = MatrixFactorization.fit(target, config, 2, s, UserFactors.FROZEN);
        MatrixFactorization tuned = MatrixFactorization.fit(target, config, 2, s, UserFactors.FINE_TUNED);
        MatrixFactorization scratch = MatrixFactorization.fit(target, config, 2);
        for (int user = 2; user <= 40; user++) {
            assertArrayEquals(s.userFactors(user), frozen.userFactors(user), 0.0, "frozen user " + user);
        }
        assertTrue(Math.abs(s.userFactors(2)[0] - tuned.userFactors(2)[0]) > 1e-6, "fine-tuned factors move");
        // the cold user keeps the source's bias and factors, in both modes; the scratch model does not know them
        assertArrayEquals(s.userFactors(1), frozen.userFactors(1), 0.0);
        assertArrayEquals(s.userFactors(1), tuned.userFactors(1), 0.0);
        assertEquals(s.userBias(1), tuned.userBias(1), 0.0);
        assertTrue(frozen.hasUser(1) && !scratch.hasUser(1));
        assertEquals(scratch.mean() + scratch.movieBias(120), scratch.predict(1, 120), 1e-12);
        // transfer does better than the biases alone on the cold user's target ratings (the same low-rank tastes)
        List<Rating> cold = all.stream().filter(r -> r.movie() >= 115 && r.user() == 1).toList();
        assertTrue(Metrics.rmse(frozen, cold) < Metrics.rmse(scratch, cold),
                Metrics.rmse(frozen, cold) + " vs " + Metrics.rmse(scratch, cold));
        assertThrows(IllegalArgumentException.class,
                () -> MatrixFactorization.fit(target, config.withFactors(3), 2, s, UserFactors.FROZEN));
    }

    @Test
    void rejectsBadSettings() {
        assertThrows(IllegalArgumentException.class, () -> new Config(-1, 0.1, 0.01, 10, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new Config(2, -0.1, 0.01, 10, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new Config(2, 0.1, 0, 10, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new Config(2, 0.1, 0.01, -1, 0.1));
        assertThrows(IllegalArgumentException.class, () -> MatrixFactorization.fit(List.of(), Config.of(2, 0.1), 1));
    }
}
