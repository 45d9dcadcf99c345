#!/usr/bin/env bash
# Starts the kit's kernel for a student of the lab. Installed by environment/lab/lab.sh as lab-launch.sh in the
# system-wide kernel spec (/usr/local/share/jupyter/kernels/java), next to the kit's own launch.sh, which it runs.
# It adds what a shared machine needs and a per-user kernel spec does not: the shared datasets, the source networks the
# set-up pretrained (read-only, KIT_SHARED_CACHE) beside a model cache in the student's home, and one OpenMP thread
# per kernel. The hub sets KIT_KERNEL_JAVA_OPTS (heap and ND4J off-heap caps) and KIT_PROFILE; without it (a
# student's own `jupyter notebook`) the spec's java-opts apply. Every value here is a default that the environment can override.
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export KIT_DATASETS="${KIT_DATASETS:-/usr/local/share/transfer-kit/datasets}"
export KIT_CACHE="${KIT_CACHE:-$HOME/.cache/transfer-kit/models}"
export KIT_SHARED_CACHE="${KIT_SHARED_CACHE:-/usr/local/share/transfer-kit/models}"
export KIT_OMP_THREADS="${KIT_OMP_THREADS:-1}"
exec /bin/bash "$here/launch.sh" "$@"
