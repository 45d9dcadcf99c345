package org.transferkit.multitask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import tech.tablesaw.api.Table;

class DeltaMtlTest {

    @Test
    void byHand() {
        // accuracy 0.80 -> 0.84: +5 %; error 0.40 -> 0.38: lower is better, -(0.38-0.40)/0.40 = +5 %;
        // accuracy 0.50 -> 0.45: -10 %. Mean = 0 %.
        Map<String, Double> stl = new LinkedHashMap<>();
        Map<String, Double> mtl = new LinkedHashMap<>();
        Map<String, Boolean> hib = new LinkedHashMap<>();
        stl.put("acc", 0.80);
        mtl.put("acc", 0.84);
        hib.put("acc", true);
        stl.put("err", 0.40);
        mtl.put("err", 0.38);
        hib.put("err", false);
        stl.put("acc2", 0.50);
        mtl.put("acc2", 0.45);
        hib.put("acc2", true);
        Map<String, Double> per = DeltaMtl.perTask(mtl, stl, hib);
        assertEquals(5.0, per.get("acc"), 1e-9);
        assertEquals(5.0, per.get("err"), 1e-9);
        assertEquals(-10.0, per.get("acc2"), 1e-9);
        assertEquals(0.0, DeltaMtl.compute(mtl, stl, hib), 1e-9);

        // two tasks: +5 % and +5 % -> +5 %
        assertEquals(5.0, DeltaMtl.compute(Map.of("a", 0.84, "e", 0.38), Map.of("a", 0.80, "e", 0.40),
                Map.of("a", true, "e", false)), 1e-9);
        // an error that grows is negative: 0.10 -> 0.12 = -20 %
        assertEquals(-20.0, DeltaMtl.compute(Map.of("e", 0.12), Map.of("e", 0.10), Map.of("e", false)), 1e-9);

        Table t = DeltaMtl.table(mtl, stl, hib);
        assertEquals(4, t.rowCount());
        assertEquals(0.0, t.doubleColumn("delta %").get(3), 1e-9);
    }

    @Test
    void invalidInputs() {
        assertThrows(IllegalArgumentException.class,
                () -> DeltaMtl.compute(Map.of("a", 1.0), Map.of("b", 1.0), Map.of("a", true)));
        assertThrows(IllegalArgumentException.class,
                () -> DeltaMtl.compute(Map.of("a", 1.0), Map.of("a", 0.0), Map.of("a", true)));
        assertThrows(IllegalArgumentException.class,
                () -> DeltaMtl.compute(Map.of(), Map.of(), Map.of()));
        assertThrows(IllegalArgumentException.class,
                () -> DeltaMtl.compute(Map.of("a", Double.NaN), Map.of("a", 1.0), Map.of("a", true)));
    }
}
