package org.transferkit.adaptation;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.transferkit.models.Models;
import org.transferkit.training.Trainer;

/**
 * The reference points of a transductive-transfer experiment on one {@link AdaptationShifts.Shift}: the source-only
 * network, the target oracle (the same network trained on labelled target data, the ceiling) and CORAL on the
 * source-only network's features.
 *
 * <p>CORAL here follows Sun, Feng &amp; Saenko (AAAI 2016) on deep features: the source-only network's features
 * are standardised per domain (each domain with its own mean and standard deviation), the source features are
 * re-coloured with the target covariance ({@link Coral#align}, eps 1), and a softmax-regression probe trained on
 * them is applied to the standardised target features. Two probes isolate the steps: the same probe on the raw
 * features (no adaptation) and on the per-domain standardised features (mean/scale only, no covariance).
 */
public final class ShiftBaselines {

    /** Target-test accuracies of the three probes trained on source features. */
    public record ProbeResult(double raw, double standardised, double coral) {
    }

    private ShiftBaselines() {
    }

    /** Trains {@code trainer.sourceOnly()} on the shift's source (target features only feed the domain monitor). */
    public static DannModel sourceOnly(DannTrainer trainer, AdaptationShifts.Shift shift) {
        return trainer.sourceOnly().fit(shift.sourceTrain(), shift.targetTrain().getFeatures(), shift.sourceVal(),
                shift.targetVal().getFeatures());
    }

    /** Trains {@code trainer.sourceOnly()} on the labelled target training rows: the "trained on target" ceiling. */
    public static DannModel oracle(DannTrainer trainer, AdaptationShifts.Shift shift) {
        return trainer.sourceOnly().fit(shift.targetTrain(), shift.sourceTrain().getFeatures(), shift.targetVal(),
                shift.sourceVal().getFeatures());
    }

    /**
     * Target-test accuracy of softmax-regression probes (Adam 0.01, {@code steps} steps of 128 rows) trained on the
     * source-only model's source features: raw, per-domain standardised, and CORAL-aligned.
     */
    public static ProbeResult probes(DannModel sourceOnly, AdaptationShifts.Shift shift, int steps, long seed) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be >= 1, got " + steps);
        }
        INDArray fs = sourceOnly.featuresOf(shift.sourceTrain()).castTo(DataType.DOUBLE);
        INDArray ft = sourceOnly.featuresOf(shift.targetTrain()).castTo(DataType.DOUBLE);
        INDArray fTest = sourceOnly.featuresOf(shift.targetTest()).castTo(DataType.DOUBLE);
        INDArray ys = shift.sourceTrain().getLabels();
        INDArray yTest = shift.targetTest().getLabels();

        double raw = probe(fs, ys, fTest, yTest, steps, seed);
        INDArray zs = standardise(fs, fs);
        INDArray zTest = standardise(fTest, ft);
        double standardised = probe(zs, ys, zTest, yTest, steps, seed);
        INDArray aligned = Coral.align(zs, standardise(ft, ft), 1.0);
        double coral = probe(aligned, ys, zTest, yTest, steps, seed);
        return new ProbeResult(raw, standardised, coral);
    }

    /** {@code (x - mean(ref)) / sd(ref)} column-wise; columns of {@code ref} with sd 0 are only centred. */
    public static INDArray standardise(INDArray x, INDArray ref) {
        INDArray r = ref.castTo(DataType.DOUBLE);
        INDArray mean = r.mean(0);
        INDArray sd = r.std(0);
        double[] s = sd.toDoubleVector();
        for (int j = 0; j < s.length; j++) {
            if (!(s[j] > 1e-8)) {
                sd.putScalar(j, 1.0);
            }
        }
        return x.castTo(DataType.DOUBLE).subRowVector(mean).diviRowVector(sd);
    }

    private static double probe(INDArray xTrain, INDArray yTrain, INDArray xTest, INDArray yTest, int steps,
            long seed) {
        int d = (int) xTrain.size(1);
        MultiLayerNetwork net = Models.mlp(d, new int[0], (int) yTrain.size(1), new Adam(0.01), seed);
        Trainer.fitSteps(net, new DataSet(xTrain.castTo(DataType.FLOAT), yTrain), steps, 128, seed);
        return Trainer.accuracy(net, new DataSet(xTest.castTo(DataType.FLOAT), yTest));
    }
}
