/** Small-sample statistics for comparing methods over seeds: t intervals, paired differences, rank correlation. */
package org.transferkit.stats;
