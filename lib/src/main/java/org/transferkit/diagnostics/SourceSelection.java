package org.transferkit.diagnostics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Ranks candidate sources (source models or data sets) by a transferability score. All scores in
 * {@link Transferability} are "higher is better". A ranking heuristic, not a guarantee: none of the scores ranks
 * sources reliably on every target, so confirm the top choice by fine-tuning against a target-only baseline.
 */
public final class SourceSelection {
    private SourceSelection() {
    }

    /**
     * Source names ordered best first (highest score first; ties broken by name, so the order is deterministic).
     *
     * @throws IllegalArgumentException if the map is empty or a score is NaN or null
     */
    public static List<String> rank(Map<String, Double> scores) {
        if (scores == null || scores.isEmpty()) {
            throw new IllegalArgumentException("expected at least one (source name -> score) entry");
        }
        for (Map.Entry<String, Double> e : scores.entrySet()) {
            if (e.getKey() == null || e.getValue() == null || Double.isNaN(e.getValue())) {
                throw new IllegalArgumentException("expected a named, non-NaN score for every source, got "
                        + e.getKey() + " -> " + e.getValue());
            }
        }
        List<String> names = new ArrayList<>(scores.keySet());
        names.sort(Comparator.<String>comparingDouble(scores::get).reversed().thenComparing(Comparator.naturalOrder()));
        return names;
    }
}
