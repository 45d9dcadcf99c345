package org.transferkit.transfer;

import org.nd4j.linalg.dataset.DataSet;

/**
 * Turns a DataSet into a DataSet of features with the same labels: the common shape of feature-based transfer, so a
 * frozen network and PCA can be swapped in the same experiment.
 */
public interface Featurizer {
    /** Features of {@code data} as a 2-D [n, d] array, labels unchanged. */
    DataSet featurize(DataSet data);

    /** Number of output features d. */
    int featureCount();
}
