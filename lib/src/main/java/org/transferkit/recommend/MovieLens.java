package org.transferkit.recommend;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.transferkit.assets.AssetCatalog;
import org.transferkit.assets.Tsv;
import org.transferkit.data.DatasetException;

/**
 * MovieLens ratings (the 100,004 ratings by 671 users of 9,066 movies that R's dslabs ships), immutable: the ratings
 * in source order and the movies by id. {@link #load()} reads {@code datasets/applications/movielens/}, exported at
 * set-up (the data's terms forbid redistribution, so it is never committed).
 */
public final class MovieLens {

    private static volatile MovieLens loaded;

    private final List<Rating> ratings;
    private final Map<Integer, Movie> movies;

    private MovieLens(List<Rating> ratings, Map<Integer, Movie> movies) {
        this.ratings = List.copyOf(ratings);
        this.movies = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(movies));
    }

    /** The kit's MovieLens (loaded once, checksums checked). */
    public static MovieLens load() {
        MovieLens m = loaded;
        if (m == null) {
            synchronized (MovieLens.class) {
                if (loaded == null) {
                    AssetCatalog catalog = AssetCatalog.load();
                    loaded = read(catalog.file("movielens", "ratings"), catalog.file("movielens", "movies"));
                }
                m = loaded;
            }
        }
        return m;
    }

    /**
     * Reads a ratings file and a movies file (the kit's TSV layout, see {@code datasets/applications/README.md}).
     *
     * @throws DatasetException when a file is unreadable, not in that layout, or rates a movie the movies file lacks
     */
    public static MovieLens read(Path ratingsFile, Path moviesFile) {
        Map<Integer, Movie> movies = new LinkedHashMap<>();
        int line = 1;
        for (String[] r : Tsv.read(moviesFile, List.of("movieId", "year", "title", "genres"))) {
            line++;
            try {
                List<String> genres = r[3].isEmpty() ? List.of() : Arrays.asList(r[3].split("\\|"));
                movies.put(Integer.parseInt(r[0]), new Movie(Integer.parseInt(r[0]), Integer.parseInt(r[1]), r[2], genres));
            } catch (NumberFormatException e) {
                throw AssetCatalog.error(moviesFile, "not in the expected format (line " + line
                        + ": " + e.getMessage() + ")", e);
            }
        }
        List<Rating> ratings = new ArrayList<>();
        line = 1;
        for (String[] r : Tsv.read(ratingsFile, List.of("userId", "movieId", "rating", "timestamp"))) {
            line++;
            Rating rating;
            try {
                rating = new Rating(Integer.parseInt(r[0]), Integer.parseInt(r[1]), Float.parseFloat(r[2]),
                        Long.parseLong(r[3]));
            } catch (NumberFormatException e) {
                throw AssetCatalog.error(ratingsFile, "not in the expected format (line " + line
                        + ": " + e.getMessage() + ")", e);
            }
            if (!movies.containsKey(rating.movie())) {
                throw AssetCatalog.error(ratingsFile, "inconsistent with " + moviesFile
                        + " (line " + line + " rates movie " + rating.movie() + ", which it lacks)");
            }
            ratings.add(rating);
        }
        return new MovieLens(ratings, movies);
    }

    /** All ratings, in the source's order (unmodifiable). */
    public List<Rating> ratings() {
        return ratings;
    }

    /** All movies by id (unmodifiable, ascending id). */
    public Map<Integer, Movie> movies() {
        return movies;
    }

    /**
     * The movie with id {@code id}.
     *
     * @throws IllegalArgumentException when there is none
     */
    public Movie movie(int id) {
        Movie m = movies.get(id);
        if (m == null) {
            throw new IllegalArgumentException("no movie with id " + id);
        }
        return m;
    }

    /** Number of distinct users who rated something. */
    public int userCount() {
        return (int) ratings.stream().mapToInt(Rating::user).distinct().count();
    }

    /** Every genre that some movie has, sorted. */
    public List<String> genres() {
        TreeSet<String> genres = new TreeSet<>();
        movies.values().forEach(m -> genres.addAll(m.genres()));
        return List.copyOf(genres);
    }

    /** The ratings of movies that have genre {@code genre}, in source order: one domain for cross-domain transfer. */
    public List<Rating> ratingsInGenre(String genre) {
        return ratings.stream().filter(r -> movies.get(r.movie()).hasGenre(genre)).toList();
    }
}
