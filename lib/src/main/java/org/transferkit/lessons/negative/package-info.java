/**
 * Support for notebook 08 (negative transfer): the target task and its graded sources, source pretraining, one target
 * protocol for every arm (scratch, fine-tuning, frozen layers, L2-SP) on the same samples and batches, arms run seed by
 * seed in parallel, negative-transfer-gap tables, a source trained domain-adversarially (DANN) with its lambda = 0 control, and the study of whether transferability scores
 * predict the realised gap.
 */
package org.transferkit.lessons.negative;
