/**
 * Throughput and memory benchmark of the kit's training paths against plain DL4J {@code fit} (and, through the
 * driver {@code tests/benchmarks/bench.py}, against PyTorch): synthetic seeded data, the workloads W1-W6 and a small
 * line protocol for alternating runs. Run it with {@code environment/kit bench}; results in {@code build/bench/}.
 */
package org.transferkit.bench;
