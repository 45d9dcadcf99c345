package org.transferkit.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** all-MiniLM-L6-v2 through ONNX Runtime, offline, from the local copy. */
class SentenceEncoderTest {

    private static SentenceEncoder encoder;

    @BeforeAll
    static void open() {
        encoder = SentenceEncoder.minilm();
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    @Test
    void similarMeaningIsCloserThanUnrelatedMeaning() {
        INDArray e = encoder.encode(List.of("a great movie", "an excellent film", "the stock market fell"));
        assertArrayEquals(new long[] {3, 384}, e.shape());
        double similar = e.getRow(0).mul(e.getRow(1)).sumNumber().doubleValue();
        double unrelated = e.getRow(0).mul(e.getRow(2)).sumNumber().doubleValue();
        System.out.printf("cosine: similar %.3f, unrelated %.3f%n", similar, unrelated);
        assertTrue(similar > unrelated + 0.3, "similar " + similar + ", unrelated " + unrelated);
    }

    @Test
    void embeddingsHaveUnitLengthAndDependOnTheTextOnly() {
        List<String> texts = List.of("short", "a much longer sentence that needs many more tokens than the first one");
        INDArray together = encoder.encode(texts);
        INDArray reversed = encoder.encode(List.of(texts.get(1), texts.get(0)));
        for (int i = 0; i < texts.size(); i++) {
            assertEquals(1.0, together.getRow(i).norm2Number().doubleValue(), 1e-4);
            assertTrue(encoder.encode(texts.get(i)).equalsWithEps(together.getRow(i), 0), "text " + i);
        }
        assertTrue(reversed.getRow(0).equalsWithEps(together.getRow(1), 0));
    }
}
