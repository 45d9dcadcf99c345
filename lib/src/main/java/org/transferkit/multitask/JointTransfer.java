package org.transferkit.multitask;

import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.transferkit.Arguments;
import org.transferkit.models.Models;

/**
 * Transfer through multi-task learning: a source task with many labels and a target task with few, as two softmax
 * heads ("source", "target") on one LeNet-5 body ({@link Models#lenet5Heads}). One arm differs from another only in
 * where the body starts (fresh weights, or a copy of a pretrained source network) and in the source head's loss
 * weight while the target is learned:
 *
 * <pre>  L = w_s L_source + L_target</pre>
 *
 * <ul>
 *   <li>fresh body, {@code w_s = 0}: target only (the graph has no source head);</li>
 *   <li>pretrained body, {@code w_s = 0}: pretrain, then fine-tune every layer on the target (the source head, with
 *       no gradient, stays as pretraining left it, so its accuracy measures what fine-tuning forgot);</li>
 *   <li>fresh body, {@code w_s > 0}: joint training from scratch;</li>
 *   <li>pretrained body, {@code w_s > 0}: pretrain, then keep training on the source while the target is learned.</li>
 * </ul>
 * Every step draws a minibatch of each trained task ({@link MultiTaskTrainer#fitStepsPerTask}); the target's batches
 * depend only on the seed, so arms given the same seed see the same target batches in the same order.
 *
 * @param name         the arm's name in result tables
 * @param pretrained   start from a copy of the source network (else fresh weights)
 * @param sourceWeight {@code w_s}, the source head's loss weight (0: the source is not trained)
 * @param learningRate Adam's learning rate for every layer
 */
public record JointTransfer(String name, boolean pretrained, double sourceWeight, double learningRate) {
    /** Name of the source task's head. */
    public static final String SOURCE = "source";
    /** Name of the target task's head. */
    public static final String TARGET = "target";

    /** Validates the arguments. */
    public JointTransfer {
        Arguments.notBlank(name, "arm name");
        WeightedLoss.checkWeight(sourceWeight);
        Arguments.positive(learningRate, "learning rate");
    }

    /**
     * A two-headed LeNet-5 whose body and source head are copies of {@code source}'s layers ("conv1".."fc2" and
     * "out", as {@link Models#lenet5} names them) and whose target head is new, drawn from {@code seed}. The source
     * network is not changed.
     */
    public static ComputationGraph fromSource(MultiLayerNetwork source, int targetClasses, double learningRate,
                                              long seed) {
        if (source == null) {
            throw new IllegalArgumentException("expected a source network built by Models.lenet5");
        }
        ComputationGraph graph = Models.lenet5Heads(new String[] {SOURCE, TARGET},
                new int[] {classes(source), targetClasses}, new Adam(learningRate), seed);
        for (Map.Entry<String, String> copy : copiedLayers().entrySet()) {
            Layer from = source.getLayer(copy.getKey());
            graph.getLayer(copy.getValue()).setParams(from.params().dup());
        }
        return graph;
    }

    /** Which source layer goes to which layer of the two-headed graph (the layers with parameters). */
    public static Map<String, String> copiedLayers() {
        Map<String, String> copies = new LinkedHashMap<>();
        for (String body : new String[] {"conv1", "conv2", "fc1", "fc2"}) {
            copies.put(body, body);
        }
        copies.put("out", SOURCE);
        return copies;
    }

    /**
     * This arm's untrained network: from {@code source} when {@link #pretrained}, else fresh; with a source head
     * unless the arm starts fresh and never trains it (then a graph with the target head only).
     */
    public ComputationGraph build(MultiLayerNetwork source, int targetClasses, long seed) {
        if (pretrained) {
            return fromSource(source, targetClasses, learningRate, seed);
        }
        if (sourceWeight == 0) {
            return Models.lenet5Heads(new String[] {TARGET}, new int[] {targetClasses}, new Adam(learningRate), seed);
        }
        return Models.lenet5Heads(new String[] {SOURCE, TARGET},
                new int[] {source == null ? targetClasses : classes(source), targetClasses}, new Adam(learningRate),
                seed);
    }

    /** The number of classes of a {@link Models#lenet5} network (the width of its head "out"). */
    private static int classes(MultiLayerNetwork net) {
        return (int) net.getLayer("out").getParam("b").length();
    }

    /**
     * Builds this arm's network and trains it for {@code steps} steps on minibatches of up to {@code rowsPerTask}
     * rows from each trained task.
     *
     * @param source      the pretrained source network (used when {@link #pretrained}; otherwise only its class count)
     * @param sourceTrain the source task's labelled training examples
     * @param target      the target task's few labelled examples
     * @param seed        seed of the new weights and of the batches
     */
    public ComputationGraph train(MultiLayerNetwork source, DataSet sourceTrain, DataSet target, int steps,
                                  int rowsPerTask, long seed) {
        Arguments.labelled(sourceTrain, "source training set");
        Arguments.labelled(target, "target training set");
        ComputationGraph graph = build(source, (int) target.getLabels().size(1), seed);
        Map<String, DataSet> parts = new LinkedHashMap<>();
        parts.put(SOURCE, sourceTrain);
        parts.put(TARGET, target);
        TaskWeighting weights = HardSharing.taskNames(graph).size() == 2
                ? TaskWeighting.fixed(sourceWeight, 1.0) : TaskWeighting.fixed(1.0);
        MultiTaskTrainer.fitStepsPerTask(graph, MultiTaskData.ofDisjoint(parts), steps, rowsPerTask, seed + 7,
                weights);
        return graph;
    }
}
