package org.transferkit.multitask;

import java.util.Arrays;
import java.util.Random;

/**
 * How the task losses are weighted at each step of multi-task training: the trainer asks for the weights before a
 * step ({@link #weights}) and reports each head's unweighted loss after it ({@link #observe}).
 *
 * <ul>
 *   <li>{@link #equal()}: {@code w_t = 1} (the task losses are summed, as in LibMTL's EW);</li>
 *   <li>{@link #fixed(double...)}: constant user weights;</li>
 *   <li>{@link #uncertainty(double)}: Kendall, Gal &amp; Cipolla 2018, with learned log-variances;</li>
 *   <li>{@link #random(long)}: random loss weighting (RLW, Lin et al. 2021), the "litmus" baseline;</li>
 *   <li>{@link #dynamicWeightAverage(double, int)}: dynamic weight averaging (DWA, Liu, Johns &amp; Davison 2019),
 *   more weight on the tasks whose loss falls slowest;</li>
 *   <li>{@link #gradNorm(double, double)}: GradNorm (Chen et al. 2018), weights that balance the tasks' gradient
 *   norms on the last shared layer according to their relative training rates;</li>
 *   <li>{@link #switchAt(int, double[], double[])}: one set of weights, then another (pretrain on one task, then
 *   fine-tune on another, as a weight schedule on one multi-head network).</li>
 * </ul>
 *
 * <p>{@link #recorded(TaskWeighting)} wraps any of them and keeps the weights it gave at every step.
 */
public interface TaskWeighting {

    /** Short name for tables, e.g. {@code "EW"}, {@code "UW"}, {@code "RLW"}. */
    String name();

    /** Weights of the {@code numTasks} task losses for the given step (0-based), in the graph's task order. */
    double[] weights(int step, int numTasks);

    /** Called after each step with the unweighted task losses measured in that step (NaN where unknown). */
    default void observe(int step, double[] taskLosses) {
    }

    /**
     * Whether the trainer must report, before every step, each task's gradient norm on the last shared layer
     * ({@link #gradientNorms}); only {@link GradNorm} does. {@link MultiTaskTrainer#fitStepsPerTask} supports it.
     */
    default boolean needsGradientNorms() {
        return false;
    }

    /**
     * Called before a step (when {@link #needsGradientNorms()}) with {@code norms[t] = ||grad_W L_t||}, the norm of
     * the gradient of task t's unweighted loss (mean over its rows of the step's batch) with respect to the
     * parameters W of the last shared layer, measured at the parameters the step starts from.
     */
    default void gradientNorms(int step, double[] norms) {
    }

    /** Equal weighting, {@code w_t = 1} for every task. */
    static TaskWeighting equal() {
        return new Fixed("EW", null);
    }

    /** Constant weights (each finite and {@code >= 0}), one per task in the graph's task order. */
    static TaskWeighting fixed(double... weights) {
        if (weights == null || weights.length == 0) {
            throw new IllegalArgumentException("expected at least one weight");
        }
        for (double w : weights) {
            WeightedLoss.checkWeight(w);
        }
        return new Fixed("fixed" + Arrays.toString(weights), weights.clone());
    }

    /** Uncertainty weighting with initial log-variances 0 and plain gradient steps of size {@code learningRate}. */
    static Uncertainty uncertainty(double learningRate) {
        return new Uncertainty(learningRate);
    }

    /**
     * Dynamic weight averaging with temperature {@code temperature} (the paper uses 2), its "epochs" being windows of
     * {@code window} steps.
     */
    static DynamicWeightAverage dynamicWeightAverage(double temperature, int window) {
        return new DynamicWeightAverage(temperature, window);
    }

    /**
     * GradNorm (Chen, Badrinarayanan, Lee &amp; Rabinovich, ICML 2018) with asymmetry {@code alpha} (the paper uses
     * 0.12 to 3; 1.5 is common) and plain gradient steps of size {@code learningRate} on the weights. Needs the
     * trainer's gradient norms ({@link #needsGradientNorms()}): train with {@link MultiTaskTrainer#fitStepsPerTask}.
     */
    static GradNorm gradNorm(double alpha, double learningRate) {
        return new GradNorm(alpha, learningRate);
    }

    /** {@code inner}, keeping a copy of the weights it gives at every step ({@link Recorded#history()}). */
    static Recorded recorded(TaskWeighting inner) {
        return new Recorded(inner);
    }

    /** Random loss weighting: each step's weights are a softmax of independent N(0,1) draws (seeded). */
    static TaskWeighting random(long seed) {
        return new RandomWeights(seed);
    }

    /**
     * Weights {@code before} for steps {@code 0..switchStep-1}, then {@code after}. With {@code before = (1, 0)} and
     * {@code after = (0, 1)} a two-head network is pretrained on task 0 and then fine-tuned on task 1 (all layers,
     * trunk included, keep training; the updater state carries over), on the same minibatches a joint run sees.
     * {@link MultiTaskTrainer} freezes a head while its weight is 0, so the task-0 head keeps its pretrained values.
     */
    static TaskWeighting switchAt(int switchStep, double[] before, double[] after) {
        if (switchStep < 0) {
            throw new IllegalArgumentException("expected switchStep >= 0, got " + switchStep);
        }
        if (before == null || after == null || before.length == 0 || before.length != after.length) {
            throw new IllegalArgumentException("expected two weight vectors of the same non-zero length");
        }
        for (double w : before) {
            WeightedLoss.checkWeight(w);
        }
        for (double w : after) {
            WeightedLoss.checkWeight(w);
        }
        double[] b = before.clone();
        double[] a = after.clone();
        String name = Arrays.toString(b) + "->" + Arrays.toString(a) + "@" + switchStep;
        return new TaskWeighting() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public double[] weights(int step, int numTasks) {
                if (numTasks != b.length) {
                    throw new IllegalArgumentException("expected " + b.length + " tasks, got " + numTasks);
                }
                return (step < switchStep ? b : a).clone();
            }
        };
    }

    /** Constant weights; {@code null} weights mean "1 for every task". */
    final class Fixed implements TaskWeighting {
        private final String name;
        private final double[] weights;

        private Fixed(String name, double[] weights) {
            this.name = name;
            this.weights = weights;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public double[] weights(int step, int numTasks) {
            if (weights == null) {
                double[] w = new double[numTasks];
                Arrays.fill(w, 1.0);
                return w;
            }
            if (weights.length != numTasks) {
                throw new IllegalArgumentException("expected " + numTasks + " fixed weights, got " + weights.length);
            }
            return weights.clone();
        }
    }

    /**
     * Uncertainty weighting (Kendall, Gal &amp; Cipolla, CVPR 2018): the objective is
     * {@code L = sum_t exp(-s_t) L_t + s_t} with one learnable {@code s_t = log sigma_t^2} per task.
     *
     * <p>How the {@code s_t} learn here: the network sees head weights {@code w_t = exp(-s_t)}; after each step the
     * trainer reports the measured head losses {@code L_t}, and each {@code s_t} takes a gradient step with its exact
     * partial derivative {@code dL/ds_t = 1 - exp(-s_t) L_t} (plain SGD, its own learning rate). Both gradients are
     * taken at the same point, so this is simultaneous gradient descent on the joint objective. The stationary point
     * is {@code s_t = log L_t}, i.e. {@code w_t = 1 / L_t}. LibMTL writes {@code L_t / (2 e^{s_t}) + s_t / 2}, exactly
     * half of this objective: same stationary point, half the gradient scale.
     */
    final class Uncertainty implements TaskWeighting {
        private final double learningRate;
        private double[] s;

        private Uncertainty(double learningRate) {
            if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
                throw new IllegalArgumentException("expected a learning rate > 0 for the log-variances, got "
                        + learningRate);
            }
            this.learningRate = learningRate;
        }

        @Override
        public String name() {
            return "UW";
        }

        @Override
        public double[] weights(int step, int numTasks) {
            if (s == null) {
                s = new double[numTasks];
            } else if (s.length != numTasks) {
                throw new IllegalArgumentException("expected " + s.length + " tasks, got " + numTasks);
            }
            double[] w = new double[numTasks];
            for (int i = 0; i < numTasks; i++) {
                w[i] = Math.exp(-s[i]);
            }
            return w;
        }

        @Override
        public void observe(int step, double[] taskLosses) {
            if (s == null || taskLosses.length != s.length) {
                throw new IllegalArgumentException("expected " + (s == null ? "weights() first" : s.length
                        + " task losses") + ", got " + taskLosses.length);
            }
            for (int i = 0; i < s.length; i++) {
                if (Double.isFinite(taskLosses[i])) {
                    s[i] -= learningRate * gradient(s[i], taskLosses[i]);
                }
            }
        }

        /** The exact partial derivative of {@code exp(-s) L + s} with respect to {@code s}. */
        public static double gradient(double s, double loss) {
            return 1.0 - Math.exp(-s) * loss;
        }

        /** The current log-variances {@code s_t} (a copy; zeros before the first step). */
        public double[] logVariances() {
            return s == null ? new double[0] : s.clone();
        }
    }

    /**
     * Random loss weighting (RLW; Lin et al., arXiv 2021 / TMLR 2022): {@code w = softmax(z)}, {@code z ~ N(0, I)}
     * drawn afresh every step. The weights sum to 1 as in the paper and LibMTL, while {@link #equal()} sums to T: with
     * Adam the overall scale hardly matters, with plain SGD it acts like a T times smaller learning rate.
     */
    final class RandomWeights implements TaskWeighting {
        private final Random random;

        private RandomWeights(long seed) {
            this.random = new Random(seed);
        }

        @Override
        public String name() {
            return "RLW";
        }

        @Override
        public double[] weights(int step, int numTasks) {
            double[] z = new double[numTasks];
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < numTasks; i++) {
                z[i] = random.nextGaussian();
                max = Math.max(max, z[i]);
            }
            double sum = 0;
            for (int i = 0; i < numTasks; i++) {
                z[i] = Math.exp(z[i] - max);
                sum += z[i];
            }
            for (int i = 0; i < numTasks; i++) {
                z[i] /= sum;
            }
            return z;
        }
    }

    /**
     * Dynamic weight averaging (DWA; Liu, Johns &amp; Davison, CVPR 2019). With {@code Lbar_k(e)} the mean loss of task k
     * over window e (a window of steps stands for the paper's epoch) and {@code r_k = Lbar_k(e-1) / Lbar_k(e-2)} its
     * rate of descent, the weights during window e are
     * {@code w_k = T exp(r_k / temperature) / sum_i exp(r_i / temperature)}: a task whose loss falls slowly (r near or
     * above 1) gets more weight, and the weights sum to the number of tasks T. In the first two windows every weight is
     * 1. Steps with a NaN loss do not count towards a task's mean.
     */
    final class DynamicWeightAverage implements TaskWeighting {
        private final double temperature;
        private final int window;
        private double[] sum;
        private int[] count;
        private int seen;
        private double[] previous;
        private double[] last;

        private DynamicWeightAverage(double temperature, int window) {
            if (!(temperature > 0) || Double.isInfinite(temperature) || window < 1) {
                throw new IllegalArgumentException("expected temperature > 0 and window >= 1, got " + temperature
                        + ", " + window);
            }
            this.temperature = temperature;
            this.window = window;
        }

        @Override
        public String name() {
            return "DWA";
        }

        @Override
        public double[] weights(int step, int numTasks) {
            if (sum == null) {
                sum = new double[numTasks];
                count = new int[numTasks];
            } else if (sum.length != numTasks) {
                throw new IllegalArgumentException("expected " + sum.length + " tasks, got " + numTasks);
            }
            double[] w = new double[numTasks];
            if (previous == null) {
                Arrays.fill(w, 1.0);
                return w;
            }
            return weightsFrom(last, previous, temperature);
        }

        /** The DWA weights from the last two window means: {@code T softmax((last / previous) / temperature)}. */
        public static double[] weightsFrom(double[] last, double[] previous, double temperature) {
            int t = last.length;
            double[] r = new double[t];
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < t; k++) {
                r[k] = last[k] / previous[k] / temperature;
                max = Math.max(max, r[k]);
            }
            double z = 0;
            for (int k = 0; k < t; k++) {
                r[k] = Math.exp(r[k] - max);
                z += r[k];
            }
            for (int k = 0; k < t; k++) {
                r[k] = t * r[k] / z;
            }
            return r;
        }

        @Override
        public void observe(int step, double[] taskLosses) {
            if (sum == null || taskLosses.length != sum.length) {
                throw new IllegalArgumentException("expected " + (sum == null ? "weights() first" : sum.length
                        + " task losses") + ", got " + taskLosses.length);
            }
            for (int k = 0; k < sum.length; k++) {
                if (Double.isFinite(taskLosses[k])) {
                    sum[k] += taskLosses[k];
                    count[k]++;
                }
            }
            if (++seen == window) {
                double[] mean = new double[sum.length];
                boolean complete = true;
                for (int k = 0; k < sum.length; k++) {
                    mean[k] = count[k] > 0 ? sum[k] / count[k] : Double.NaN;
                    complete &= count[k] > 0 && mean[k] > 0;
                }
                if (complete) {
                    previous = last;
                    last = mean;
                }
                Arrays.fill(sum, 0);
                Arrays.fill(count, 0);
                seen = 0;
            }
        }
    }

    /**
     * GradNorm (Chen et al., ICML 2018). With {@code n_t = ||grad_W L_t||} the gradient norm of task t's unweighted
     * loss on the parameters W of the last shared layer, {@code G_t = w_t n_t} its weighted norm, {@code Lt_t =
     * L_t / L_t(0)} its loss relative to its first step's and {@code r_t = Lt_t / mean(Lt)} its relative inverse
     * training rate, the target of task t is {@code mean(G) r_t^alpha}: a task that trains slower than the others
     * (r_t &gt; 1) should have a larger gradient. After every step each weight takes one plain gradient step on
     * {@code sum_t |G_t - target_t|} with the targets held constant (as in the paper),
     * {@code w_t -= learningRate sign(G_t - target_t) n_t}, is kept at or above {@link #MIN_WEIGHT}, and the
     * weights are rescaled to sum to the number of tasks T. All weights start at 1.
     */
    final class GradNorm implements TaskWeighting {
        /** The smallest weight a step may leave (before the rescaling to sum T), so that a weight stays positive. */
        public static final double MIN_WEIGHT = 1e-3;

        private final double alpha;
        private final double learningRate;
        private double[] w;
        private double[] initialLosses;
        private double[] norms;
        private int normsStep = -1;

        private GradNorm(double alpha, double learningRate) {
            if (!(alpha >= 0) || Double.isInfinite(alpha) || !(learningRate > 0) || Double.isInfinite(learningRate)) {
                throw new IllegalArgumentException("expected alpha >= 0 and a learning rate > 0, got " + alpha + ", "
                        + learningRate);
            }
            this.alpha = alpha;
            this.learningRate = learningRate;
        }

        @Override
        public String name() {
            return "GradNorm";
        }

        @Override
        public double[] weights(int step, int numTasks) {
            if (w == null) {
                w = new double[numTasks];
                Arrays.fill(w, 1.0);
            } else if (w.length != numTasks) {
                throw new IllegalArgumentException("expected " + w.length + " tasks, got " + numTasks);
            }
            return w.clone();
        }

        @Override
        public boolean needsGradientNorms() {
            return true;
        }

        @Override
        public void gradientNorms(int step, double[] taskNorms) {
            norms = taskNorms.clone();
            normsStep = step;
        }

        @Override
        public void observe(int step, double[] taskLosses) {
            if (w == null || taskLosses.length != w.length) {
                throw new IllegalArgumentException("expected " + (w == null ? "weights() first" : w.length
                        + " task losses") + ", got " + taskLosses.length);
            }
            if (normsStep != step || norms == null || norms.length != w.length) {
                throw new IllegalStateException("GradNorm needs each task's gradient norm on the last shared layer"
                        + " before every step; train with MultiTaskTrainer.fitStepsPerTask");
            }
            for (int t = 0; t < w.length; t++) {
                if (!Double.isFinite(taskLosses[t]) || !Double.isFinite(norms[t])) {
                    return;   // a step without every task's loss and norm leaves the weights as they are
                }
            }
            if (initialLosses == null) {
                initialLosses = taskLosses.clone();
            }
            w = step(w, norms, taskLosses, initialLosses, alpha, learningRate);
        }

        /**
         * One GradNorm update of the weights {@code w} from the unweighted gradient norms {@code n_t}, the current
         * losses {@code L_t} and the first losses {@code L_t(0)}: a plain gradient step of size {@code learningRate} on
         * {@code sum_t |w_t n_t - mean(G) r_t^alpha|} (targets constant), each weight kept at or above
         * {@link #MIN_WEIGHT}, then rescaled so that the weights sum to T. Returns new weights.
         */
        public static double[] step(double[] w, double[] norms, double[] losses, double[] initialLosses, double alpha,
                                    double learningRate) {
            int t = w.length;
            if (norms.length != t || losses.length != t || initialLosses.length != t) {
                throw new IllegalArgumentException("expected " + t + " norms, losses and initial losses");
            }
            double[] g = new double[t];
            double[] ratio = new double[t];
            double meanG = 0;
            double meanRatio = 0;
            for (int k = 0; k < t; k++) {
                g[k] = w[k] * norms[k];
                ratio[k] = losses[k] / initialLosses[k];
                meanG += g[k] / t;
                meanRatio += ratio[k] / t;
            }
            double[] next = new double[t];
            double sum = 0;
            for (int k = 0; k < t; k++) {
                double target = meanG * Math.pow(ratio[k] / meanRatio, alpha);
                next[k] = Math.max(MIN_WEIGHT, w[k] - learningRate * Math.signum(g[k] - target) * norms[k]);
                sum += next[k];
            }
            for (int k = 0; k < t; k++) {
                next[k] *= t / sum;
            }
            return next;
        }

        /** The current weights (a copy; empty before the first step). */
        public double[] currentWeights() {
            return w == null ? new double[0] : w.clone();
        }
    }

    /**
     * A weighting that keeps a copy of the weights it gave at every step (the last call per step counts); everything
     * else goes to the wrapped weighting.
     */
    final class Recorded implements TaskWeighting {
        private final TaskWeighting inner;
        private final java.util.List<double[]> history = new java.util.ArrayList<>();
        private final java.util.List<Integer> steps = new java.util.ArrayList<>();

        private Recorded(TaskWeighting inner) {
            if (inner == null) {
                throw new IllegalArgumentException("expected a weighting to record, got null");
            }
            this.inner = inner;
        }

        /** The wrapped weighting. */
        public TaskWeighting inner() {
            return inner;
        }

        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public double[] weights(int step, int numTasks) {
            double[] w = inner.weights(step, numTasks);
            if (!steps.isEmpty() && steps.get(steps.size() - 1) == step) {
                history.set(history.size() - 1, w.clone());
            } else {
                steps.add(step);
                history.add(w.clone());
            }
            return w;
        }

        @Override
        public void observe(int step, double[] taskLosses) {
            inner.observe(step, taskLosses);
        }

        @Override
        public boolean needsGradientNorms() {
            return inner.needsGradientNorms();
        }

        @Override
        public void gradientNorms(int step, double[] norms) {
            inner.gradientNorms(step, norms);
        }

        /** The weights of every recorded step, {@code history()[i][t]}, in step order. */
        public double[][] history() {
            return history.stream().map(double[]::clone).toArray(double[][]::new);
        }

        /** Each task's mean weight over the recorded steps from {@code fromStep} on (NaN where none). */
        public double[] meanWeights(int fromStep) {
            int t = history.isEmpty() ? 0 : history.get(0).length;
            double[] mean = new double[t];
            int n = 0;
            for (int i = 0; i < history.size(); i++) {
                if (steps.get(i) >= fromStep) {
                    for (int k = 0; k < t; k++) {
                        mean[k] += history.get(i)[k];
                    }
                    n++;
                }
            }
            for (int k = 0; k < t; k++) {
                mean[k] = n == 0 ? Double.NaN : mean[k] / n;
            }
            return mean;
        }
    }
}
