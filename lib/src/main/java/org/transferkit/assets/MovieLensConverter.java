package org.transferkit.assets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.transferkit.data.Gzip;

/**
 * Converts dslabs's MovieLens export (one row per rating, with the movie's title, year and genres) into the kit's two
 * ratings files: {@code ratings.tsv.gz} (userId, movieId, rating, timestamp, in the source's order) and
 * {@code movies.tsv.gz} (movieId, year, title, genres, sorted by id; year 0 when unknown).
 */
final class MovieLensConverter {

    private MovieLensConverter() {
    }

    /** Reads {@code exportDir/movielens.tsv}, written by Rscript, and returns the ratings and movies files by role. */
    static Map<String, byte[]> convert(Path exportDir) throws IOException {
        AssetSpec spec = AssetSpec.named("movielens");
        Path file = exportDir.resolve("movielens.tsv");
        List<String[]> rows = Tsv.readExport(file,
                List.of("movieId", "title", "year", "genres", "userId", "rating", "timestamp"));
        StringBuilder ratings = new StringBuilder("userId\tmovieId\trating\ttimestamp\n");
        TreeMap<Integer, String> movies = new TreeMap<>();
        for (String[] r : rows) {
            int movie = Integer.parseInt(r[0]);
            float rating = Float.parseFloat(r[5]);
            ratings.append(Integer.parseInt(r[4])).append('\t').append(movie).append('\t').append(rating).append('\t')
                    .append(Long.parseLong(r[6])).append('\n');
            String year = r[2].equals("NA") ? "0" : String.valueOf(Integer.parseInt(r[2]));
            String line = movie + "\t" + year + "\t" + TextConverter.cleanText(r[1]) + "\t" + r[3].trim() + "\n";
            String previous = movies.putIfAbsent(movie, line);
            if (previous != null && !previous.equals(line)) {
                throw new IOException(file + ": movie " + movie + " is described in two ways");
            }
        }
        spec.file("ratings").requireRows(file, rows.size());
        spec.file("movies").requireRows(file, movies.size());
        StringBuilder movieTsv = new StringBuilder("movieId\tyear\ttitle\tgenres\n");
        movies.values().forEach(movieTsv::append);
        return Map.of("ratings", Gzip.gzip(ratings.toString().getBytes(StandardCharsets.UTF_8)),
                "movies", Gzip.gzip(movieTsv.toString().getBytes(StandardCharsets.UTF_8)));
    }
}
