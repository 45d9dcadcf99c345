/**
 * Unsupervised domain adaptation: synthetic domain shifts (MNIST-M-like colour shift, rotated two moons),
 * divergence diagnostics (MMD, proxy A-distance), CORAL alignment, a gradient reversal vertex for DL4J and a
 * DANN trainer (Ganin et al. 2016) with its source-only baseline.
 */
package org.transferkit.adaptation;
