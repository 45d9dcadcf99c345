/**
 * Ratings and transfer in recommender systems: MovieLens ({@link org.transferkit.recommend.MovieLens}) as
 * {@link org.transferkit.recommend.Rating}s of {@link org.transferkit.recommend.Movie}s with genres, which split it into
 * domains that share users ({@link org.transferkit.recommend.CrossDomainSplit}: a target genre with cold users who show
 * k ratings, source genres without the target's movies); a biased matrix factorisation trained by SGD, whose users can
 * be transferred from a source model ({@link org.transferkit.recommend.MatrixFactorization}); the mean and popularity
 * {@link org.transferkit.recommend.Baselines}; and RMSE and NDCG@k ({@link org.transferkit.recommend.Metrics}). Read
 * from {@code datasets/applications/movielens/}, exported at set-up. Every random choice takes a seed.
 */
package org.transferkit.recommend;
