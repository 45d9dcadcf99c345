package org.transferkit.transfer;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;

/** Input validation shared by the transfer classes; every failure is an IllegalArgumentException saying what was expected. */
final class Checks {
    private Checks() {
    }

    static void nonEmpty(DataSet data, String what) {
        if (data == null || data.getFeatures() == null || data.numExamples() == 0) {
            throw new IllegalArgumentException(what + ": expected a non-empty DataSet");
        }
    }

    static void labelled(DataSet data, String what) {
        nonEmpty(data, what);
        if (data.getLabels() == null || data.getLabels().rank() != 2
                || data.getLabels().size(0) != data.getFeatures().size(0)) {
            throw new IllegalArgumentException(what + ": expected one-hot labels [n, C] with n = "
                    + data.getFeatures().size(0) + " rows");
        }
    }

    static void positive(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, got " + value);
        }
    }

    static void nonNegative(double value, String name) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number >= 0, got " + value);
        }
    }

    static void network(MultiLayerNetwork net, String what) {
        if (net == null) {
            throw new IllegalArgumentException(what + ": expected a MultiLayerNetwork, got null");
        }
        if (net.getLayers() == null || net.getnLayers() == 0) {
            throw new IllegalArgumentException(what + ": network has no layers (call init() first)");
        }
    }
}
