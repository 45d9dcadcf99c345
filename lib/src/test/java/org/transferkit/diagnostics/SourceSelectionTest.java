package org.transferkit.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SourceSelectionTest {
    @Test
    void ranksHighestFirstWithNameTieBreak() {
        Map<String, Double> scores = new HashMap<>();
        scores.put("fashion", -1.2);
        scores.put("mnist-0-4", -0.3);
        scores.put("random-labels", -1.2);
        scores.put("optdigits", -0.7);
        assertEquals(List.of("mnist-0-4", "optdigits", "fashion", "random-labels"), SourceSelection.rank(scores));
    }

    @Test
    void invalidInputIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> SourceSelection.rank(Map.of()));
        assertThrows(IllegalArgumentException.class, () -> SourceSelection.rank(Map.of("a", Double.NaN)));
        Map<String, Double> withNull = new HashMap<>();
        withNull.put("a", null);
        assertThrows(IllegalArgumentException.class, () -> SourceSelection.rank(withNull));
    }
}
