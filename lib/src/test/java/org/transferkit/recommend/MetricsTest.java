package org.transferkit.recommend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsTest {

    @Test
    void rmseByHand() {
        // errors 1, 0, -2: sqrt((1 + 0 + 4) / 3)
        assertEquals(Math.sqrt(5.0 / 3), Metrics.rmse(new double[] {3, 4, 5}, new double[] {2, 4, 7}), 1e-15);
        assertEquals(1.2909944487358056, Metrics.rmse(new double[] {3, 4, 5}, new double[] {2, 4, 7}), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Metrics.rmse(new double[] {1}, new double[] {1, 2}));
    }

    @Test
    void rmseOfAModelClipsToTheRatingScale() {
        List<Rating> held = List.of(new Rating(1, 10, 5f, 0), new Rating(1, 11, 0.5f, 0), new Rating(2, 10, 3f, 0));
        Scorer model = (user, movie) -> movie == 10 ? 6.0 : -1.0;   // 6 -> 5, -1 -> 0.5
        // errors after clipping: 0, 0, 2
        assertEquals(Math.sqrt(4.0 / 3), Metrics.rmse(model, held), 1e-15);
    }

    @Test
    void ndcgByHand() {
        // ranked by score: gains 1, 3, 2; DCG = 1/log2(2) + 3/log2(3) + 2/log2(4) = 3.892789...
        // best order 3, 2, 1: IDCG = 3 + 2/log2(3) + 1/2 = 4.761860...
        double[] scores = {0.9, 0.8, 0.1};
        double[] gains = {1, 3, 2};
        assertEquals(0.8174935137996165, Metrics.ndcg(scores, gains, 10), 1e-12);
        assertEquals(1.0 / 3, Metrics.ndcg(scores, gains, 1), 1e-15);   // only the top: 1 against 3
        assertEquals(1.0, Metrics.ndcg(new double[] {1, 3, 2}, gains, 10), 1e-15);   // the best order: gains 3, 2, 1
        assertEquals(1.0, Metrics.ndcg(new double[] {5}, new double[] {4}, 10), 1e-15);
        assertEquals(1.0, Metrics.ndcg(new double[] {1, 2}, new double[] {0, 0}, 10), 1e-15);
    }

    @Test
    void equalScoresKeepTheirOrder() {
        // a constant model ranks the movies in the order given: gains 1 then 2
        assertEquals(0.8597186998521972, Metrics.ndcg(new double[] {7, 7}, new double[] {1, 2}, 10), 1e-12);
        assertEquals(1.0, Metrics.ndcg(new double[] {7, 7}, new double[] {2, 1}, 10), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> Metrics.ndcg(new double[] {1}, new double[] {-1}, 10));
        assertThrows(IllegalArgumentException.class, () -> Metrics.ndcg(new double[] {1}, new double[] {1}, 0));
    }

    @Test
    void meanNdcgOverUsers() {
        // user 1: movies 10, 11, 12 rated 1, 3, 2 and scored 0.9, 0.8, 0.1 (the hand case); user 2: one movie (NDCG 1)
        List<Rating> held = List.of(new Rating(1, 10, 1f, 0), new Rating(2, 10, 4f, 0), new Rating(1, 11, 3f, 0),
                new Rating(1, 12, 2f, 0));
        Scorer model = (user, movie) -> movie == 10 ? 0.9 : movie == 11 ? 0.8 : 0.1;
        assertEquals((0.8174935137996165 + 1) / 2, Metrics.ndcg(model, held, 10), 1e-12);
    }

    @Test
    void baselinesByHand() {
        List<Rating> train = List.of(new Rating(1, 10, 4f, 0), new Rating(2, 10, 5f, 0), new Rating(1, 11, 3f, 0),
                new Rating(3, 12, 4f, 0));
        // mu = 4
        assertEquals(4.0, Baselines.globalMean(train).predict(9, 99), 1e-15);
        Scorer movieMean = Baselines.movieMean(train, 1);
        assertEquals(4 + (0 + 1) / 3.0, movieMean.predict(7, 10), 1e-15);   // (4-4) + (5-4) over 2 + 1
        assertEquals(4 + (-1) / 2.0, movieMean.predict(7, 11), 1e-15);
        assertEquals(4.0, movieMean.predict(7, 99), 1e-15);                  // never rated: mu
        assertEquals(4.5, Baselines.movieMean(train, 0).predict(7, 10), 1e-15);
        Scorer popularity = Baselines.popularity(train);
        assertEquals(2.0, popularity.predict(1, 10));
        assertEquals(1.0, popularity.predict(1, 12));
        assertEquals(0.0, popularity.predict(1, 99));
    }
}
