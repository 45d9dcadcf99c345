package org.transferkit.assets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The text conversions' cleaning rules. */
class TextConverterTest {

    @Test
    void cleanTextDropsLineBreakTagsAndRunsOfWhiteSpace() {
        assertEquals("Great film. Loved it.", TextConverter.cleanText(" Great film.<br /><br />Loved\tit.\n"));
        assertEquals("a b", TextConverter.cleanText("a<BR>b"));
    }

    @Test
    void mailKeepsTheSubjectAndTheBodyOnly() {
        String mail = "From: a@example.org\r\nSubject: Cheap\r\n  offer\r\nDate: today\r\n\r\nBuy now.\r\nReally.";
        assertEquals("Cheap   offer Buy now.\nReally.", TextConverter.subjectAndBody(mail));
        assertEquals("hi ", TextConverter.subjectAndBody("Subject: hi"));
    }
}
