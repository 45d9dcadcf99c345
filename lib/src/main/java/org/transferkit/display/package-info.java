/** Showing results from library code: rich output through a notebook sink, plain text in a terminal, progress bars. */
package org.transferkit.display;
