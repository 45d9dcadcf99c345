package org.transferkit.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpamAssassinTest {

    @Test
    void collectionsHaveTheirCountsAndLabels() {
        int[] sizes = {2_500, 1_400, 250, 500, 1_396};
        for (int i = 0; i < sizes.length; i++) {
            TextDataset c = SpamAssassin.collection(SpamAssassin.COLLECTIONS.get(i));
            assertEquals(sizes[i], c.size(), c.name());
            int label = SpamAssassin.COLLECTIONS.get(i).startsWith("spam") ? 1 : 0;
            assertTrue(java.util.Arrays.stream(c.labels()).allMatch(l -> l == label), c.name());
        }
        assertEquals(List.of("ham", "spam"), SpamAssassin.collection("spam-1").classNames());
        assertThrows(IllegalArgumentException.class, () -> SpamAssassin.collection("spam-3"));
    }

    @Test
    void messagesAreSubjectAndBodyWithoutOtherHeaders() {
        assertTrue(SpamAssassin.collection("spam-1").text(0).startsWith("Life Insurance - Why Pay More?"));
        assertTrue(SpamAssassin.collection("easy-ham-2").text(0).startsWith("Re: New Sequences Window"));
        long withReceived = SpamAssassin.earlier().texts().stream().filter(t -> t.startsWith("Received:")).count();
        assertEquals(0, withReceived);
    }

    @Test
    void earlierAndLaterAreTheDriftPair() {
        assertArrayEquals(new int[] {2_500, 500}, SpamAssassin.earlier().classCounts());
        assertArrayEquals(new int[] {1_400, 1_396}, SpamAssassin.later().classCounts());
    }
}
