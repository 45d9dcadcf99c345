package org.transferkit.lessons.negative;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.transferkit.diagnostics.SourceSelection;
import org.transferkit.diagnostics.Transferability;
import org.transferkit.stats.Interval;
import org.transferkit.stats.Stats;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Do the transferability scores predict the negative-transfer gap? For every seed, each source gets its scores on
 * that seed's labelled target sample (what a practitioner would have) and has a realised NTG for that seed. This class
 * measures, per score: how well the score ranks the sources (Spearman correlation between the score and -NTG, per
 * seed, with a 95% interval over seeds: +1 = the score orders the sources exactly as the realised gaps), and what
 * choosing the source by the score gains (per seed, NTG of the best-scored source minus NTG of the worst-scored one).
 * All scores are "higher is better"; a divergence such as the proxy A-distance enters negated.
 */
public final class ScoreStudy {
    private final List<String> sources;
    private final int seeds;
    private final Map<String, double[]> ntg;                       // source -> per seed
    private final Map<String, Map<String, double[]>> scores = new LinkedHashMap<>(); // score -> source -> per seed
    private final Map<String, double[]> plainHScores = new LinkedHashMap<>();        // source -> per seed

    /**
     * @param ntgBySource realised NTG of each source, one value per seed (the same seeds, in the same order, for
     *                    every source); its key order is the table order
     */
    public ScoreStudy(Map<String, double[]> ntgBySource) {
        if (ntgBySource == null || ntgBySource.size() < 2) {
            throw new IllegalArgumentException("expected the NTG of at least 2 sources");
        }
        this.sources = new ArrayList<>(ntgBySource.keySet());
        this.seeds = ntgBySource.get(sources.get(0)).length;
        if (seeds < 2) {
            throw new IllegalArgumentException("expected at least 2 seeds, got " + seeds);
        }
        this.ntg = new LinkedHashMap<>();
        for (String s : sources) {
            double[] v = ntgBySource.get(s);
            if (v == null || v.length != seeds) {
                throw new IllegalArgumentException("expected " + seeds + " per-seed NTG values for '" + s + "', got "
                        + (v == null ? "null" : v.length));
            }
            ntg.put(s, v.clone());
        }
    }

    /**
     * Computes the {@link Transferability#scores} of every source network on every seed's labelled sample and adds
     * the ranking scores (LEEP, NCE, H-score (shrinkage), LogME); the plain H-score is kept apart, as a warning
     * example ({@link #meanPlainHScore}).
     *
     * @param nets     source networks by source name (every source of the study)
     * @param protocol gives the labelled sample of each seed ({@link TargetProtocol#labelled})
     * @param seedList the seeds, in the order of the NTG values
     */
    public ScoreStudy addTransferability(Map<String, MultiLayerNetwork> nets, TargetProtocol protocol, long[] seedList) {
        if (seedList == null || seedList.length != seeds) {
            throw new IllegalArgumentException("expected " + seeds + " seeds, got "
                    + (seedList == null ? "null" : seedList.length));
        }
        Map<String, Map<String, double[]>> byScore = new LinkedHashMap<>();
        for (String name : Transferability.Scores.NAMES) {
            byScore.put(name, new LinkedHashMap<>());
        }
        for (String s : sources) {
            MultiLayerNetwork net = nets.get(s);
            if (net == null) {
                throw new IllegalArgumentException("no source network for '" + s + "'");
            }
            for (int i = 0; i < seeds; i++) {
                DataSet labelled = protocol.labelled(seedList[i]);
                Transferability.Scores sc = Transferability.scores(net, labelled);
                for (String name : Transferability.Scores.NAMES) {
                    byScore.get(name).computeIfAbsent(s, x -> new double[seeds])[i] = sc.get(name);
                }
                plainHScores.computeIfAbsent(s, x -> new double[seeds])[i] = sc.plainHScore();
            }
            // the scores' d x d matrices are native memory that is only freed when collected: once per source
            Nd4j.getMemoryManager().invokeGc();
        }
        byScore.forEach(this::addScore);
        return this;
    }

    /**
     * The same scores judged against other gaps (e.g. another arm's NTG for the same sources and seeds): a new study
     * with every score added so far and the plain H-scores.
     */
    public ScoreStudy againstGaps(Map<String, double[]> ntgBySource) {
        ScoreStudy other = new ScoreStudy(ntgBySource);
        if (!other.sources.equals(sources) || other.seeds != seeds) {
            throw new IllegalArgumentException("expected the gaps of the same sources " + sources + " over " + seeds
                    + " seeds, got " + other.sources + " over " + other.seeds);
        }
        scores.forEach(other::addScore);
        other.plainHScores.putAll(plainHScores);
        return other;
    }

    /** Adds a score given per source and per seed (higher = better source). */
    public ScoreStudy addScore(String name, Map<String, double[]> valuesBySource) {
        if (name == null || valuesBySource == null) {
            throw new IllegalArgumentException("expected a score name and its values");
        }
        Map<String, double[]> copy = new LinkedHashMap<>();
        for (String s : sources) {
            double[] v = valuesBySource.get(s);
            if (v == null || v.length != seeds) {
                throw new IllegalArgumentException("score '" + name + "': expected " + seeds + " values for '" + s
                        + "', got " + (v == null ? "none" : v.length));
            }
            for (double x : v) {
                if (!Double.isFinite(x)) { // a ranking by an infinite or undefined score would be meaningless
                    throw new IllegalArgumentException("score '" + name + "' of '" + s + "' is " + x
                            + ": a score that cannot be computed cannot rank sources");
                }
            }
            copy.put(s, v.clone());
        }
        scores.put(name, copy);
        return this;
    }

    /** Adds a score with one value per source, the same for every seed (e.g. minus the proxy A-distance). */
    public ScoreStudy addConstantScore(String name, Map<String, Double> valueBySource) {
        Map<String, double[]> perSeed = new LinkedHashMap<>();
        for (String s : sources) {
            Double v = valueBySource == null ? null : valueBySource.get(s);
            if (v == null) {
                throw new IllegalArgumentException("score '" + name + "' has no value for '" + s + "'");
            }
            double[] values = new double[seeds];
            java.util.Arrays.fill(values, v);
            perSeed.put(s, values);
        }
        return addScore(name, perSeed);
    }

    /** Mean of a score over the seeds for one source. */
    public double mean(String score, String source) {
        double[] v = scoresOf(score).get(source);
        if (v == null) {
            throw new IllegalArgumentException("unknown source '" + source + "'; the study has " + sources);
        }
        return Stats.mean(v);
    }

    /**
     * Mean over the seeds of the plain H-score of one source (computed by {@link #addTransferability}): not a ranking
     * score, since with fewer labelled examples than features it sits at its ceiling C - 1 for every source.
     */
    public double meanPlainHScore(String source) {
        double[] v = plainHScores.get(source);
        if (v == null) {
            throw new IllegalArgumentException("no plain H-score for '" + source + "' (call addTransferability first)");
        }
        return Stats.mean(v);
    }

    /** Names of the scores added so far. */
    public List<String> scoreNames() {
        return new ArrayList<>(scores.keySet());
    }

    /** Mean of each score per source over seeds, with the mean NTG (times {@code scale}): one row per source. */
    public Table means(double scale) {
        Table t = Table.create("scores (mean over seeds) and realised NTG", StringColumn.create("source"));
        for (String name : scores.keySet()) {
            t.addColumns(DoubleColumn.create(name));
        }
        t.addColumns(DoubleColumn.create("NTG"));
        for (String s : sources) {
            t.stringColumn("source").append(s);
            for (String name : scores.keySet()) {
                t.doubleColumn(name).append(round(Stats.mean(scores.get(name).get(s)), 4));
            }
            t.doubleColumn("NTG").append(round(Stats.mean(ntg.get(s)) * scale, 2));
        }
        return t;
    }

    /**
     * Per seed, the Spearman correlation between the score and -NTG across the sources (NaN seeds, where the score or
     * the NTG does not vary, are left out); +1 = the score ranks the sources as their realised gaps.
     */
    public double[] rankAgreementPerSeed(String score) {
        Map<String, double[]> values = scoresOf(score);
        List<Double> rho = new ArrayList<>();
        for (int i = 0; i < seeds; i++) {
            double[] x = new double[sources.size()];
            double[] y = new double[sources.size()];
            for (int j = 0; j < sources.size(); j++) {
                x[j] = values.get(sources.get(j))[i];
                y[j] = -ntg.get(sources.get(j))[i];
            }
            double r = Stats.spearman(x, y);
            if (!Double.isNaN(r)) {
                rho.add(r);
            }
        }
        return rho.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Spearman correlation between the mean score and minus the mean NTG of the sources. */
    public double rankAgreementOfMeans(String score) {
        Map<String, double[]> values = scoresOf(score);
        double[] x = new double[sources.size()];
        double[] y = new double[sources.size()];
        for (int j = 0; j < sources.size(); j++) {
            x[j] = Stats.mean(values.get(sources.get(j)));
            y[j] = -Stats.mean(ntg.get(sources.get(j)));
        }
        return Stats.spearman(x, y);
    }

    /** The best-scored source of each seed (ties broken by name, {@link SourceSelection#rank}). */
    public String[] picks(String score) {
        return ranked(score, true);
    }

    /** The worst-scored source of each seed. */
    public String[] worst(String score) {
        return ranked(score, false);
    }

    /**
     * Per seed, NTG(best-scored source) - NTG(worst-scored source) and its 95% interval over seeds: below 0 means that
     * choosing by the score avoids the worse source. The two gaps share the seed's scratch model, so this is
     * error(best-scored) - error(worst-scored).
     */
    public Interval pickMinusWorst(String score) {
        return Stats.ci95(pickMinusWorstPerSeed(score));
    }

    /** The per-seed values behind {@link #pickMinusWorst}. */
    public double[] pickMinusWorstPerSeed(String score) {
        String[] best = picks(score);
        String[] bad = worst(score);
        double[] d = new double[seeds];
        for (int i = 0; i < seeds; i++) {
            d[i] = ntg.get(best[i])[i] - ntg.get(bad[i])[i];
        }
        return d;
    }

    /**
     * One row per score: rank agreement per seed (mean and 95% interval), rank agreement of the means, the source it
     * picks most often (with how often), and NTG(best-scored) - NTG(worst-scored) in error points (times scale).
     */
    public Table summary(double scale) {
        Table t = Table.create("do the scores predict the gap?", StringColumn.create("score"),
                DoubleColumn.create("rank agreement"), DoubleColumn.create("low"), DoubleColumn.create("high"),
                DoubleColumn.create("agreement of means"), StringColumn.create("picks most often"),
                IntColumn.create("times"), DoubleColumn.create("NTG best - worst"), DoubleColumn.create("d low"),
                DoubleColumn.create("d high"));
        for (String score : scores.keySet()) {
            double[] rho = rankAgreementPerSeed(score);
            Interval r = rho.length == 0 ? new Interval(Double.NaN, Double.NaN, Double.NaN) : Stats.ci95(rho);
            Map<String, Integer> counts = new LinkedHashMap<>();
            for (String p : picks(score)) {
                counts.merge(p, 1, Integer::sum);
            }
            String top = SourceSelection.rank(toDoubles(counts)).get(0);
            Interval d = pickMinusWorst(score);
            t.stringColumn("score").append(score);
            t.doubleColumn("rank agreement").append(round(r.mean(), 2));
            t.doubleColumn("low").append(round(r.low(), 2));
            t.doubleColumn("high").append(round(r.high(), 2));
            t.doubleColumn("agreement of means").append(round(rankAgreementOfMeans(score), 2));
            t.stringColumn("picks most often").append(top);
            t.intColumn("times").append(counts.get(top));
            t.doubleColumn("NTG best - worst").append(round(d.mean() * scale, 2));
            t.doubleColumn("d low").append(round(d.low() * scale, 2));
            t.doubleColumn("d high").append(round(d.high() * scale, 2));
        }
        return t;
    }

    private String[] ranked(String score, boolean best) {
        Map<String, double[]> values = scoresOf(score);
        String[] out = new String[seeds];
        for (int i = 0; i < seeds; i++) {
            Map<String, Double> bySource = new LinkedHashMap<>();
            for (String s : sources) {
                bySource.put(s, values.get(s)[i]);
            }
            List<String> order = SourceSelection.rank(bySource);
            out[i] = best ? order.get(0) : order.get(order.size() - 1);
        }
        return out;
    }

    private Map<String, double[]> scoresOf(String score) {
        Map<String, double[]> values = scores.get(score);
        if (values == null) {
            throw new IllegalArgumentException("unknown score '" + score + "'; the study has " + scores.keySet());
        }
        return values;
    }

    private static Map<String, Double> toDoubles(Map<String, Integer> counts) {
        Map<String, Double> m = new LinkedHashMap<>();
        counts.forEach((k, v) -> m.put(k, v.doubleValue()));
        return m;
    }

    private static double round(double v, int digits) {
        if (Double.isNaN(v)) {
            return v;
        }
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
