/**
 * Should I transfer? Negative-transfer gap with seed confidence intervals, transferability scores computed from a
 * source model on labelled target data before any fine-tuning (LEEP, NCE, H-score, LogME), and source ranking.
 */
package org.transferkit.diagnostics;
