#!/usr/bin/env bash
# Lists what the kit needs and whether it is present: Java, Maven, Jupyter, fonts, the build, the kernel spec,
# the ND4J backend, the linear algebra self-test and the datasets (with their checksums). Exits 1 when anything is missing, 0 otherwise.
# Changes nothing; `environment/kit setup` installs what is missing.
set -uo pipefail
# shellcheck source=environment/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$KIT_ROOT"

missing=0
ok()   { printf '  ok       %-13s %s\n' "$1" "$2"; }
bad()  { printf '  MISSING  %-13s %s\n' "$1" "$2"; missing=$((missing + 1)); }
info() { printf '  info     %-13s %s\n' "$1" "$2"; }

echo "transfer-kit doctor ($KIT_ROOT)"

# Java: version and jshell (a JDK, not a JRE)
java=$(kit_java)
if [ -z "$java" ]; then
  bad java "no java (set JAVA_HOME or put a JDK 17+ on PATH)"
else
  version=$(java_feature_version "$java")
  detail="$("$java" -version 2>&1 | head -n 1) at $(readlink -f "$java")"
  if [ -z "$version" ] || [ "$version" -lt 17 ]; then bad java "$detail: need 17 or newer"
  elif [ ! -x "$(dirname "$(readlink -f "$java")")/jshell" ]; then bad java "$detail: no jshell next to it (a JRE; need a JDK)"
  else ok java "$detail, jshell present"; fi
fi

# Maven
if command -v mvn >/dev/null 2>&1; then ok maven "$(mvn -v 2>/dev/null | head -n 1 | sed 's/\x1b\[[0-9;]*m//g')"
else bad maven "mvn not found (apt-get install -y maven)"; fi

# Jupyter: the libraries the runner uses, and the commands for interactive use
python=$(kit_python)
if [ -n "$python" ]; then
  ok jupyter-libs "$("$python" -c 'import nbclient, nbconvert, nbformat, jupyter_client as j; print(f"nbclient {nbclient.__version__}, nbconvert {nbconvert.__version__}, nbformat {nbformat.__version__}, jupyter_client {j.__version__}")' 2>/dev/null) ($python)"
else
  bad jupyter-libs "no Python imports nbclient, nbconvert, nbformat and jupyter_client (environment/kit setup installs them)"
fi
if command -v jupyter >/dev/null 2>&1 && notebook_version=$(jupyter notebook --version 2>/dev/null); then
  ok notebook "jupyter notebook ${notebook_version##*$'\n'}"
else
  bad notebook "the jupyter notebook command is missing (package jupyter-notebook)"
fi
if command -v jupyter-lab >/dev/null 2>&1; then info jupyterlab "$(jupyter-lab --version 2>/dev/null | tail -n 1) (optional)"
else info jupyterlab "not installed (optional; Jupyter Notebook and VS Code work too)"; fi

# Fonts for charts rendered by a headless JVM
if command -v fc-list >/dev/null 2>&1; then
  fonts=$(fc-list 2>/dev/null)
  count=$(grep -c . <<<"$fonts")
  if grep -qi dejavu <<<"$fonts"; then ok fonts "$count fonts, DejaVu present"
  elif [ "$count" -gt 0 ]; then ok fonts "$count fonts (no DejaVu; charts use another font)"
  else bad fonts "fontconfig finds no font (apt-get install -y fonts-dejavu-core)"; fi
else
  bad fonts "fontconfig missing (apt-get install -y fontconfig fonts-dejavu-core)"
fi

# The build: library jar and the kernel's class path
lib_jar=$(compgen -G 'lib/target/transfer-kit-lib-*.jar' | grep -v -e sources -e javadoc | head -n 1)
if [ -n "$lib_jar" ]; then
  ok build "$lib_jar, $(find environment/kernel/target/kernel-lib -name '*.jar' 2>/dev/null | wc -l) jars in environment/kernel/target/kernel-lib"
else
  bad build "lib/target/transfer-kit-lib-*.jar missing (environment/kit setup builds it)"
fi

# Kernel spec: installed, its launcher present, and the java it starts
spec_dir=
if [ -n "$python" ]; then
  spec=$("$python" - "$KIT_KERNEL_NAME" <<'PY' 2>/dev/null
import os, shutil, sys
from jupyter_client.kernelspec import KernelSpecManager
spec = KernelSpecManager().get_kernel_spec(sys.argv[1])
exe = spec.argv[0] if spec.argv else ""
found = os.path.isfile(exe) or shutil.which(exe) is not None
java = (spec.metadata or {}).get("transfer-kit", {}).get("java")
print("ok" if found else "noexe", spec.resource_dir, spec.display_name + (f", java {java}" if java else ""), sep="\t")
PY
)
  IFS=$'\t' read -r state spec_dir spec_info <<<"$spec"
  case "$state" in
    ok)    ok kernelspec "'$KIT_KERNEL_NAME' ($spec_info) in $spec_dir" ;;
    noexe) bad kernelspec "'$KIT_KERNEL_NAME' in $spec_dir starts a program that does not exist (environment/kit setup)" ;;
    *)     bad kernelspec "'$KIT_KERNEL_NAME' is not installed (environment/kit setup installs it)" ;;
  esac
else
  bad kernelspec "cannot look it up without the Jupyter libraries"
fi

# ND4J backend: the native jar for this platform on the kernel's class path
backend=$(find ${spec_dir:+"$spec_dir"} environment/kernel/target/kernel-lib -name 'nd4j-*.jar' 2>/dev/null \
  | sed 's|.*/||' | grep -v -e preset | grep -E -e '-(linux|macosx|windows)-[a-z0-9_]+\.jar$' | sort -u | tr '\n' ' ')
if [ -n "$backend" ]; then ok nd4j "backend ${backend% }"
elif [ -n "$spec_dir$lib_jar" ]; then bad nd4j "no native ND4J jar (nd4j-native-*-PLATFORM.jar) on the kernel's class path"
else bad nd4j "not built yet (environment/kit setup)"; fi

# Linear algebra: ND4J's products and eigen decomposition against plain Java, on the kernel's class path
if [ -n "$backend" ] && [ -n "$java" ]; then
  cp_dir=${spec_dir:+$spec_dir/lib}; [ -d "${cp_dir:-}" ] || cp_dir=environment/kernel/target/kernel-lib
  lib_jars=$(compgen -G 'lib/target/transfer-kit-lib-*.jar' | head -n 1)
  report=$("$java" -cp "$cp_dir/*${lib_jars:+:$lib_jars}" org.transferkit.LinearAlgebraCheck 2>/dev/null); status=$?
  build_line=$(grep '^native build: ' <<<"$report" | sed 's/^native build: //')
  [ -n "$build_line" ] && info native "$build_line"
  report=$(grep -v '^native build: ' <<<"$report")
  if [ $status -eq 0 ]; then ok linalg "$(tail -n 1 <<<"$report")"
  else bad linalg "${report:-the check could not run (environment/kit setup)}"; fi
fi

# Datasets, verified against their checksums by the library's dataset command line (on the build's class path)
data_cp=environment/kernel/target/kernel-lib
if [ -f datasets/catalog.json ] && [ -n "$java" ] && ! compgen -G "$data_cp/transfer-kit-lib-*.jar" >/dev/null; then
  bad datasets "cannot verify them before the library is built (environment/kit setup)"
elif [ -f datasets/catalog.json ] && [ -n "$java" ]; then
  report=$("$java" -cp "$data_cp/*" org.transferkit.data.DatasetCommandLine verify datasets 2>&1); status=$?
  if [ $status -eq 0 ]; then
    ok datasets "$(grep -c '^ok' <<<"$report") files match their SHA-256 in datasets/catalog.json"
  else
    bad datasets "checksum check failed (repair: bash environment/prepare-datasets.sh):"
    sed 's/^/                         /' <<<"$report"
  fi
elif [ -f environment/prepare-datasets.sh ]; then
  bad datasets "not prepared (datasets/catalog.json or its files missing): bash environment/prepare-datasets.sh"
else
  info datasets "this checkout has no datasets to prepare"
fi

# Application assets (lessons 12 and 13: reviews, mail, word vectors, MiniLM, MovieLens), by the asset command line
apps=datasets/applications
if [ -f "$apps/catalog.json" ] && [ -n "$java" ] && compgen -G "$data_cp/transfer-kit-lib-*.jar" >/dev/null; then
  report=$("$java" -Xmx3g -cp "$data_cp/*" org.transferkit.assets.AssetCommandLine verify "$apps" 2>&1); status=$?
  if [ $status -eq 0 ]; then
    ok applications "$(grep -c '^ok' <<<"$report") assets match their SHA-256 in $apps/catalog.json ($(grep '^ok' <<<"$report" | awk '{print $2}' | paste -sd, - | sed 's/,/, /g'))"
  else
    bad applications "missing or damaged (repair: bash environment/prepare-applications.sh):"
    grep -v '^ok' <<<"$report" | sed 's/^ */                         /'
  fi
elif [ -f environment/prepare-applications.sh ]; then
  bad applications "not prepared ($apps/catalog.json missing, or the library not built): environment/kit setup"
fi

info profile "KIT_PROFILE=${KIT_PROFILE:-<unset: full>}"

if [ "$missing" -gt 0 ]; then
  printf '\n%d thing(s) missing: run environment/kit setup (README.md, Troubleshooting, says more)\n' "$missing"
  exit 1
fi
printf '\neverything present\n'
