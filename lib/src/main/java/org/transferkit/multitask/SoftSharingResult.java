package org.transferkit.multitask;

import java.util.List;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * What {@link SoftSharing#fitSteps} recorded, per step, at the parameters where that step's gradient was taken.
 *
 * @param lambda          penalty strength
 * @param layers          names of the coupled layers
 * @param objective       J = sum of task losses + penalty
 * @param taskLoss        {@code taskLoss[i][step]}: mean minibatch loss of network i
 * @param squaredDistance {@code sum_{i<j} ||theta_i - theta_j||^2} over the coupled layers
 * @param finalDistance   {@link SoftSharing#parameterDistance()} after the last step
 */
public record SoftSharingResult(double lambda, List<String> layers, double[] objective, double[][] taskLoss,
                                double[] squaredDistance, double finalDistance) {

    /** Number of steps trained. */
    public int steps() {
        return objective.length;
    }

    /** Per-step table: step, objective, squared distance, loss of each network. */
    public Table table() {
        IntColumn step = IntColumn.create("step");
        for (int i = 0; i < steps(); i++) {
            step.append(i);
        }
        Table t = Table.create("Soft sharing (lambda=" + lambda + ", layers " + layers + ")", step,
                DoubleColumn.create("objective", objective), DoubleColumn.create("sq distance", squaredDistance));
        for (int i = 0; i < taskLoss.length; i++) {
            t.addColumns(DoubleColumn.create("loss " + i, taskLoss[i]));
        }
        return t;
    }
}
