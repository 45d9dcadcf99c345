/** Training on a fixed step budget with seeded batches, early stopping, and evaluation helpers. */
package org.transferkit.training;
