package org.transferkit.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits text into lower-cased words for word vectors and bag-of-words models: a word is a maximal run of letters and
 * digits, so punctuation and apostrophes separate words ("Don't!" gives {@code don}, {@code t}). Simple on purpose:
 * GloVe's vocabulary is lower-case and has both parts.
 */
public final class WordTokenizer {

    private WordTokenizer() {
    }

    /** The words of {@code text}, lower-cased, in order. */
    public static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        String lower = text.toLowerCase(Locale.ROOT);
        int start = -1;
        for (int i = 0; i <= lower.length(); i++) {
            boolean wordChar = i < lower.length() && Character.isLetterOrDigit(lower.charAt(i));
            if (wordChar && start < 0) {
                start = i;
            } else if (!wordChar && start >= 0) {
                words.add(lower.substring(start, i));
                start = -1;
            }
        }
        return words;
    }
}
