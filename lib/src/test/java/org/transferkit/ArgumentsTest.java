package org.transferkit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

class ArgumentsTest {

    @Test
    void messagesNameTheArgumentAndWhatWasExpected() {
        Kit.init();
        var e = assertThrows(IllegalArgumentException.class, () -> Arguments.positive(0, "steps"));
        assertTrue(e.getMessage().contains("steps") && e.getMessage().contains("got 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Arguments.nonNegative(Double.NaN, "alpha"));
        assertTrue(e.getMessage().contains("alpha"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Arguments.nonNegative(Double.POSITIVE_INFINITY, "alpha"));
        e = assertThrows(IllegalArgumentException.class, () -> Arguments.updater(null));
        assertTrue(e.getMessage().contains("Adam"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Arguments.network(null, "source network"));
        assertTrue(e.getMessage().startsWith("source network"), e.getMessage());
        var unlabelled = new DataSet(Nd4j.rand(3, 4), Nd4j.rand(2, 5));
        e = assertThrows(IllegalArgumentException.class, () -> Arguments.labelled(unlabelled, "train"));
        assertTrue(e.getMessage().contains("n = 3"), e.getMessage());
        assertDoesNotThrow(() -> {
            Arguments.positive(1, "steps");
            Arguments.nonNegative(0.0, "alpha");
            Arguments.updater(new Adam(1e-3));
            Arguments.labelled(new DataSet(Nd4j.rand(3, 4), Nd4j.rand(3, 5)), "train");
        });
    }
}
