package org.transferkit.multitask;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.updater.graph.ComputationGraphUpdater;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * Per-task learning rates: a {@link MultiTaskSetup} that builds and trains its graphs as {@code inner} does, except
 * that the named task heads get their own learning rate (same optimiser, e.g. Adam, with another step size). DL4J
 * gives every layer its own updater; here the head's updater configuration is replaced after the graph is built and
 * the graph's updater is rebuilt from the configurations (fresh optimiser state, as for a new graph).
 *
 * @param inner         the set-up every other setting comes from
 * @param learningRates learning rate per task head (tasks not named keep the inner set-up's rate)
 */
public record HeadLearningRates(MultiTaskSetup inner, Map<String, Double> learningRates) implements MultiTaskSetup {

    /** Validates the settings. */
    public HeadLearningRates {
        if (inner == null || learningRates == null || learningRates.isEmpty()) {
            throw new IllegalArgumentException("expected a set-up and at least one task learning rate");
        }
        for (Map.Entry<String, Double> e : learningRates.entrySet()) {
            if (e.getValue() == null || !(e.getValue() > 0) || Double.isInfinite(e.getValue())) {
                throw new IllegalArgumentException("expected a learning rate > 0 for task " + e.getKey() + ", got "
                        + e.getValue());
            }
        }
        learningRates = Map.copyOf(new LinkedHashMap<>(learningRates));
    }

    @Override
    public ComputationGraph graph(long seed, MultiTaskData data, List<String> tasks) {
        ComputationGraph g = inner.graph(seed, data, tasks);
        boolean changed = false;
        for (String task : tasks) {
            Double lr = learningRates.get(task);
            if (lr != null) {
                setLearningRate(g, task, lr);
                changed = true;
            }
        }
        if (changed) {
            g.setUpdater(new ComputationGraphUpdater(g));
        }
        return g;
    }

    @Override
    public MultiTaskTrainResult train(ComputationGraph graph, MultiTaskData data, long seed, TaskWeighting weighting,
                                      GradientSurgery surgery, int measureEvery) {
        return inner.train(graph, data, seed, weighting, surgery, measureEvery);
    }

    /**
     * Gives one layer of a graph its own learning rate (a copy of its updater with the new rate, for weights and
     * biases). Takes effect for an updater built afterwards: call before the first training step and then
     * {@code graph.setUpdater(new ComputationGraphUpdater(graph))}, as {@link #graph} does.
     */
    public static void setLearningRate(ComputationGraph graph, String layer, double learningRate) {
        if (graph == null || !graph.getConfiguration().getVertices().containsKey(layer)
                || graph.getLayer(layer) == null) {
            throw new IllegalArgumentException("expected a graph with a layer '" + layer + "'");
        }
        if (!(graph.getLayer(layer).conf().getLayer() instanceof BaseLayer conf) || conf.getIUpdater() == null
                || !conf.getIUpdater().hasLearningRate()) {
            throw new IllegalArgumentException("layer '" + layer + "' has no updater with a learning rate");
        }
        apply(conf, learningRate);
        // keep the graph configuration (saved with the model) in step, in case it holds its own copy
        GraphVertex v = graph.getConfiguration().getVertices().get(layer);
        if (v instanceof LayerVertex lv && lv.getLayerConf().getLayer() instanceof BaseLayer c && c != conf) {
            apply(c, learningRate);
        }
    }

    private static void apply(BaseLayer conf, double learningRate) {
        IUpdater u = conf.getIUpdater().clone();
        u.setLrAndSchedule(learningRate, null);
        conf.setIUpdater(u);
        if (conf.getBiasUpdater() != null && conf.getBiasUpdater().hasLearningRate()) {
            IUpdater b = conf.getBiasUpdater().clone();
            b.setLrAndSchedule(learningRate, null);
            conf.setBiasUpdater(b);
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(inner.toString());
        learningRates.forEach((t, lr) -> sb.append(String.format(Locale.ROOT, "; head %s learning rate %g", t, lr)));
        return sb.toString();
    }
}
