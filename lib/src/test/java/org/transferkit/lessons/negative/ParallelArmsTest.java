package org.transferkit.lessons.negative;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Sgd;
import org.transferkit.Kit;
import org.transferkit.models.Models;
import tech.tablesaw.api.Table;

class ParallelArmsTest {

    private static Map<String, ParallelArms.Arm> arms() {
        Kit.init();
        ImageBlobs data = new ImageBlobs();
        Map<String, ParallelArms.Arm> arms = new LinkedHashMap<>();
        arms.put("square", seed -> seed * seed);
        // a real network per seed: results must not depend on which thread trains it
        arms.put("network", seed -> new TargetProtocol(data.pool, data.test, 3, 15, new Sgd(0.1),
                s -> Models.mlp(16, new int[] {8}, 3, new Sgd(0.1), s)).scratch(seed));
        return arms;
    }

    /** Tiny 4x4 three-class data, shared by the arms. */
    static final class ImageBlobs {
        final org.transferkit.data.ImageDataset pool = TargetProtocolTest.blobs("pool", 60, 3, 0, 1);
        final org.transferkit.data.ImageDataset test = TargetProtocolTest.blobs("test", 90, 3, 0, 2);
    }

    @Test
    void sameTableWithOneOrSeveralThreadsInSeedThenArmOrder() {
        long[] seeds = {3, 1, 2, 5};
        Table one = ParallelArms.run(arms(), 10, seeds, 1);
        Table two = ParallelArms.run("two threads", arms(), 10, seeds, 2);
        assertEquals(8, one.rowCount());
        assertEquals(one.toString(), two.toString());
        assertEquals("square", one.stringColumn("method").get(0));
        assertEquals(3L, one.longColumn("seed").get(0));
        assertEquals(9.0, one.doubleColumn("value").get(0));
        assertEquals("network", one.stringColumn("method").get(1));
        assertEquals(10, one.intColumn("k").get(7));
        for (int r = 0; r < one.rowCount(); r++) {
            assertEquals(one.doubleColumn("value").get(r), two.doubleColumn("value").get(r));
        }
    }

    @Test
    void aFailingArmNamesItselfAndTheSeed() {
        Map<String, ParallelArms.Arm> arms = new LinkedHashMap<>();
        arms.put("fine", seed -> 0.5);
        arms.put("broken", seed -> {
            if (seed == 2) {
                throw new java.io.IOException("disk on fire");
            }
            return 0.1;
        });
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ParallelArms.run(arms, 1, new long[] {1, 2, 3}, 2));
        assertTrue(e.getMessage().contains("'broken'") && e.getMessage().contains("seed 2")
                && e.getMessage().contains("disk on fire"), e.getMessage());
    }

    @Test
    void invalidArgumentsAreRejected() {
        Map<String, ParallelArms.Arm> arms = new LinkedHashMap<>();
        arms.put("a", seed -> 0);
        assertThrows(IllegalArgumentException.class, () -> ParallelArms.run(new LinkedHashMap<>(), 1, new long[] {1}, 1));
        assertThrows(IllegalArgumentException.class, () -> ParallelArms.run(arms, 1, new long[0], 1));
        assertThrows(IllegalArgumentException.class, () -> ParallelArms.run(arms, 1, new long[] {1}, 0));
    }

    @Test
    void defaultThreadsComeFromTheEnvironmentOrTheCores() {
        assertEquals(2, ParallelArms.threadsFrom(null, 2));
        assertEquals(4, ParallelArms.threadsFrom(" ", 4));
        assertEquals(1, ParallelArms.threadsFrom("1", 16));
        assertEquals(3, ParallelArms.threadsFrom(" 3 ", 1));
        assertThrows(IllegalArgumentException.class, () -> ParallelArms.threadsFrom("0", 2));
        assertThrows(IllegalArgumentException.class, () -> ParallelArms.threadsFrom("two", 2));
        assertTrue(ParallelArms.defaultThreads() >= 1);
    }
}
