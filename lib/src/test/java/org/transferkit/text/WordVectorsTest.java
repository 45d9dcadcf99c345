package org.transferkit.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.transferkit.assets.AssetCatalog;
import org.transferkit.data.DatasetException;

class WordVectorsTest {

    @TempDir
    Path tmp;

    @Test
    void gloveHas100000WordsOf100FloatsInFrequencyOrder() {
        WordVectors glove = WordVectors.glove();
        assertEquals(100_000, glove.size());
        assertEquals(100, glove.dimension());
        assertEquals(List.of("the", ",", ".", "of", "to"), glove.words().subList(0, 5));
        // GloVe 6B 100d's published vector of "the" starts -0.038194 -0.24487 0.72812
        assertArrayEquals(new float[] {-0.038194f, -0.24487f, 0.72812f}, Arrays.copyOf(glove.vector("the"), 3));
    }

    @Test
    void similarWordsAreNear() {
        WordVectors glove = WordVectors.glove();
        assertEquals(0.75, glove.cosine("king", "queen"), 0.01);
        assertTrue(glove.cosine("movie", "film") > glove.cosine("movie", "stock"));
        List<String> nearest = glove.nearest("movie", 3);
        assertTrue(nearest.containsAll(List.of("film", "movies")), nearest.toString());
    }

    @Test
    void averageAndMatrixUseOnlyKnownWords() {
        WordVectors glove = WordVectors.glove();
        float[] avg = glove.average(List.of("good", "zzzznotaword", "film"));
        float[] good = glove.vector("good");
        float[] film = glove.vector("film");
        assertEquals((good[7] + film[7]) / 2, avg[7], 1e-6);
        assertArrayEquals(new float[100], glove.average(List.of("zzzznotaword")));
        INDArray m = glove.matrix(List.of("film", "zzzznotaword"));
        assertArrayEquals(new long[] {2, 100}, m.shape());
        assertEquals(film[3], m.getFloat(0, 3), 0);
        assertEquals(0, m.getRow(1).norm2Number().doubleValue(), 0);
    }

    @Test
    void truncatedFileNamesTheFileAndTheFix() throws IOException {
        Path real = AssetCatalog.load().file("glove-6b-100d", "vectors");
        Path cut = tmp.resolve("vectors.bin");
        byte[] bytes = Files.readAllBytes(real);
        Files.write(cut, Arrays.copyOf(bytes, bytes.length - 10));
        DatasetException e = assertThrows(DatasetException.class, () -> WordVectors.read(cut));
        assertTrue(e.getMessage().contains(cut.toString()) && e.getMessage().contains("prepare-applications.sh"),
                e.getMessage());
        Files.writeString(cut, "the 0.1 0.2\n");
        assertThrows(DatasetException.class, () -> WordVectors.read(cut));
    }
}
