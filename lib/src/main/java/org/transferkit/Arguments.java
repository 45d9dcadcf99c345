package org.transferkit;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Argument validation for the library: every failure is an {@link IllegalArgumentException} that names the argument
 * and says what was expected. (Not to be confused with {@link Checks}, the notebooks' claim checks.)
 */
public final class Arguments {
    private Arguments() {
    }

    /** A DataSet with features and at least one example. */
    public static void nonEmpty(DataSet data, String what) {
        if (data == null || data.getFeatures() == null || data.numExamples() == 0) {
            throw new IllegalArgumentException(what + ": expected a non-empty DataSet");
        }
    }

    /** A non-empty DataSet with one-hot labels, one row per example. */
    public static void labelled(DataSet data, String what) {
        nonEmpty(data, what);
        if (data.getLabels() == null || data.getLabels().rank() != 2
                || data.getLabels().size(0) != data.getFeatures().size(0)) {
            throw new IllegalArgumentException(what + ": expected one-hot labels [n, C] with n = "
                    + data.getFeatures().size(0) + " rows");
        }
    }

    /** An integer of at least 1. */
    public static void positive(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, got " + value);
        }
    }

    /** A finite number above 0, e.g. a learning rate. */
    public static void positive(double value, String name) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number > 0, got " + value);
        }
    }

    /** A name that is not null or blank. */
    public static void notBlank(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank, got " + (value == null ? "null" : "'" + value + "'"));
        }
    }

    /** A finite number of at least 0. */
    public static void nonNegative(double value, String name) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number >= 0, got " + value);
        }
    }

    /** An initialised MultiLayerNetwork. */
    public static void network(MultiLayerNetwork net, String what) {
        if (net == null) {
            throw new IllegalArgumentException(what + ": expected a MultiLayerNetwork, got null");
        }
        if (net.getLayers() == null || net.getnLayers() == 0) {
            throw new IllegalArgumentException(what + ": network has no layers (call init() first)");
        }
    }

    /** An optimiser (updater) for the trainable layers. */
    public static void updater(org.nd4j.linalg.learning.config.IUpdater updater) {
        if (updater == null) {
            throw new IllegalArgumentException("updater must be given, e.g. new Adam(1e-3)");
        }
    }
}
