package org.transferkit.multitask;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.transferkit.Kit;
import org.transferkit.data.ImageDataset;
import org.transferkit.experiment.Experiment;
import org.transferkit.stats.Interval;

import tech.tablesaw.api.Table;

class StudyTest {

    @BeforeAll
    static void setUp() {
        Kit.threads(1, 1); // tiny networks: one thread is faster and stable on a shared machine
    }

    /** A fake Fashion-MNIST: 28x28 images of 10 classes, each class a bright block at its own place plus noise. */
    static ImageDataset fakeFashion(int n, long seed) {
        Random r = new Random(seed);
        float[][] px = new float[n][784];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 10;
            for (int j = 0; j < 784; j++) {
                px[i][j] = 0.1f * r.nextFloat();
            }
            for (int j = labels[i] * 70; j < labels[i] * 70 + 70; j++) {
                px[i][j] += 0.8f;
            }
        }
        String[] names = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
            "Ankle boot"};
        return new ImageDataset("fake-fashion", 28, 28, 1, px, labels, names);
    }

    @Test
    void objectSceneMappingAndData() {
        assertEquals(3, ObjectScene.numScenes());
        assertArrayEquals(new int[] {0, 2, 1, 0, 1, 0, 2, 2, 2, 1}, ObjectScene.scenes(new int[] {0, 1, 2, 3, 4, 5,
            6, 7, 8, 9}));
        assertEquals(10, ObjectScene.mappingTable(fakeFashion(10, 1).classNames()).rowCount());
        ImageDataset pool = fakeFashion(200, 1);
        MultiTaskData d = ObjectScene.disjoint(pool, 30, 100, 5);
        assertEquals(130, d.size());
        assertEquals(30, d.labelledCount(ObjectScene.SCENE));
        assertEquals(100, d.labelledCount(ObjectScene.OBJECT));
        boolean[] s = d.isLabelled(ObjectScene.SCENE);
        boolean[] o = d.isLabelled(ObjectScene.OBJECT);
        for (int i = 0; i < s.length; i++) {
            assertTrue(s[i] ^ o[i], "each row is labelled for exactly one task");
        }
        MultiTaskData same = ObjectScene.sameImages(pool, 50, 5);
        assertEquals(50, same.labelledCount(ObjectScene.SCENE));
        assertEquals(50, same.labelledCount(ObjectScene.OBJECT));
        // scene labels agree with the mapping of the object labels
        int[] obj = same.labels(ObjectScene.OBJECT).argMax(1).toIntVector();
        int[] scn = same.labels(ObjectScene.SCENE).argMax(1).toIntVector();
        assertArrayEquals(ObjectScene.scenes(obj), scn);
        assertThrows(IllegalArgumentException.class, () -> ObjectScene.disjoint(pool, 150, 100, 1));
        assertThrows(IllegalArgumentException.class, () -> ObjectScene.scene(10));
    }

    @Test
    void attributes() {
        boolean[][] a = FashionAttributes.of(new int[] {4, 8});
        assertArrayEquals(new boolean[] {true, true, false, true, false}, a[0]); // coat
        assertArrayEquals(new boolean[5], a[1]);                                 // bag: the empty set
        boolean[][] m = FashionAttributes.unknownAsAbsent(a, 1, new boolean[] {false, true});
        assertFalse(m[0][1]);
        assertTrue(a[0][1], "input unchanged");
        Table t = FashionAttributes.table(fakeFashion(10, 1).classNames());
        assertEquals(10, t.rowCount());
        assertEquals("{}", t.stringColumn("label set").get(1));
        assertThrows(IllegalArgumentException.class, () -> FashionAttributes.of(new int[] {11}));
    }

    @Test
    void studyRunsArmsAndSummarises() {
        ImageDataset pool = fakeFashion(300, 2);
        MultiTaskData test = ObjectScene.bothTasks(fakeFashion(100, 3));
        MlpSetup setup = new MlpSetup(new int[] {8}, 0.01, 1e-3, 20, 16);
        List<MtlStudy.Arm> arms = List.of(MtlStudy.Arm.singleTask(ObjectScene.SCENE),
                MtlStudy.Arm.singleTask(ObjectScene.OBJECT),
                MtlStudy.Arm.equalWeights("multi-task", ObjectScene.OBJECT, ObjectScene.SCENE));
        Table r = MtlStudy.run(arms, s -> ObjectScene.disjoint(pool, 20, 100, s), test, setup, new long[] {1, 2});
        assertEquals(2 * 4, r.rowCount(), "2 seeds x (1 + 1 + 2) task results");
        Table g = MtlStudy.gains(r, "multi-task", "single-task", List.of(ObjectScene.OBJECT, ObjectScene.SCENE));
        assertEquals(2, g.rowCount());
        Interval gain = MtlStudy.gain(r, ObjectScene.SCENE, "multi-task", "single-task");
        assertEquals(gain.mean() * 100, g.doubleColumn("gain (points)").get(1), 1e-9);
        assertEquals(2, MtlStudy.deltaMtlPerSeed(r, "multi-task", "single-task",
                List.of(ObjectScene.OBJECT, ObjectScene.SCENE)).length);
        assertEquals(4, Experiment.summary(r).rowCount(), "4 methods, one k");
        // same seed, same numbers
        Table again = MtlStudy.run(arms.subList(0, 1), s -> ObjectScene.disjoint(pool, 20, 100, s), test, setup,
                new long[] {1});
        assertEquals(r.doubleColumn("value").get(0), again.doubleColumn("value").get(0), 0.0);
        // evaluated on a validation set as well: the test numbers are those of run()
        MultiTaskData validation = ObjectScene.bothTasks(fakeFashion(80, 4));
        MtlStudy.Evaluated ev = MtlStudy.runWithValidation(arms, s -> ObjectScene.disjoint(pool, 20, 100, s),
                validation, test, setup, new long[] {1, 2});
        assertEquals(r.doubleColumn("value").asList(), ev.test().doubleColumn("value").asList());
        assertEquals(r.rowCount(), ev.validation().rowCount());
        assertEquals(2 * r.rowCount(), ev.combine(ev).test().rowCount());
        Interval eq = MtlStudy.equivalence(r, ObjectScene.SCENE, "multi-task", "single-task");
        assertEquals(gain.mean(), eq.mean(), 1e-12);
        assertTrue(eq.halfWidth() < gain.halfWidth(), "a 90% interval is narrower than the 95% one");
    }

    @Test
    void deltaMtlPerSeedByHand() {
        Table r = Experiment.emptyResults();
        Experiment.add(r, MtlStudy.method("a", "mtl"), 0, 1, 0.9);
        Experiment.add(r, MtlStudy.method("a", "stl"), 0, 1, 0.8);
        Experiment.add(r, MtlStudy.method("b", "mtl"), 0, 1, 0.5);
        Experiment.add(r, MtlStudy.method("b", "stl"), 0, 1, 0.5);
        double[] d = MtlStudy.deltaMtlPerSeed(r, "mtl", "stl", List.of("a", "b"));
        assertArrayEquals(new double[] {(0.1 / 0.8 * 100 + 0) / 2}, d, 1e-12);
        Table both = MtlStudy.combine(r, r);
        assertEquals(8, both.rowCount());
        assertEquals(4, r.rowCount(), "inputs unchanged");
        assertThrows(IllegalArgumentException.class, () -> MtlStudy.gain(r, "a", "mtl", "stl"),
                "one seed is not enough for an interval");
        assertThrows(IllegalArgumentException.class, () -> MtlStudy.bySeed(r, "zzz", 0));
        assertThrows(IllegalArgumentException.class, () -> new MtlStudy.Arm("a: b", List.of("a"), s -> null));
    }

    @Test
    void setupBuildsMatchingGraphsAndNetworks() {
        MlpSetup setup = new MlpSetup(new int[] {8, 4}, 0.01, 0.0, 5, 8);
        MultiTaskData d = ObjectScene.bothTasks(fakeFashion(20, 1));
        ComputationGraph g = setup.graph(1, d, List.of(ObjectScene.OBJECT, ObjectScene.SCENE));
        assertEquals(List.of("fc1", "fc2"), HardSharing.sharedLayerNames(g));
        assertEquals(3, setup.network(1, 3).getLayer("out").getParam("b").length());
        assertArrayEquals(new String[] {"fc1", "fc2"}, setup.trunkLayers());
        assertEquals(7, setup.withSteps(7).steps());
        assertThrows(IllegalArgumentException.class, () -> new MlpSetup(new int[0], 0.01, 0, 5, 8));
        assertThrows(IllegalArgumentException.class, () -> new MlpSetup(new int[] {4}, 0.01, -1, 5, 8));
    }

    @Test
    void softSweep() {
        ImageDataset pool = fakeFashion(300, 4);
        MultiTaskData test = ObjectScene.bothTasks(fakeFashion(60, 5));
        MlpSetup setup = new MlpSetup(new int[] {8}, 0.01, 0.0, 15, 16);
        List<String> tasks = List.of(ObjectScene.OBJECT, ObjectScene.SCENE);
        Table t = SoftStudy.sweep(new double[] {0.0, 10.0}, new long[] {1, 2},
                s -> ObjectScene.disjoint(pool, 20, 100, s), test, tasks, setup);
        assertEquals(4, t.rowCount());
        double[] d0 = SoftStudy.values(t, "relative distance", 0.0);
        double[] d1 = SoftStudy.values(t, "relative distance", 10.0);
        for (int i = 0; i < 2; i++) {
            assertTrue(d1[i] < d0[i], "a large lambda pulls the trunks together: " + d1[i] + " vs " + d0[i]);
        }
        Table s = SoftStudy.summary(t, List.of("scene accuracy", "relative distance"));
        assertEquals(2, s.rowCount());
        assertEquals(2, s.intColumn("seeds").get(0));
        // lambda = 0 trains like independent networks
        MultiTaskData data = ObjectScene.disjoint(pool, 20, 100, 1);
        SoftSharing ss = SoftStudy.train(setup, data, tasks, 0.0, 1);
        var alone = SoftStudy.networks(setup, data, tasks, 1);
        SoftSharing.fitIndependently(alone, SoftStudy.taskData(data, tasks), setup.steps(), setup.rowsPerTask(), 1);
        assertEquals(alone.get(1).params(), ss.nets().get(1).params());
    }
}
