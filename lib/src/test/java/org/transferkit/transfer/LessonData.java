package org.transferkit.transfer;

import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.transferkit.data.ImageDataset;
import org.transferkit.models.Models;
import org.transferkit.training.Trainer;

/** Small synthetic image sets and networks for fast, deterministic tests of the lesson classes. */
final class LessonData {
    private LessonData() {
    }

    /**
     * {@code perClass} noisy 28x28 images of each of {@code classes} classes: class c lights up a horizontal band of
     * rows 4c..4c+3 (plus uniform noise), so the classes are easy but not trivial.
     */
    static ImageDataset bands(int classes, int perClass, long seed) {
        Random random = new Random(seed);
        int n = classes * perClass;
        float[][] pixels = new float[n][784];
        int[] labels = new int[n];
        String[] names = new String[classes];
        for (int c = 0; c < classes; c++) {
            names[c] = "band" + c;
        }
        for (int i = 0; i < n; i++) {
            int c = i % classes;
            labels[i] = c;
            for (int p = 0; p < 784; p++) {
                int row = p / 28;
                float base = row >= 4 * c + 2 && row < 4 * c + 6 ? 0.8f : 0f;
                pixels[i][p] = Math.min(1f, base + 0.3f * random.nextFloat());
            }
        }
        return new ImageDataset("bands", 28, 28, 1, pixels, labels, names);
    }

    /** An MLP 784-16-8-classes trained briefly on {@code data}: a cheap stand-in for a pretrained source network. */
    static MultiLayerNetwork sourceMlp(ImageDataset data, long seed) {
        MultiLayerNetwork net = Models.mlp(784, new int[] {16, 8}, data.numClasses(), new Nesterovs(0.05, 0.9), seed);
        Trainer.fitSteps(net, data.toDataSet(), 30, 16, seed);
        return net;
    }
}
