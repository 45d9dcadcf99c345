package org.transferkit.lessons.transfer;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.learning.config.IUpdater;
import org.transferkit.models.Models;

/**
 * Networks of the transfer lessons that {@link org.transferkit.models.Models} does not have. {@link #lenet5} has the
 * layer widths of LeCun et al.'s original LeNet-5 (6 and 16 feature maps, 120 and 84 units), about a third of the
 * compute of {@code Models.lenet} (20 and 50 maps, 500 units), so the lessons' seed grids fit a laptop CPU, and one
 * more dense layer, which gives the freeze-depth sweep more depths to try.
 */
public final class LessonNets {
    private LessonNets() {
    }

    /**
     * LeNet-5 widths for flat 28x28 grey input ([n, 784]): "conv1" 5x5x6 ReLU, "pool1" max 2x2, "conv2" 5x5x16 ReLU,
     * "pool2" max 2x2, "fc1" dense 120 ReLU, "fc2" dense 84 ReLU, "out" softmax (cross-entropy). DL4J layer indices
     * 0..6. ReLU (He) initialisation, Xavier for the output layer, as in {@code Models.lenet}.
     *
     * @param nOut    number of classes, at least 2
     * @param updater optimiser of every layer
     * @param seed    seed of the weight initialisation (any value: mapped by {@link org.transferkit.Kit#nativeSeed}, because
     *                DL4J ignores a seed of 0)
     */
    public static MultiLayerNetwork lenet5(int nOut, IUpdater updater, long seed) {
        if (nOut < 2) {
            throw new IllegalArgumentException("nOut must be at least 2 classes, got " + nOut);
        }
        if (updater == null) {
            throw new IllegalArgumentException("updater must be given, e.g. new Nesterovs(0.01, 0.9)");
        }
        return Models.lenet(nOut, 6, 16, new int[] {120, 84}, updater, seed);
    }
}
