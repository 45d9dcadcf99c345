package org.transferkit.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transferkit.data.DatasetException;

class ReviewsTest {

    @TempDir
    Path tmp;

    @Test
    void imdbHas50000BalancedReviewsWithoutHtmlBreaks() {
        TextDataset imdb = Reviews.imdb();
        assertEquals(50_000, imdb.size());
        assertArrayEquals(new int[] {25_000, 25_000}, imdb.classCounts());
        assertEquals(List.of("negative", "positive"), imdb.classNames());
        assertTrue(imdb.text(0).startsWith("Once again Mr. Costner has dragged out a movie for far longer than necessary."),
                imdb.text(0));
        assertEquals(0, imdb.label(0));
        assertTrue(imdb.texts().stream().noneMatch(t -> t.contains("<br") || t.contains("\t") || t.contains("\n")));
    }

    @Test
    void fineFoodsHas4000TrainingAnd1000TestReviews() {
        TextDataset train = Reviews.fineFoodsTrain();
        TextDataset test = Reviews.fineFoodsTest();
        assertEquals(4_000, train.size());
        assertEquals(1_000, test.size());
        assertEquals(List.of("other", "great"), train.classNames());
        // modeldata's training_data, first row: score "other"
        assertEquals("this stuff is not stuffing its not good at all save your money", train.text(0));
        assertEquals(0, train.label(0));
        int[] counts = train.classCounts();
        assertTrue(counts[1] > counts[0], "5-star reviews are the majority: " + java.util.Arrays.toString(counts));
    }

    @Test
    void splitsAndSamplesAreSeededAndDisjoint() {
        TextDataset foods = Reviews.fineFoodsTrain();
        TextDataset.Split a = foods.split(3_000, 7);
        TextDataset.Split b = foods.split(3_000, 7);
        assertEquals(a.first().texts(), b.first().texts());
        assertEquals(3_000, a.first().size());
        assertEquals(1_000, a.second().size());
        assertNotEquals(a.first().texts(), foods.split(3_000, 8).first().texts());
        Set<String> first = new HashSet<>(a.first().texts());
        long shared = a.second().texts().stream().filter(first::contains).count();
        // the sample has a few duplicate reviews; a real overlap of the split would be hundreds
        assertTrue(shared < 20, shared + " texts in both parts");
        TextDataset few = foods.sample(10, 3);
        assertArrayEquals(new int[] {10, 10}, few.classCounts());
        assertEquals(few.texts(), foods.sample(10, 3).texts());
        assertThrows(IllegalArgumentException.class, () -> foods.sample(5_000, 1));
    }

    @Test
    void datasetIsImmutable() {
        TextDataset d = new TextDataset("t", List.of("a", "b"), List.of("x", "y"), new int[] {0, 1});
        assertThrows(UnsupportedOperationException.class, () -> d.texts().set(0, "z"));
        d.labels()[0] = 1;
        assertEquals(0, d.label(0));
        assertThrows(IllegalArgumentException.class, () -> new TextDataset("t", List.of("a"), List.of("x"), new int[] {1}));
    }

    @Test
    void wrongFormatNamesTheFile() throws IOException {
        Path notGzip = tmp.resolve("reviews.tsv.gz");
        Files.writeString(notGzip, "label\ttext\n1\tplain text, not gzip\n");
        DatasetException e = assertThrows(DatasetException.class, () -> Reviews.read(notGzip, "t", List.of("a", "b")));
        assertTrue(e.getMessage().contains(notGzip.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("prepare-applications.sh"), e.getMessage());
    }

    @Test
    void wordTokenizerLowerCasesAndSplitsOnNonLetters() {
        assertEquals(List.of("don", "t", "miss", "it", "10", "10"), WordTokenizer.words("Don't MISS it: 10/10!"));
        assertFalse(WordTokenizer.words("Café au lait").isEmpty());
    }
}
