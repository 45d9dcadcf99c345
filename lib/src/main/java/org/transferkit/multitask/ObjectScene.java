package org.transferkit.multitask;

import java.util.LinkedHashMap;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.transferkit.data.ImageDataset;

import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Two tasks on Fashion-MNIST images: the <em>object</em> (the item, 10 classes) and the <em>scene</em> it belongs to
 * (3 classes: beach, snow, city). The scene is a context assigned per item (T-shirt, dress and sandal go to the beach;
 * pullover, coat and ankle boot to the snow; trouser, shirt, sneaker and bag to the city), so it is a function of the
 * object, and each scene mixes items that look nothing alike (a sandal and a dress): to tell scenes apart a network
 * has to recognise the items. The data builders set up the two regimes that notebook 05 compares: both tasks labelled
 * on the same images, or a data-poor scene task next to a label-rich object task on other images.
 */
public final class ObjectScene {

    /** Task name of the 10-way item task. */
    public static final String OBJECT = "object";
    /** Task name of the 3-way scene task. */
    public static final String SCENE = "scene";

    private static final int[] SCENE_OF_ITEM = {0, 2, 1, 0, 1, 0, 2, 2, 2, 1};
    private static final String[] SCENES = {"beach", "snow", "city"};

    private ObjectScene() {
    }

    /** Number of scene classes (3). */
    public static int numScenes() {
        return SCENES.length;
    }

    /** Scene names in class order: beach, snow, city. */
    public static String[] sceneNames() {
        return SCENES.clone();
    }

    /** The scene class of a Fashion-MNIST item class (0..9). */
    public static int scene(int item) {
        if (item < 0 || item >= SCENE_OF_ITEM.length) {
            throw new IllegalArgumentException("expected a Fashion-MNIST item class in [0, 9], got " + item);
        }
        return SCENE_OF_ITEM[item];
    }

    /** Scene classes of item classes. */
    public static int[] scenes(int[] items) {
        int[] out = new int[items.length];
        for (int i = 0; i < items.length; i++) {
            out[i] = scene(items[i]);
        }
        return out;
    }

    /** The mapping as a table: item, scene. */
    public static Table mappingTable(String[] itemNames) {
        if (itemNames == null || itemNames.length != SCENE_OF_ITEM.length) {
            throw new IllegalArgumentException("expected 10 item names");
        }
        StringColumn item = StringColumn.create("object (item)");
        StringColumn scene = StringColumn.create("scene");
        for (int c = 0; c < itemNames.length; c++) {
            item.append(itemNames[c]);
            scene.append(SCENES[SCENE_OF_ITEM[c]]);
        }
        return Table.create("Object and scene", item, scene);
    }

    /** Both tasks labelled on every image (a test set, or a training set where both tasks see the same images). */
    public static MultiTaskData bothTasks(ImageDataset images) {
        requireFashion(images);
        INDArray x = images.toDataSet().getFeatures();
        return MultiTaskData.of(x)
                .withTask(OBJECT, images.labels(), 10)
                .withTask(SCENE, scenes(images.labels()), SCENES.length);
    }

    /** {@code n} images drawn from {@code pool} (seeded), both tasks labelled on all of them. */
    public static MultiTaskData sameImages(ImageDataset pool, int n, long seed) {
        requireFashion(pool);
        return bothTasks(pool.sample(n, seed));
    }

    /**
     * A data-poor scene task next to a label-rich object task on other images: {@code sceneLabels + objectLabels}
     * images drawn from {@code pool} (seeded); the first {@code sceneLabels} carry only a scene label, the others only
     * an object label. The shared trunk can learn from images whose scene the scene head never sees.
     */
    public static MultiTaskData disjoint(ImageDataset pool, int sceneLabels, int objectLabels, long seed) {
        requireFashion(pool);
        if (sceneLabels < 1 || objectLabels < 1) {
            throw new IllegalArgumentException("expected at least one image per task, got scene=" + sceneLabels
                    + ", object=" + objectLabels);
        }
        if (sceneLabels + objectLabels > pool.size()) {
            throw new IllegalArgumentException("expected at most " + pool.size() + " images in all, got "
                    + (sceneLabels + objectLabels));
        }
        ImageDataset drawn = pool.sample(sceneLabels + objectLabels, seed);
        int[] sceneRows = new int[sceneLabels];
        int[] objectRows = new int[objectLabels];
        for (int i = 0; i < sceneLabels; i++) {
            sceneRows[i] = i;
        }
        for (int i = 0; i < objectLabels; i++) {
            objectRows[i] = sceneLabels + i;
        }
        ImageDataset scenePart = drawn.subset(sceneRows);
        scenePart = scenePart.withLabels(scenes(scenePart.labels()), sceneNames());
        Map<String, org.nd4j.linalg.dataset.DataSet> parts = new LinkedHashMap<>();
        parts.put(OBJECT, drawn.subset(objectRows).toDataSet());
        parts.put(SCENE, scenePart.toDataSet());
        return MultiTaskData.ofDisjoint(parts);
    }

    private static void requireFashion(ImageDataset d) {
        if (d == null || d.numClasses() != SCENE_OF_ITEM.length || d.featureCount() != 784) {
            throw new IllegalArgumentException("expected Fashion-MNIST images (10 classes, 28x28), got " + d);
        }
    }
}
