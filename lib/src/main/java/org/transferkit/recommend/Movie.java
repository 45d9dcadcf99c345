package org.transferkit.recommend;

import java.util.List;

/** A movie: its MovieLens id, year (0 when unknown), title and genres (e.g. Action, Children, Horror). */
public record Movie(int id, int year, String title, List<String> genres) {

    /** Creates a movie; the genre list is copied. */
    public Movie {
        genres = List.copyOf(genres);
    }

    /** True when the movie has genre {@code genre}. */
    public boolean hasGenre(String genre) {
        return genres.contains(genre);
    }
}
