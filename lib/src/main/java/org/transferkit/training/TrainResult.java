package org.transferkit.training;

import java.util.List;

/**
 * What a {@link Trainer} run produced: learning curves sampled at evaluation points and where the best model was.
 *
 * @param evalSteps     step number (1-based) of each evaluation point
 * @param trainLoss     mean minibatch loss over the steps since the previous evaluation point
 * @param valLoss       validation loss at each evaluation point (empty without a validation set)
 * @param valAccuracy   validation accuracy (argmax) at each evaluation point (empty without a validation set)
 * @param bestStep      step whose parameters the network holds at the end (the last step without validation)
 * @param stepsRun      optimisation steps actually taken (fewer than asked when stopped early)
 * @param stoppedEarly  true when early stopping ended the run before the step budget
 * @param seconds       wall-clock time of the run
 */
public record TrainResult(List<Integer> evalSteps, List<Double> trainLoss, List<Double> valLoss,
                          List<Double> valAccuracy, int bestStep, int stepsRun, boolean stoppedEarly,
                          double seconds) {

    /** Makes the lists unmodifiable copies. */
    public TrainResult {
        evalSteps = List.copyOf(evalSteps);
        trainLoss = List.copyOf(trainLoss);
        valLoss = List.copyOf(valLoss);
        valAccuracy = List.copyOf(valAccuracy);
    }

    /** Lowest validation loss seen, NaN without validation. */
    public double bestValLoss() {
        return valLoss.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    /** Validation accuracy at the best step (the one restored), NaN without validation. */
    public double bestValAccuracy() {
        int i = evalSteps.indexOf(bestStep);
        return i < 0 || valAccuracy.isEmpty() ? Double.NaN : valAccuracy.get(i);
    }

    /** The last recorded training loss, NaN if none. */
    public double finalTrainLoss() {
        return trainLoss.isEmpty() ? Double.NaN : trainLoss.get(trainLoss.size() - 1);
    }
}
