/** Method x k x seed comparison grids collected in Tablesaw tables, with 95% interval summaries. */
package org.transferkit.experiment;
