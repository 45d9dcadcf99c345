/**
 * Ready-made pieces for the multi-task notebooks (05, 06, 07, 10): the object/scene tasks and the attribute labels
 * derived from Fashion-MNIST items, one MLP set-up shared by every arm of a comparison, and runners that train the
 * arms over seeds and return their results in {@code org.transferkit.experiment.Experiment}'s table format.
 */
package org.transferkit.multitask.study;
