package org.transferkit.text;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.transferkit.stats.Interval;
import org.transferkit.stats.Stats;

/**
 * Pilot for the NLP notebook of issue 20 (not a test, not a lesson): few-label sentiment on IMDB, feature-based
 * transfer from GloVe (averaged word vectors) against a bag of words learned from the same few labels, both with the
 * same L2-regularised logistic regression. IMDB is split once (seed 20): a pool of 40,000 to draw labels from, 5,000
 * for validation (the regularisation strength of each method and label count is chosen there, on the mean over
 * seeds) and 5,000 for the reported test accuracy. Labels per class are drawn from the pool with seeds 1..5.
 *
 * <pre>java -cp lib/target/classes:lib/target/test-classes:DEPS org.transferkit.text.FewLabelSentimentPilot</pre>
 */
public final class FewLabelSentimentPilot {

    private static final int[] LABELS_PER_CLASS = {10, 25, 100};
    private static final long[] SEEDS = {1, 2, 3, 4, 5};
    private static final double[] L2 = {1e-5, 1e-4, 1e-3, 1e-2, 1e-1};
    private static final int ITERATIONS = Integer.getInteger("iterations", 4_000);

    /** A sparse feature vector: indices and values. */
    record Features(int[] index, float[] value) {
    }

    private FewLabelSentimentPilot() {
    }

    /** Runs the pilot and prints one table. */
    public static void main(String[] args) {
        TextDataset imdb = Reviews.imdb();
        TextDataset.Split poolRest = imdb.split(40_000, 20);
        TextDataset.Split valTest = poolRest.second().split(5_000, 21);
        TextDataset pool = poolRest.first();
        TextDataset validation = valTest.first();
        TextDataset test = valTest.second();
        WordVectors glove = WordVectors.glove();

        List<List<String>> valTokens = tokens(validation);
        List<List<String>> testTokens = tokens(test);
        List<Features> valGlove = gloveFeatures(glove, valTokens);
        List<Features> testGlove = gloveFeatures(glove, testTokens);

        System.out.printf("IMDB pool %d, validation %d, test %d; GloVe covers %.1f%% of test tokens%n", pool.size(),
                validation.size(), test.size(), 100 * coverage(glove, testTokens));
        System.out.println("labels | GloVe avg + LR | bag of words + LR | GloVe - BoW (paired) | L2 chosen (GloVe, BoW)");
        for (int perClass : LABELS_PER_CLASS) {
            // accuracy[method][l2][seed] on validation and test
            double[][][] val = new double[2][L2.length][SEEDS.length];
            double[][][] tst = new double[2][L2.length][SEEDS.length];
            for (int s = 0; s < SEEDS.length; s++) {
                TextDataset labelled = pool.sample(perClass, SEEDS[s]);
                List<List<String>> trainTokens = tokens(labelled);
                Map<String, Integer> vocabulary = vocabulary(trainTokens);
                List<Features> trainGlove = gloveFeatures(glove, trainTokens);
                double[][] meanSd = meanAndSd(trainGlove, glove.dimension());
                List<List<Features>> train = List.of(standardise(trainGlove, meanSd), bagOfWords(vocabulary, trainTokens));
                List<List<Features>> valX = List.of(standardise(valGlove, meanSd), bagOfWords(vocabulary, valTokens));
                List<List<Features>> testX = List.of(standardise(testGlove, meanSd), bagOfWords(vocabulary, testTokens));
                int[] dims = {glove.dimension(), vocabulary.size()};
                for (int m = 0; m < 2; m++) {
                    for (int l = 0; l < L2.length; l++) {
                        double[] w = fitLogistic(train.get(m), labelled.labels(), dims[m], L2[l]);
                        val[m][l][s] = accuracy(w, valX.get(m), validation.labels());
                        tst[m][l][s] = accuracy(w, testX.get(m), test.labels());
                    }
                }
            }
            int[] chosen = new int[2];
            for (int m = 0; m < 2; m++) {
                for (int l = 1; l < L2.length; l++) {
                    if (Stats.mean(val[m][l]) > Stats.mean(val[m][chosen[m]])) {
                        chosen[m] = l;
                    }
                }
            }
            double[] gloveAcc = tst[0][chosen[0]];
            double[] bowAcc = tst[1][chosen[1]];
            System.out.printf("%6d | %s | %s | %s | %g, %g%n", 2 * perClass, pct(Stats.ci95(gloveAcc)),
                    pct(Stats.ci95(bowAcc)), pct(Stats.pairedCi95(gloveAcc, bowAcc)), L2[chosen[0]], L2[chosen[1]]);
        }
    }

    private static String pct(Interval i) {
        return String.format("%5.1f [%5.1f, %5.1f]", 100 * i.mean(), 100 * i.low(), 100 * i.high());
    }

    private static List<List<String>> tokens(TextDataset d) {
        List<List<String>> out = new ArrayList<>(d.size());
        d.texts().forEach(t -> out.add(WordTokenizer.words(t)));
        return out;
    }

    private static double coverage(WordVectors glove, List<List<String>> docs) {
        long known = 0;
        long all = 0;
        for (List<String> doc : docs) {
            for (String t : doc) {
                all++;
                known += glove.contains(t) ? 1 : 0;
            }
        }
        return (double) known / all;
    }

    /** Averaged GloVe vectors, scaled to unit length. */
    private static List<Features> gloveFeatures(WordVectors glove, List<List<String>> docs) {
        List<Features> out = new ArrayList<>(docs.size());
        int[] index = new int[glove.dimension()];
        for (int i = 0; i < index.length; i++) {
            index[i] = i;
        }
        for (List<String> doc : docs) {
            out.add(new Features(index, unit(glove.average(doc))));
        }
        return out;
    }

    /** Per-dimension mean and standard deviation of dense features (the labelled texts': no other data is used). */
    private static double[][] meanAndSd(List<Features> x, int dimension) {
        double[] mean = new double[dimension];
        double[] sd = new double[dimension];
        for (Features f : x) {
            for (int j = 0; j < dimension; j++) {
                mean[j] += f.value()[j] / x.size();
            }
        }
        for (Features f : x) {
            for (int j = 0; j < dimension; j++) {
                sd[j] += (f.value()[j] - mean[j]) * (f.value()[j] - mean[j]) / x.size();
            }
        }
        for (int j = 0; j < dimension; j++) {
            sd[j] = Math.sqrt(sd[j]) + 1e-6;
        }
        return new double[][] {mean, sd};
    }

    /** Dense features standardised with {@code meanSd}, then divided by the square root of the dimension. */
    private static List<Features> standardise(List<Features> x, double[][] meanSd) {
        List<Features> out = new ArrayList<>(x.size());
        double scale = Math.sqrt(meanSd[0].length);
        for (Features f : x) {
            float[] v = new float[f.value().length];
            for (int j = 0; j < v.length; j++) {
                v[j] = (float) ((f.value()[j] - meanSd[0][j]) / meanSd[1][j] / scale);
            }
            out.add(new Features(f.index(), v));
        }
        return out;
    }

    /** Words of the labelled texts, in order of first appearance. */
    private static Map<String, Integer> vocabulary(List<List<String>> docs) {
        Map<String, Integer> v = new LinkedHashMap<>();
        docs.forEach(doc -> doc.forEach(t -> v.putIfAbsent(t, v.size())));
        return v;
    }

    /** Term counts over {@code vocabulary} (other words ignored), scaled to unit length. */
    private static List<Features> bagOfWords(Map<String, Integer> vocabulary, List<List<String>> docs) {
        List<Features> out = new ArrayList<>(docs.size());
        for (List<String> doc : docs) {
            Map<Integer, Integer> counts = new HashMap<>();
            for (String t : doc) {
                Integer i = vocabulary.get(t);
                if (i != null) {
                    counts.merge(i, 1, Integer::sum);
                }
            }
            int[] index = counts.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
            float[] value = new float[index.length];
            for (int k = 0; k < index.length; k++) {
                value[k] = counts.get(index[k]);
            }
            out.add(new Features(index, unit(value)));
        }
        return out;
    }

    private static float[] unit(float[] v) {
        double n = 0;
        for (float x : v) {
            n += x * x;
        }
        if (n > 0) {
            float s = (float) (1 / Math.sqrt(n));
            for (int i = 0; i < v.length; i++) {
                v[i] *= s;
            }
        }
        return v;
    }

    /**
     * Binary logistic regression, full-batch gradient descent with step 1/L (L the smoothness constant of the mean
     * loss: a quarter of the largest eigenvalue of X'X/n with the bias column, plus the penalty), L2 penalty
     * {@code l2} on the weights.
     */
    static double[] fitLogistic(List<Features> x, int[] y, int dimension, double l2) {
        double[] w = new double[dimension + 1]; // last entry: bias
        double[] grad = new double[dimension + 1];
        int n = x.size();
        double step = 1 / (0.25 * largestEigenvalue(x, dimension) + l2);
        for (int it = 0; it < ITERATIONS; it++) {
            java.util.Arrays.fill(grad, 0);
            for (int i = 0; i < n; i++) {
                double err = sigmoid(score(w, x.get(i))) - y[i];
                Features f = x.get(i);
                for (int k = 0; k < f.index().length; k++) {
                    grad[f.index()[k]] += err * f.value()[k];
                }
                grad[dimension] += err;
            }
            for (int j = 0; j <= dimension; j++) {
                double g = grad[j] / n + (j < dimension ? l2 * w[j] : 0);
                w[j] -= step * g;
            }
        }
        return w;
    }

    /** Largest eigenvalue of X'X/n (bias column of ones included), by power iteration. */
    private static double largestEigenvalue(List<Features> x, int dimension) {
        double[] v = new double[dimension + 1];
        java.util.Arrays.fill(v, 1 / Math.sqrt(dimension + 1));
        double lambda = 0;
        for (int it = 0; it < 50; it++) {
            double[] next = new double[dimension + 1];
            for (Features f : x) {
                double xv = score(v, f);
                for (int k = 0; k < f.index().length; k++) {
                    next[f.index()[k]] += xv * f.value()[k] / x.size();
                }
                next[dimension] += xv / x.size();
            }
            double norm = 0;
            for (double d : next) {
                norm += d * d;
            }
            lambda = Math.sqrt(norm);
            for (int j = 0; j <= dimension; j++) {
                v[j] = next[j] / lambda;
            }
        }
        return lambda;
    }

    private static double score(double[] w, Features f) {
        double s = w[w.length - 1];
        for (int k = 0; k < f.index().length; k++) {
            s += w[f.index()[k]] * f.value()[k];
        }
        return s;
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    private static double accuracy(double[] w, List<Features> x, int[] y) {
        int right = 0;
        for (int i = 0; i < x.size(); i++) {
            right += (score(w, x.get(i)) > 0 ? 1 : 0) == y[i] ? 1 : 0;
        }
        return (double) right / x.size();
    }
}
