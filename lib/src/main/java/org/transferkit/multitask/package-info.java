/**
 * Multi-task learning: hard parameter sharing (one DL4J {@code ComputationGraph}, a shared trunk and one softmax head
 * per task), per-task loss weighting (equal, fixed, uncertainty, random), gradient-conflict monitoring, soft parameter
 * sharing between task networks (an exact L2 coupling penalty), the Delta_MTL summary and a multi-label helper.
 */
package org.transferkit.multitask;
