/**
 * Inductive transfer between networks: feature-based transfer (frozen layers or PCA as a featurizer, handed to a
 * Tribuo trainer or to a new DL4J softmax head) and model-based transfer (copy the parameters, replace the head,
 * freeze the first k layers, fine-tune, optionally with the L2-SP penalty).
 */
package org.transferkit.transfer;
