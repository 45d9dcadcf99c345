package org.transferkit.recommend;

/** One rating: user {@code user} gave movie {@code movie} {@code stars} (0.5 to 5 in halves) at {@code timestamp} (Unix seconds). */
public record Rating(int user, int movie, float stars, long timestamp) {
}
