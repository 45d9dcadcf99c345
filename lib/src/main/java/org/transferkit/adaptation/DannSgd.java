package org.transferkit.adaptation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.transferkit.display.Progress;

/**
 * The DANN recipe of Ganin et al. (2016) step by step, on a network from {@link DannNetworks}: each step draws
 * {@code batch} labelled rows and {@code batch} rows of the other domain (with replacement), computes the label
 * cross-entropy (mean over the labelled rows) plus the domain cross-entropy (mean over all rows) with DL4J, and
 * applies a {@link PlainMomentum} step with the learning rate {@code mu0 / (1 + 10 p)^0.75} while the gradient
 * reversal uses {@code lambda_p = 2 / (1 + exp(-10 p)) - 1}, {@code p = step / steps}. The last step's weights are
 * kept (no model selection).
 *
 * <p>Three arms share the initial weights (same seed) and the batch streams: {@link Arm#DANN}; {@link Arm#SOURCE_ONLY}
 * (lambda 0: the domain head still trains, so its accuracy shows how separable the features are, but it sends
 * nothing into them); {@link Arm#ORACLE} (lambda 0, trained on the labelled target rows: the ceiling).
 */
public final class DannSgd {

    /** Which network to train. */
    public enum Arm { SOURCE_ONLY, DANN, ORACLE }

    private int steps = 1500;
    private int batch = 64;
    private double mu0 = 0.01;
    private double momentum = 0.9;
    private int[] hidden = {256, 128};
    private int[] domainHidden = {100};
    private int monitorEvery = 10;

    /** The recipe's defaults: MLP 256-128, domain head 100, 1,500 steps of 64 + 64 rows, mu0 0.01, momentum 0.9. */
    public DannSgd() {
    }

    /** Number of steps (default 1,500). */
    public DannSgd steps(int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be >= 1, got " + steps);
        }
        this.steps = steps;
        return this;
    }

    /** Rows per domain per step (default 64). */
    public DannSgd batch(int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be >= 1, got " + batch);
        }
        this.batch = batch;
        return this;
    }

    /** Initial learning rate mu0 (default 0.01). */
    public DannSgd learningRate(double mu0) {
        if (!(mu0 > 0) || Double.isInfinite(mu0)) {
            throw new IllegalArgumentException("mu0 must be a finite number > 0, got " + mu0);
        }
        this.mu0 = mu0;
        return this;
    }

    /** Feature layer sizes (default 256, 128) and domain-head hidden sizes (default 100). */
    public DannSgd layers(int[] hidden, int[] domainHidden) {
        this.hidden = hidden.clone();
        this.domainHidden = domainHidden.clone();
        return this;
    }

    /** Steps between two records of the domain head's accuracy on the current batch (default 10). */
    public DannSgd monitorEvery(int every) {
        if (every < 1) {
            throw new IllegalArgumentException("monitorEvery must be >= 1, got " + every);
        }
        this.monitorEvery = every;
        return this;
    }

    /** Number of steps. */
    public int steps() {
        return steps;
    }

    /**
     * Trains one arm on a shift. Target labels are used by the oracle only; the history records, every
     * {@code monitorEvery} steps, the domain head's loss and accuracy on that step's batch (before the update).
     */
    public DannModel fit(Arm arm, AdaptationShifts.Shift shift, long seed) {
        DataSet labelled = arm == Arm.ORACLE ? shift.targetTrain() : shift.sourceTrain();
        INDArray other = (arm == Arm.ORACLE ? shift.sourceTrain() : shift.targetTrain()).getFeatures();
        INDArray xl = labelled.getFeatures().castTo(DataType.FLOAT);
        INDArray yl = labelled.getLabels().castTo(DataType.FLOAT);
        INDArray xo = other.castTo(DataType.FLOAT);
        int classes = (int) yl.size(1);
        // only half of each step's rows are labelled: weight 2 makes the label loss the mean over them
        ComputationGraph net = DannNetworks.mlp((int) xl.size(1), hidden, classes, domainHidden, 2.0, seed);

        int n = 2 * batch;
        INDArray domainLabels = Nd4j.vstack(Nd4j.zeros(DataType.FLOAT, batch, 1), Nd4j.ones(DataType.FLOAT, batch, 1));
        // the label loss sees only the labelled rows
        INDArray labelMask = Nd4j.vstack(Nd4j.ones(DataType.FLOAT, batch, 1), Nd4j.zeros(DataType.FLOAT, batch, 1));
        INDArray noLabels = Nd4j.zeros(DataType.FLOAT, batch, classes);
        // separate streams, so source-only and DANN see the same source batches
        Random labelledRows = new Random(seed * 31 + 1);
        Random otherRows = new Random(seed * 31 + 2);
        PlainMomentum optimiser = new PlainMomentum(momentum);
        Schedule lambdaSchedule = arm == Arm.DANN ? Schedule.ganinLambda(1.0) : Schedule.constant(0);
        Schedule lr = Schedule.ganinLearningRate(mu0);
        List<DannTrainer.Monitor> history = new ArrayList<>();
        long start = System.nanoTime();
        try (Progress progress = Progress.start(arm.name().toLowerCase(Locale.ROOT).replace('_', '-'), steps)) {
            for (int step = 0; step < steps; step++) {
                double p = step / (double) steps;
                double lambda = lambdaSchedule.valueAt(p);
                double rate = lr.valueAt(p);
                GradientReversalVertex.setLambda(net, DannTrainer.GRL, lambda);
                int[] il = draw(labelledRows, xl.size(0));
                int[] io = draw(otherRows, xo.size(0));
                INDArray xa = Nd4j.pullRows(xl, 1, il);
                INDArray xb = Nd4j.pullRows(xo, 1, io);
                INDArray ya = Nd4j.pullRows(yl, 1, il);
                INDArray x = Nd4j.vstack(xa, xb);
                INDArray y = Nd4j.vstack(ya, noLabels);
                if (step % monitorEvery == 0 || step == steps - 1) {
                    INDArray d = net.output(false, x)[1];
                    double[] la = DannModel.domainLossAndAccuracy(d.get(NDArrayIndex.interval(0, batch)),
                            d.get(NDArrayIndex.interval(batch, n)));
                    d.close();
                    history.add(new DannTrainer.Monitor(step, p, lambda, rate, Double.NaN, Double.NaN, la[0], la[1],
                            (System.nanoTime() - start) / 1_000_000));
                    progress.step(String.format(Locale.ROOT, "lambda %.3f  lr %.4f  domain acc %.3f", lambda, rate,
                            la[1]));
                } else {
                    progress.step("");
                }
                step(net, optimiser, x, y, domainLabels, labelMask, n, rate);
                // a step allocates a few MB off the Java heap; release them now, not whenever the GC runs
                for (INDArray a : new INDArray[] {xa, xb, ya, x, y}) {
                    a.close();
                }
            }
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        return new DannModel(net, DannNetworks.FEATURES, List.copyOf(history), steps, steps, millis);
    }

    private int[] draw(Random rnd, long rows) {
        int[] idx = new int[batch];
        for (int i = 0; i < batch; i++) {
            idx[i] = rnd.nextInt((int) rows);
        }
        return idx;
    }

    /**
     * One training step: forward and backward with DL4J (the gradient of the summed per-row losses), divided by the
     * {@code n} rows to give the gradient of the mean, then a plain-momentum update of all parameters.
     */
    static void step(ComputationGraph net, PlainMomentum optimiser, INDArray x, INDArray y, INDArray domainLabels,
            INDArray labelMask, int n, double learningRate) {
        net.setInputs(x);
        net.setLabels(y, domainLabels);
        net.setLayerMaskArrays(null, new INDArray[] {labelMask, null});
        net.computeGradientAndScore();
        INDArray g = net.gradient().gradient().divi(n);   // in place: the next step overwrites it anyway
        optimiser.step(net.params(), g, learningRate);
        net.clearLayerMaskArrays();
        net.clear();   // drop the references to this step's inputs and labels
    }
}
