package org.transferkit.multitask;

import java.util.Random;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Small deterministic multi-task problems for the tests. */
final class Synthetic {

    private Synthetic() {
    }

    /** Features uniform in [0,1), {@code [n, d]}. */
    static INDArray features(int n, int d, long seed, DataType type) {
        Random r = new Random(seed);
        double[][] x = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x[i][j] = r.nextDouble();
            }
        }
        return Nd4j.create(x).castTo(type);
    }

    /** Class = argmax of a fixed random linear map of the (centred) features. */
    static int[] linearClasses(INDArray x, int classes, long seed) {
        Random r = new Random(seed);
        int d = (int) x.size(1);
        double[][] w = new double[classes][d];
        for (double[] row : w) {
            for (int j = 0; j < d; j++) {
                row[j] = r.nextGaussian();
            }
        }
        double[][] xs = x.toDoubleMatrix();
        int[] y = new int[xs.length];
        for (int i = 0; i < xs.length; i++) {
            double best = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                double s = 0;
                for (int j = 0; j < d; j++) {
                    s += w[c][j] * (xs[i][j] - 0.5);
                }
                if (s > best) {
                    best = s;
                    y[i] = c;
                }
            }
        }
        return y;
    }

    /** One-hot {@code [n, classes]} of class indices. */
    static INDArray oneHot(int[] y, int classes, DataType type) {
        double[][] m = new double[y.length][classes];
        for (int i = 0; i < y.length; i++) {
            m[i][y[i]] = 1;
        }
        return Nd4j.create(m).castTo(type);
    }

    /** A two-task problem on d features: "a" with 3 classes, "b" with 2 classes. */
    static MultiTaskData twoTasks(int n, int d, long seed) {
        INDArray x = features(n, d, seed, DataType.FLOAT);
        return MultiTaskData.of(x)
                .withTask("a", linearClasses(x, 3, seed + 1), 3)
                .withTask("b", linearClasses(x, 2, seed + 2), 2);
    }
}
