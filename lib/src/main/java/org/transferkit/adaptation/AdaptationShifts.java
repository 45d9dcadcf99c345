package org.transferkit.adaptation;

import org.nd4j.linalg.dataset.DataSet;
import org.transferkit.data.Datasets;
import org.transferkit.data.ImageDataset;
import org.transferkit.data.TrainTest;

/**
 * The kit's domain shifts, ready for adaptation experiments: the rotated two-moons toy and three digit shifts. Every
 * digit image of {@link #byName} is a 3x28x28 colour image in channel-planar order ({@code [n, 2352]}, grey digits
 * copied into all three channels) so one network serves every digit shift; {@link #mnistToOptdigits28(long)} gives
 * grey, standardised {@code [n, 784]} images with splits drawn per seed (the DANN lesson's recipe).
 *
 * <p>Protocol (no target labels in training or model selection): the source training split is divided into
 * {@code sourceTrain} and a held-out {@code sourceVal} (for model selection); the target training split gives
 * {@code targetTrain} (features for adaptation; its labels are kept only for the oracle "trained on target") and a
 * held-out {@code targetVal} (features for the domain monitor); {@code targetTest} is the target's fixed test split,
 * to be evaluated once at the end; {@code sourceTest} is the source's test split (for the source-domain accuracy).
 */
public final class AdaptationShifts {

    /** One source-to-target shift; all sets labelled one-hot over 10 classes. */
    public record Shift(String name, DataSet sourceTrain, DataSet sourceVal, DataSet sourceTest, DataSet targetTrain,
            DataSet targetVal, DataSet targetTest) {
    }

    /** Share of each training split kept for training; the rest is the validation part. */
    public static final double TRAIN_FRACTION = 0.875;

    private AdaptationShifts() {
    }

    /** The digit shift by name: "MNIST -> MNIST-M-like", "MNIST -> optdigits" or "optdigits -> MNIST". */
    public static Shift byName(String name) {
        return switch (name) {
            case "MNIST -> MNIST-M-like" -> mnistToMnistMLike();
            case "MNIST -> optdigits" -> mnistToOptdigits();
            case "optdigits -> MNIST" -> optdigitsToMnist();
            default -> throw new IllegalArgumentException("Unknown shift '" + name
                    + "'; expected MNIST -> MNIST-M-like, MNIST -> optdigits or optdigits -> MNIST");
        };
    }

    /**
     * MNIST (grey, 8,000 training digits) to an MNIST-M-like colour version of the same split (see
     * {@link DomainShifts#mnistMLike}; textures are crops of 2,000 Fashion-MNIST images). As in MNIST-M the target
     * images are coloured copies of MNIST digits; each part is coloured with its own seed.
     */
    public static Shift mnistToMnistMLike() {
        TrainTest m = Datasets.mnistSplit();
        ImageDataset[] tv = m.train().split(TRAIN_FRACTION, 1);
        float[][] textures = Datasets.fashionMnist().sample(2000, 7).pixels();
        return new Shift("MNIST -> MNIST-M-like", grey(tv[0]), grey(tv[1]), grey(m.test()), colour(tv[0], textures, 11),
                colour(tv[1], textures, 12), colour(m.test(), textures, 13));
    }

    /** MNIST to UCI optdigits resampled to 28x28 ({@link Datasets#optdigits28()}). */
    public static Shift mnistToOptdigits() {
        return pair("MNIST -> optdigits", Datasets.mnistSplit(), Datasets.optdigits28Split());
    }

    /**
     * MNIST to optdigits as grey 28x28 images ({@code [n, 784]}), split afresh for each seed: MNIST (pixels /255)
     * 60 % source-train and 10 % source-validation per class (the other 30 % is {@code sourceTest}); optdigits
     * ({@link Datasets#optdigits28()}: 8x8 /16, bilinear to 20x20, pasted in rows and columns 4-23) 75 %
     * target-train and 25 % target-test per class; {@code targetVal} is the target-train images (their features only
     * feed monitors). Both domains are standardised with one scalar mean and standard deviation of the source-train
     * pixels.
     */
    public static Shift mnistToOptdigits28(long seed) {
        return mnistToOptdigits28(seed, 0, 1);
    }

    /**
     * As {@link #mnistToOptdigits28(long)} with an intensity change of the target pixels before standardisation:
     * {@code x' = offset + gain * x} ({@code (1, -1)} inverts the digits, {@code (0.4, 0.2)} gives grey, low-contrast
     * ones).
     */
    public static Shift mnistToOptdigits28(long seed, double offset, double gain) {
        ImageDataset[] m = Datasets.mnist().split(0.6, seed);
        ImageDataset[] valTest = m[1].split(0.25, seed + 1);
        ImageDataset[] o = Datasets.optdigits28().split(0.75, seed + 2);
        double sum = 0;
        double sumSq = 0;
        long count = 0;
        for (float[] img : m[0].pixels()) {
            for (float v : img) {
                sum += v;
                sumSq += (double) v * v;
                count++;
            }
        }
        double mean = sum / count;
        double sd = Math.sqrt(sumSq / count - mean * mean);
        DataSet oTrain = scaled(o[0], offset, gain, mean, sd);
        return new Shift("MNIST -> optdigits", scaled(m[0], 0, 1, mean, sd), scaled(valTest[0], 0, 1, mean, sd),
                scaled(valTest[1], 0, 1, mean, sd), oTrain, oTrain, scaled(o[1], offset, gain, mean, sd));
    }

    private static DataSet scaled(ImageDataset d, double offset, double gain, double mean, double sd) {
        DataSet ds = d.toDataSet(10);
        ds.setFeatures(ds.getFeatures().muli(gain).addi(offset).subi(mean).divi(sd));
        return ds;
    }

    /** UCI optdigits resampled to 28x28 to MNIST. */
    public static Shift optdigitsToMnist() {
        return pair("optdigits -> MNIST", Datasets.optdigits28Split(), Datasets.mnistSplit());
    }

    /**
     * The DANN paper's rotated two-moons ({@link TwoMoons#paper}): 150 labelled source points, 150 unlabelled target
     * points rotated by 35 degrees (also used as the target monitor set), 1,000 target test points; source validation
     * (150) and source test (1,000) are further unrotated draws. Different seeds give different points.
     */
    public static Shift moons(long seed) {
        TwoMoons.Domains d = TwoMoons.paper(seed);
        TwoMoons.Domains extra = TwoMoons.generate(150, 0.05, 0, 1000, seed + 1_000_003L);
        return new Shift("two-moons, rotated 35 degrees", d.source(), extra.target(), extra.targetTest(), d.target(),
                d.target(), d.targetTest());
    }

    private static Shift pair(String name, TrainTest source, TrainTest target) {
        ImageDataset[] s = source.train().split(TRAIN_FRACTION, 1);
        ImageDataset[] t = target.train().split(TRAIN_FRACTION, 2);
        return new Shift(name, grey(s[0]), grey(s[1]), grey(source.test()), grey(t[0]), grey(t[1]),
                grey(target.test()));
    }

    private static DataSet grey(ImageDataset d) {
        return DomainShifts.toRgb(d.toDataSet(10));
    }

    private static DataSet colour(ImageDataset d, float[][] textures, long seed) {
        return DomainShifts.toDataSet(DomainShifts.mnistMLike(d.pixels(), textures, seed), d.labels(), 10);
    }
}
