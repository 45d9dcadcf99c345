#!/usr/bin/env bash
# Starts the transfer-kit kernel. Installed next to kernel.json by install-kernelspec.sh.
# JVM options can be changed without editing files: set KIT_KERNEL_JAVA_OPTS (e.g. "-Xmx8g") in the environment
# Jupyter runs in, or add to them with KIT_KERNEL_EXTRA_JAVA_OPTS; KIT_KERNEL_JAVA picks another java binary (a JDK
# 17+, not a JRE: JShell is needed).
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
java_bin="${KIT_KERNEL_JAVA:-$(cat "$here/java-path")}"
opts="${KIT_KERNEL_JAVA_OPTS:-$(cat "$here/java-opts")} ${KIT_KERNEL_EXTRA_JAVA_OPTS:-}"
# OpenMP reads this for every thread it serves, and the kernel runs each cell statement on a fresh thread, so the
# thread count must come from the environment: KIT_OMP_THREADS, else OMP_NUM_THREADS, else 1. One thread is the
# default because the lessons' networks are small: on 2 quiet cores notebook 09 ran in 156 s on one OpenMP thread and
# 295 s on two, 03 in 109 s and 139 s, a LeNet-5 step in 10-11 ms and 13-14 ms (docs/performance.md); set
# KIT_OMP_THREADS where Jupyter starts for larger networks. (BLAS threads are set to 1 by the library's Kit.init().)
export OMP_NUM_THREADS="${KIT_OMP_THREADS:-${OMP_NUM_THREADS:-1}}"
# Idle OpenMP threads sleep instead of spinning: with spinning threads, anything else on the cores (another kernel,
# the JVM's compiler or collector) made a LeNet step 8x slower; passive costs nothing measurable on quiet cores
# (docs/performance.md). An OMP_WAIT_POLICY already in the environment wins.
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-passive}"
# shellcheck disable=SC2086
exec "$java_bin" $opts -Djava.security.manager=allow -cp "$here/lib/*" org.transferkit.kernel.KernelMain "$@"
