/**
 * Ratings for transfer in recommender systems: MovieLens ({@link org.transferkit.recommend.MovieLens}) as
 * {@link org.transferkit.recommend.Rating}s of {@link org.transferkit.recommend.Movie}s with genres, which split it into
 * domains that share users. Read from {@code datasets/applications/movielens/}, exported at set-up.
 */
package org.transferkit.recommend;
