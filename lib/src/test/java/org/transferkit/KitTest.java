package org.transferkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class KitTest {

    @Test
    void initIsIdempotentAndAppliesSettings() {
        Kit.init();
        Kit.init();
        assertEquals(DataType.FLOAT, Nd4j.dataType());
        assertEquals(DataType.FLOAT, Nd4j.createUninitialized(2, 2).dataType());
    }

    @Test
    void threadsCanBeChanged() {
        Kit.init();
        if (!Nd4j.getEnvironment().isCPU()) {
            return;
        }
        String omp = Kit.describe().get("omp threads");
        String blas = Kit.describe().get("blas threads");
        try {
            Kit.threads(1, 1);
            assertEquals("1", Kit.describe().get("omp threads"));
            assertEquals("1", Kit.describe().get("blas threads"));
            assertEquals(1, Nd4j.getEnvironment().maxMasterThreads());
        } finally {
            Kit.threads(Integer.parseInt(omp), Integer.parseInt(blas));
        }
        assertThrows(IllegalArgumentException.class, () -> Kit.threads(0, 1));
    }

    @Test
    void contextClassLoaderSeesNd4j() throws Exception {
        Kit.init();
        Class<?> c = Class.forName("org.nd4j.linalg.factory.Nd4j", false,
                Thread.currentThread().getContextClassLoader());
        assertEquals(Nd4j.class, c);
    }

    @Test
    void profileParsing() {
        assertEquals(Profile.FULL, Kit.parseProfile(null));
        assertEquals(Profile.FULL, Kit.parseProfile(" "));
        assertEquals(Profile.FAST, Kit.parseProfile("fast"));
        assertEquals(Profile.FAST, Kit.parseProfile("FAST "));
        assertEquals(Profile.FULL, Kit.parseProfile("full"));
        assertThrows(IllegalArgumentException.class, () -> Kit.parseProfile("quick"));
        assertEquals(Kit.fast() ? "a" : "b", Kit.byProfile("a", "b"));
    }

    @Test
    void describeListsTheSetup() {
        var d = Kit.describe();
        for (String key : new String[] {"backend", "device", "cores", "blas threads", "omp threads", "java",
            "profile"}) {
            assertTrue(d.containsKey(key), key);
        }
        assertTrue(Kit.describeText().contains("backend"));
    }

    @Test
    void seedsAddTheOffsetFromTheEnvironment() {
        long offset = Kit.seedOffset(); // KIT_SEED_OFFSET of this JVM (0 unless a reviewer set it)
        assertEquals(11 + offset, Kit.seed(11));
        assertEquals(String.valueOf(offset), Kit.describe().get("seed offset"));
        assertTrue(Kit.describe().containsKey("native build"));
    }
}
