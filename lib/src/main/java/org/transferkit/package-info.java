/** transfer-kit support library: data, models, transfer, multi-task, adaptation, diagnostics, charts. */
package org.transferkit;
