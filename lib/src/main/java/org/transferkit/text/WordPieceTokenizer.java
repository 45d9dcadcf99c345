package org.transferkit.text;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.transferkit.assets.AssetCatalog;
import org.transferkit.data.DatasetException;

/**
 * BERT's uncased WordPiece tokenizer, as the all-MiniLM-L6-v2 model was trained with (Hugging Face's
 * {@code BertNormalizer} with lower-casing, {@code BertPreTokenizer}, {@code WordPiece} with prefix {@code ##}), on a
 * vocabulary file with one token per line (line {@code i} is id {@code i}). Immutable and thread-safe.
 *
 * <ol>
 *   <li>Normalise: drop control characters and U+FFFD, turn white space into spaces, put spaces around CJK
 *       ideographs, strip accents (NFD, then drop non-spacing marks), lower-case.</li>
 *   <li>Split on white space, then split off every punctuation character as a token of its own.</li>
 *   <li>WordPiece each word: greedily the longest vocabulary piece from the left, continuation pieces prefixed with
 *       {@code ##}; a word with no such split, or longer than 100 characters, becomes {@code [UNK]}.</li>
 * </ol>
 */
public final class WordPieceTokenizer {

    /** One encoded text: token ids with {@code [CLS]} first and {@code [SEP]} last, and the attention mask (all 1). */
    public record Encoding(long[] ids, long[] attentionMask) {
        /** Number of tokens, the special ones included. */
        public int length() {
            return ids.length;
        }
    }

    private static final int MAX_CHARS_PER_WORD = 100;
    private static volatile WordPieceTokenizer minilm;

    private final List<String> vocabulary;
    private final Map<String, Integer> ids;
    private final int unk;
    private final int cls;
    private final int sep;

    private WordPieceTokenizer(List<String> vocabulary) {
        this.vocabulary = List.copyOf(vocabulary);
        this.ids = new HashMap<>(vocabulary.size() * 2);
        for (int i = 0; i < vocabulary.size(); i++) {
            ids.putIfAbsent(vocabulary.get(i), i);
        }
        this.unk = required("[UNK]");
        this.cls = required("[CLS]");
        this.sep = required("[SEP]");
    }

    private int required(String token) {
        Integer id = ids.get(token);
        if (id == null) {
            throw new IllegalArgumentException("the vocabulary has no " + token);
        }
        return id;
    }

    /** The tokenizer of all-MiniLM-L6-v2 (30,522 tokens), from {@code datasets/applications/minilm-l6-v2-q/vocab.txt}. */
    public static WordPieceTokenizer minilm() {
        WordPieceTokenizer t = minilm;
        if (t == null) {
            synchronized (WordPieceTokenizer.class) {
                if (minilm == null) {
                    minilm = read(AssetCatalog.load().file("minilm-l6-v2-q", "vocab"));
                }
                t = minilm;
            }
        }
        return t;
    }

    /**
     * Reads a vocabulary file (UTF-8, one token per line).
     *
     * @throws DatasetException when it is unreadable or lacks [UNK], [CLS] or [SEP]
     */
    public static WordPieceTokenizer read(Path vocabFile) {
        try {
            return new WordPieceTokenizer(Files.readAllLines(vocabFile, StandardCharsets.UTF_8));
        } catch (IOException | IllegalArgumentException e) {
            throw AssetCatalog.error(vocabFile, "not a usable vocabulary (" + e.getMessage() + ")", e);
        }
    }

    /** Builds a tokenizer from a vocabulary in id order (it must hold [UNK], [CLS] and [SEP]). */
    public static WordPieceTokenizer of(List<String> vocabulary) {
        return new WordPieceTokenizer(vocabulary);
    }

    /** Number of tokens in the vocabulary. */
    public int vocabularySize() {
        return vocabulary.size();
    }

    /** The id of {@code token}, or the id of {@code [UNK]} when it is not in the vocabulary. */
    public int id(String token) {
        return ids.getOrDefault(token, unk);
    }

    /** The token with id {@code id}. */
    public String token(int id) {
        return vocabulary.get(id);
    }

    /** The word pieces of {@code text}, without {@code [CLS]} and {@code [SEP]}. */
    public List<String> tokenize(String text) {
        List<String> pieces = new ArrayList<>();
        for (String word : basicTokens(text)) {
            wordPiece(word, pieces);
        }
        return pieces;
    }

    /**
     * {@code [CLS]}, the ids of the word pieces of {@code text}, {@code [SEP]}: at most {@code maxLength} ids in all
     * (pieces beyond that are dropped, as the model's tokenizer truncates).
     */
    public Encoding encode(String text, int maxLength) {
        if (maxLength < 2) {
            throw new IllegalArgumentException("maxLength must leave room for [CLS] and [SEP], got " + maxLength);
        }
        List<String> pieces = tokenize(text);
        int n = Math.min(pieces.size(), maxLength - 2);
        long[] tokenIds = new long[n + 2];
        tokenIds[0] = cls;
        for (int i = 0; i < n; i++) {
            tokenIds[i + 1] = id(pieces.get(i));
        }
        tokenIds[n + 1] = sep;
        long[] mask = new long[n + 2];
        java.util.Arrays.fill(mask, 1L);
        return new Encoding(tokenIds, mask);
    }

    // ---------------------------------------------------------------------------------------- normalise and split

    static List<String> basicTokens(String text) {
        StringBuilder clean = new StringBuilder(text.length() + 16);
        text.codePoints().forEach(c -> {
            if (c == 0 || c == 0xFFFD || isControl(c)) {
                return;
            }
            if (isWhitespace(c)) {
                clean.append(' ');
            } else if (isCjk(c)) {
                clean.append(' ').appendCodePoint(c).append(' ');
            } else {
                clean.appendCodePoint(c);
            }
        });
        String stripped = Normalizer.normalize(clean, Normalizer.Form.NFD).codePoints()
                .filter(c -> Character.getType(c) != Character.NON_SPACING_MARK)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString()
                .toLowerCase(Locale.ROOT);
        List<String> tokens = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        stripped.codePoints().forEach(c -> {
            if (c == ' ') {
                flush(current, tokens);
            } else if (isPunctuation(c)) {
                flush(current, tokens);
                tokens.add(new String(Character.toChars(c)));
            } else {
                current.appendCodePoint(c);
            }
        });
        flush(current, tokens);
        return tokens;
    }

    private static void flush(StringBuilder current, List<String> tokens) {
        if (!current.isEmpty()) {
            tokens.add(current.toString());
            current.setLength(0);
        }
    }

    private void wordPiece(String word, List<String> out) {
        if (word.codePointCount(0, word.length()) > MAX_CHARS_PER_WORD) {
            out.add("[UNK]");
            return;
        }
        List<String> pieces = new ArrayList<>();
        int start = 0;
        while (start < word.length()) {
            int end = word.length();
            String found = null;
            while (start < end) {
                String piece = (start > 0 ? "##" : "") + word.substring(start, end);
                if (ids.containsKey(piece)) {
                    found = piece;
                    break;
                }
                end = word.offsetByCodePoints(end, -1);
            }
            if (found == null) {
                out.add("[UNK]");
                return;
            }
            pieces.add(found);
            start = end;
        }
        out.addAll(pieces);
    }

    /** BERT's whitespace: space, tab, newline, carriage return, and Unicode space, line and paragraph separators. */
    private static boolean isWhitespace(int c) {
        int t = Character.getType(c);
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || t == Character.SPACE_SEPARATOR
                || t == Character.LINE_SEPARATOR || t == Character.PARAGRAPH_SEPARATOR;
    }

    /** BERT's control characters: Unicode C* (Cc, Cf, Co, Cs, Cn), except tab, newline and carriage return. */
    private static boolean isControl(int c) {
        if (c == '\t' || c == '\n' || c == '\r') {
            return false;
        }
        int t = Character.getType(c);
        return t == Character.CONTROL || t == Character.FORMAT || t == Character.PRIVATE_USE || t == Character.SURROGATE
                || t == Character.UNASSIGNED;
    }

    /** BERT's punctuation: every non-alphanumeric printable ASCII character, and Unicode P* categories. */
    private static boolean isPunctuation(int c) {
        if ((c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126)) {
            return true;
        }
        return switch (Character.getType(c)) {
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                    Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                    Character.OTHER_PUNCTUATION -> true;
            default -> false;
        };
    }

    /** CJK ideographs, which BERT treats as words of their own. */
    private static boolean isCjk(int c) {
        return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x20000 && c <= 0x2A6DF)
                || (c >= 0x2A700 && c <= 0x2B73F) || (c >= 0x2B740 && c <= 0x2B81F) || (c >= 0x2B820 && c <= 0x2CEAF)
                || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x2F800 && c <= 0x2FA1F);
    }
}
