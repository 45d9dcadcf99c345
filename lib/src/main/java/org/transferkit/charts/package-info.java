/** XChart-based charts (learning curves with bands, bars with error bars, heatmaps, scatter) and image grids. */
package org.transferkit.charts;
