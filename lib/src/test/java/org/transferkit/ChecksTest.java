package org.transferkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ChecksTest {

    private PrintStream originalOut;
    private ByteArrayOutputStream captured;

    @BeforeEach
    void captureStdout() {
        originalOut = System.out;
        captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreStdout() {
        System.setOut(originalOut);
    }

    private String output() {
        return captured.toString(StandardCharsets.UTF_8).replace("\r\n", "\n");
    }

    @Test
    void passingCheckPrintsOnePassLineWithEvidence() {
        Checks.check("fine-tuning beats scratch", true, "0.91 vs 0.84");
        assertEquals("CHECK PASS: fine-tuning beats scratch (0.91 vs 0.84)\n", output());
    }

    @Test
    void passingCheckWithoutEvidenceOmitsParentheses() {
        Checks.check("it runs", true);
        Checks.check("it still runs", true, "  ");
        assertEquals("CHECK PASS: it runs\nCHECK PASS: it still runs\n", output());
    }

    @Test
    void failingCheckPrintsFailLineAndThrowsWithTheSameMessage() {
        Checks.CheckFailed e = assertThrows(Checks.CheckFailed.class,
                () -> Checks.check("transfer helps", false, "0.70 vs 0.80"));
        assertEquals("CHECK FAIL: transfer helps (0.70 vs 0.80)", e.getMessage());
        assertInstanceOf(IllegalStateException.class, e);
        assertEquals("CHECK FAIL: transfer helps (0.70 vs 0.80)\n", output());
    }

    @Test
    void multiLineClaimAndEvidenceBecomeOneLine() {
        Checks.check("a claim\n  over two lines", true, "x=1\r\ny=2");
        assertEquals("CHECK PASS: a claim over two lines (x=1 y=2)\n", output());
    }

    @Test
    void blankOrNullClaimIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Checks.check(" ", true, "e"));
        assertTrue(e.getMessage().contains("claim"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Checks.check(null, true, "e"));
        assertEquals("", output());
    }

    @Test
    void atLeastShowsBothNumbersAndFailsBelowTheThresholdOrOnNaN() {
        Checks.atLeast("accuracy high enough", 0.9123456, 0.9);
        Checks.atLeast("equal is enough", 3, 3);
        assertEquals("CHECK PASS: accuracy high enough (0.9123 >= 0.9)\nCHECK PASS: equal is enough (3 >= 3)\n", output());
        Checks.CheckFailed e = assertThrows(Checks.CheckFailed.class, () -> Checks.atLeast("too low", 0.5, 0.9));
        assertEquals("CHECK FAIL: too low (0.5 >= 0.9)", e.getMessage());
        assertThrows(Checks.CheckFailed.class, () -> Checks.atLeast("NaN never passes", Double.NaN, 0));
    }

    @Test
    void atMostFailsAboveTheThreshold() {
        Checks.atMost("gap small", 0.01, 0.05);
        assertEquals("CHECK PASS: gap small (0.01 <= 0.05)\n", output());
        assertThrows(Checks.CheckFailed.class, () -> Checks.atMost("gap too big", 0.2, 0.05));
    }

    @Test
    void betweenIncludesTheEndsAndRejectsAnInvertedRange() {
        Checks.between("in range", 1.0, 1.0, 2.0);
        assertEquals("CHECK PASS: in range (1 in [1, 2])\n", output());
        assertThrows(Checks.CheckFailed.class, () -> Checks.between("out of range", 2.5, 1.0, 2.0));
        assertThrows(IllegalArgumentException.class, () -> Checks.between("bad range", 1.5, 2.0, 1.0));
    }
}
