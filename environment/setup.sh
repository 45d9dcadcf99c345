#!/usr/bin/env bash
# Sets up everything the kit needs, idempotently; a second run only checks and takes seconds.
#   1. system packages: Jupyter (notebook, nbconvert, nbclient, jupyter-client) and fonts for headless charts, from
#      Debian/Ubuntu packages when missing (apt-get, through sudo when not root); elsewhere it says what to install
#   2. checks the JDK (17 or newer, with jshell) and Maven
#   3. builds the library and the kernel with Maven (skipped when nothing changed since the last build)
#   4. prepares the datasets (environment/prepare-datasets.sh: fetch, convert, verify checksums)
#   5. installs the Jupyter kernel spec `java` for this user (environment/kernel/install-kernelspec.sh)
# Environment: KIT_MVN_OPTS adds options to the Maven build (e.g. KIT_MVN_OPTS=-Pcuda for the GPU backend).
set -euo pipefail
# shellcheck source=environment/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$KIT_ROOT"

start=$SECONDS
step() { printf '\n== setup %s\n' "$*"; }

# ---------------------------------------------------------------------------------------------- 1. system packages
step "1/6: system packages"
if have_apt; then
  packages=("${KIT_APT_PACKAGES[@]}")
  command -v mvn >/dev/null 2>&1 || packages+=(maven)
  mapfile -t missing < <(apt_missing "${packages[@]}")
  if ! grep -qsiE '^ID(_LIKE)?=.*ubuntu' /etc/os-release; then
    for p in "${KIT_APT_OPTIONAL[@]}"; do  # optional: only where apt knows the package
      if [ -z "$(apt_missing "$p")" ]; then packages+=("$p")
      elif apt-cache show "$p" >/dev/null 2>&1; then missing+=("$p"); fi
    done
  fi
  if [ "${#missing[@]}" -eq 0 ]; then
    say "present: ${packages[*]}"
  else
    install_cmd="apt-get install -y --no-install-recommends ${missing[*]}"
    if [ "$(id -u)" -eq 0 ]; then sudo_cmd=()
    elif command -v sudo >/dev/null 2>&1; then sudo_cmd=(sudo)
    else
      warn "Missing packages: ${missing[*]}. Install them as root, then run environment/kit setup again:"
      warn "  apt-get update && $install_cmd"
      exit 1
    fi
    say "installing: ${missing[*]}"
    "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
    # shellcheck disable=SC2086
    "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive $install_cmd
  fi
else
  problems=()
  [ -n "$(kit_python)" ] || problems+=("a Python with Jupyter, nbconvert and nbclient")
  command -v jupyter >/dev/null 2>&1 || problems+=("the jupyter command")
  command -v mvn >/dev/null 2>&1 || problems+=("Maven")
  command -v fc-list >/dev/null 2>&1 || problems+=("fontconfig")
  if [ "${#problems[@]}" -gt 0 ]; then
    warn "This is not a Debian/Ubuntu machine, so the kit cannot install for itself. Missing: ${problems[*]}."
    install_help >&2
    exit 1
  fi
  say "present: Jupyter ($(kit_python)), Maven, fontconfig"
fi
python=$(kit_python)
[ -n "$python" ] || { install_help >&2; die "no Python can import nbclient, nbformat, nbconvert and jupyter_client"; }

# ------------------------------------------------------------------------------------------------- 2. JDK, Maven
step "2/6: JDK and Maven"
java=$(kit_java)
[ -n "$java" ] || { install_help >&2; die "no java found (set JAVA_HOME or put a JDK 17+ on PATH)"; }
version=$(java_feature_version "$java")
if [ -z "$version" ] || [ "$version" -lt 17 ]; then
  install_help >&2
  die "$java is Java ${version:-of unknown version}; the kit needs 17 or newer (set JAVA_HOME to a JDK 17+)"
fi
jdk_home=$(dirname "$(dirname "$(readlink -f "$java")")")
[ -x "$jdk_home/bin/jshell" ] || die "$java is a JRE without jshell; the kernel needs a full JDK (e.g. openjdk-17-jdk-headless)"
# Maven and the kernel-spec installer use this same JDK (the installer records the java it finds on PATH).
export JAVA_HOME="$jdk_home" PATH="$jdk_home/bin:$PATH"
command -v mvn >/dev/null 2>&1 || die "Maven (mvn) not found; install it (apt-get install -y maven) and run again"
say "java $version ($jdk_home, jshell present); $(mvn -v 2>/dev/null | head -n 1 | sed 's/\x1b\[[0-9;]*m//g')"

# --------------------------------------------------------------------------------------------------- 3. Maven build
step "3/6: build (Maven)"
stamp=build/.kit/build.stamp
mvn_opts=${KIT_MVN_OPTS:-}
up_to_date() {
  [ -f "$stamp" ] && [ "$(cat "$stamp")" = "opts=$mvn_opts" ] || return 1
  compgen -G 'lib/target/transfer-kit-lib-*.jar' >/dev/null || return 1
  [ -d environment/kernel/target/kernel-lib ] || return 1
  compgen -G 'bench/target/transfer-kit-bench-*.jar' >/dev/null || return 1
  [ -z "$(find pom.xml lib bench environment/kernel -path '*/target' -prune -o -type f -newer "$stamp" -print -quit)" ]
}
if up_to_date; then
  say "up to date (nothing changed since $(date -r "$stamp" '+%F %T'))"
else
  say "mvn -B -q package -DskipTests $mvn_opts   (the first run downloads the dependencies; several minutes)"
  # the kernel's class path is copied afresh: jars of an older build (another OpenBLAS, the other backend) must go
  rm -rf environment/kernel/target/kernel-lib
  # shellcheck disable=SC2086
  mvn -B -q -Dstyle.color=never package -DskipTests $mvn_opts
  mkdir -p "$(dirname "$stamp")"
  printf 'opts=%s' "$mvn_opts" > "$stamp"
  say "built"
fi

# ------------------------------------------------------------------------------------------------------ 4. datasets
step "4/6: datasets"
if [ -f environment/prepare-datasets.sh ]; then
  bash environment/prepare-datasets.sh
else
  say "environment/prepare-datasets.sh not present: no datasets to prepare"
fi
bash environment/prepare-applications.sh  # text, word vectors, MiniLM, MovieLens into datasets/applications/

# ---------------------------------------------------------------------------------------------- 5. source networks
# The image-transfer lessons (01, 04, 07, 08) start from LeNet-5s pretrained on digits 0-4 or clothes 0-4, one per
# seed. They are trained here, once per machine, into the model cache (~/.cache/transfer-kit/models, or KIT_CACHE),
# so a first Run All reads them: 32 networks (seeds 1-16, the most a lesson uses), about 260 core-seconds the
# first time (40 took 328), two processes on one OpenMP thread each (the notebooks' setting, so the cached networks
# equal the ones a notebook would train).
step "5/6: pretrained source networks"
if [ "${KIT_CACHE:-}" = off ]; then
  say "skipped: KIT_CACHE=off (the notebooks train their source networks themselves)"
else
  first=$((1 + ${KIT_SEED_OFFSET:-0})); last=$((16 + ${KIT_SEED_OFFSET:-0}))
  mkdir -p build/.kit
  pids=()
  for part in 0 1; do
    OMP_NUM_THREADS=1 OMP_WAIT_POLICY=passive "$java" -Xmx2g -cp "environment/kernel/target/kernel-lib/*" \
      org.transferkit.models.SourceNetworks "$first" "$last" "$part" 2 > "build/.kit/sources-$part.log" 2>&1 &
    pids+=($!)
  done
  for part in 0 1; do
    if wait "${pids[$part]}"; then
      grep -h '^source networks' "build/.kit/sources-$part.log" | sed 's/^/  /'
    else
      tail -n 30 "build/.kit/sources-$part.log" >&2
      die "pretraining the source networks failed (log: build/.kit/sources-$part.log)"
    fi
  done
fi

# --------------------------------------------------------------------------------------------------- 6. kernel spec
step "6/6: Jupyter kernel '$KIT_KERNEL_NAME'"
if [ -f environment/kernel/install-kernelspec.sh ]; then
  bash environment/kernel/install-kernelspec.sh
  "$python" - "$KIT_KERNEL_NAME" <<'PY' || die "the kernel spec was not installed (see the messages above)"
import sys
from jupyter_client.kernelspec import KernelSpecManager
spec = KernelSpecManager().get_kernel_spec(sys.argv[1])
print(f"kernel spec '{sys.argv[1]}' ({spec.display_name}) in {spec.resource_dir}")
PY
else
  say "environment/kernel/install-kernelspec.sh not present: no kernel to install"
fi

printf '\nsetup done in %d s\n' $((SECONDS - start))
