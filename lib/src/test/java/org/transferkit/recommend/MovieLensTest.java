package org.transferkit.recommend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transferkit.data.DatasetException;

class MovieLensTest {

    @TempDir
    Path tmp;

    @Test
    void countsAndAKnownRecord() {
        MovieLens ml = MovieLens.load();
        assertEquals(100_004, ml.ratings().size());
        assertEquals(671, ml.userCount());
        assertEquals(9_066, ml.movies().size());
        assertEquals(new Rating(1, 31, 2.5f, 1260759144L), ml.ratings().get(0));
        assertEquals(new Movie(1, 1995, "Toy Story", List.of("Adventure", "Animation", "Children", "Comedy", "Fantasy")),
                ml.movie(1));
        assertTrue(ml.ratings().stream().allMatch(r -> r.stars() >= 0.5f && r.stars() <= 5f && r.stars() * 2 == Math.round(r.stars() * 2)));
    }

    @Test
    void genresSplitIntoDomainsWithSharedUsers() {
        MovieLens ml = MovieLens.load();
        assertTrue(ml.genres().containsAll(List.of("Horror", "Children", "Drama", "Comedy")), ml.genres().toString());
        Set<Integer> horror = ml.ratingsInGenre("Horror").stream().map(Rating::user).collect(Collectors.toSet());
        Set<Integer> children = ml.ratingsInGenre("Children").stream().map(Rating::user).collect(Collectors.toSet());
        horror.retainAll(children);
        assertEquals(553, horror.size());
        assertThrows(UnsupportedOperationException.class, () -> ml.ratings().clear());
    }

    private static Path gzip(Path file, String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return Files.write(file, bytes.toByteArray());
    }

    @Test
    void readsTheKitsLayoutAndNamesBadFiles() throws IOException {
        Path movies = gzip(tmp.resolve("movies.tsv.gz"), "movieId\tyear\ttitle\tgenres\n7\t0\tUntitled\t(no genres listed)\n");
        Path ratings = gzip(tmp.resolve("ratings.tsv.gz"), "userId\tmovieId\trating\ttimestamp\n1\t7\t4.5\t10\n");
        MovieLens ml = MovieLens.read(ratings, movies);
        assertEquals(List.of(new Rating(1, 7, 4.5f, 10)), ml.ratings());
        Path orphan = gzip(tmp.resolve("orphan.tsv.gz"), "userId\tmovieId\trating\ttimestamp\n1\t8\t4.5\t10\n");
        DatasetException e = assertThrows(DatasetException.class, () -> MovieLens.read(orphan, movies));
        assertTrue(e.getMessage().contains("orphan.tsv.gz") && e.getMessage().contains("movie 8"), e.getMessage());
        Path badHeader = gzip(tmp.resolve("bad.tsv.gz"), "user\tmovie\n1\t7\n");
        e = assertThrows(DatasetException.class, () -> MovieLens.read(badHeader, movies));
        assertTrue(e.getMessage().contains("bad.tsv.gz") && e.getMessage().contains("prepare-applications.sh"), e.getMessage());
    }
}
