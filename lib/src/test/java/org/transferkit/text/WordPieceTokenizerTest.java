package org.transferkit.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.transferkit.data.DatasetException;

/**
 * Token ids of all-MiniLM-L6-v2's own vocabulary. The reference ids come from outside this class: "Hello, world!" is
 * BERT-base-uncased's well-known encoding, and the others were computed by a separate Python implementation of the
 * tokenizer JSON's rules (BertNormalizer, BertPreTokenizer, WordPiece) on the same vocabulary.
 */
class WordPieceTokenizerTest {

    private final WordPieceTokenizer tokenizer = WordPieceTokenizer.minilm();

    @Test
    void vocabularyIsBertUncased() {
        assertEquals(30_522, tokenizer.vocabularySize());
        assertEquals("[PAD]", tokenizer.token(0));
        assertEquals("[UNK]", tokenizer.token(100));
        assertEquals("[CLS]", tokenizer.token(101));
        assertEquals("[SEP]", tokenizer.token(102));
        assertEquals(1996, tokenizer.id("the"));
    }

    @Test
    void knownSentences() {
        assertArrayEquals(new long[] {101, 7592, 1010, 2088, 999, 102}, tokenizer.encode("Hello, world!", 128).ids());
        assertArrayEquals(new long[] {101, 1037, 2307, 3185, 102}, tokenizer.encode("A great movie", 128).ids());
        assertArrayEquals(new long[] {101, 1996, 14477, 20961, 3468, 7668, 3954, 2134, 1005, 1056, 2868, 1012, 102},
                tokenizer.encode("The unaffable café owner didn't smile.", 128).ids());
        assertArrayEquals(new long[] {101, 4651, 4083, 2128, 1011, 3594, 3653, 23654, 2098, 4372, 16044, 2869, 1006,
                        1041, 1012, 1043, 1012, 7163, 13728, 1011, 1048, 2575, 1007, 999, 102},
                tokenizer.encode("Transfer learning re-uses pretrained encoders (e.g. MiniLM-L6)!", 128).ids());
    }

    @Test
    void wordPiecesAccentsAndUnknowns() {
        assertEquals(List.of("una", "##ffa", "##ble", "cafe"), tokenizer.tokenize("Unaffable CAFÉ"));
        assertEquals(List.of("[UNK]"), tokenizer.tokenize("😀"));
        assertEquals(List.of("[UNK]"), tokenizer.tokenize("a".repeat(101)));
        assertEquals(List.of("hello", "world"), tokenizer.tokenize("  hello\t\nworld\u0000 "));
    }

    @Test
    void truncatesKeepingClsAndSep() {
        WordPieceTokenizer.Encoding e = tokenizer.encode("one two three four five six", 5);
        assertArrayEquals(new long[] {101, 2028, 2048, 2093, 102}, e.ids());
        assertArrayEquals(new long[] {1, 1, 1, 1, 1}, e.attentionMask());
        assertThrows(IllegalArgumentException.class, () -> tokenizer.encode("x", 1));
    }

    @Test
    void vocabularyWithoutSpecialTokensIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> WordPieceTokenizer.of(List.of("a", "b")));
        assertThrows(DatasetException.class, () -> WordPieceTokenizer.read(java.nio.file.Path.of("no-such-vocab.txt")));
    }
}
