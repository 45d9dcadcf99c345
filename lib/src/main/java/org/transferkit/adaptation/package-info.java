/**
 * Unsupervised domain adaptation: synthetic domain shifts (MNIST-M-like colour shift, rotated two moons),
 * divergence diagnostics (MMD, proxy A-distance), CORAL alignment, a gradient reversal vertex for DL4J, a
 * DANN trainer (Ganin et al. 2016) with its source-only baseline, and the DANN paper's recipe written step by step
 * ({@link org.transferkit.adaptation.DannNetworks} for the networks, {@link org.transferkit.adaptation.DannSgd} for
 * the training loop, {@link org.transferkit.adaptation.PlainMomentum} for the update).
 */
package org.transferkit.adaptation;
