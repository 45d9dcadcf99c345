package org.transferkit.data;

/** A train/test pair of one dataset, e.g. the fixed split from {@link Datasets#mnistSplit()}. */
public record TrainTest(ImageDataset train, ImageDataset test) {

    /** Wraps the {@code [train, test]} array returned by {@link ImageDataset#split(double, long)}. */
    public static TrainTest of(ImageDataset[] parts) {
        if (parts == null || parts.length != 2) {
            throw new IllegalArgumentException("Expected [train, test], got " + (parts == null ? "null" : parts.length + " parts"));
        }
        return new TrainTest(parts[0], parts[1]);
    }
}
