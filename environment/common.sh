# Shared by environment/kit, setup.sh, doctor.sh and the prepare-*.sh scripts (sourced, not run): paths, messages
# and tool look-ups.
# shellcheck shell=bash

KIT_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
KIT_KERNEL_NAME=java

# Debian/Ubuntu packages the kit installs when they are missing, and why:
#   jupyter-notebook, jupyter-nbconvert, python3-nbclient, jupyter-client: run notebooks (interactive and headless)
#   fontconfig, fonts-dejavu-core: fonts for charts drawn by a headless JVM
KIT_APT_PACKAGES=(jupyter-notebook jupyter-nbconvert python3-nbclient jupyter-client fontconfig fonts-dejavu-core)
# Installed too where apt has a real package for them (not Ubuntu, whose chromium is a snap stub); tests that need
# them are skipped without them:
#   chromium: headless browser that opens the executed notebooks' HTML (tests/reliability/test_browser.py)
#   chromium-driver, python3-selenium: drive it through the course lab's Notebook UI (tests/lab/test_lab.py; the lab's
#   own JupyterHub is installed by `environment/kit lab`, not here: Debian's package starts a hub on every interface)
KIT_APT_OPTIONAL=(chromium chromium-driver python3-selenium)

say()  { printf '%s\n' "$*"; }
warn() { printf '%s\n' "$*" >&2; }
die()  { warn "error: $*"; exit 1; }

# The java the kit uses: $JAVA_HOME/bin/java when JAVA_HOME is set, else java on PATH.
kit_java() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then echo "$JAVA_HOME/bin/java"; else command -v java || true; fi
}

# Feature version of a java binary (17, 21, ...), or empty.
java_feature_version() {
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = *//p' | sed 's/^1\.//' | head -n 1
}

# A Python that can import the Jupyter libraries the runner needs: $KIT_PYTHON, else /usr/bin/python3 (Debian's
# packages live there), else python3 on PATH. Prints nothing when none can.
kit_python() {
  local candidates=() p
  if [ -n "${KIT_PYTHON:-}" ]; then candidates=("$KIT_PYTHON"); else candidates=(/usr/bin/python3 "$(command -v python3 || true)"); fi
  for p in "${candidates[@]}"; do
    [ -n "$p" ] && [ -x "$p" ] || continue
    if "$p" -c 'import nbclient, nbformat, nbconvert, jupyter_client' >/dev/null 2>&1; then echo "$p"; return 0; fi
  done
  return 0
}

# True on a machine with apt-get and dpkg (Debian, Ubuntu and derivatives).
have_apt() { command -v apt-get >/dev/null 2>&1 && command -v dpkg-query >/dev/null 2>&1; }

# Packages of the arguments that dpkg does not report as installed.
apt_missing() {
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || echo "$p"
  done
}

# The instructions printed where the kit cannot install for itself.
install_help() {
  cat <<'TXT'
The kit needs:
  - a JDK 17 or newer (with jshell), e.g. on Debian/Ubuntu: apt-get install -y openjdk-17-jdk-headless
  - Apache Maven 3.8 or newer:                           apt-get install -y maven
  - Jupyter with nbconvert and nbclient:                 apt-get install -y --no-install-recommends \
        jupyter-notebook jupyter-nbconvert python3-nbclient jupyter-client
    (elsewhere: `python3 -m pip install notebook nbconvert nbclient jupyter_client`, then set KIT_PYTHON to that python3)
  - fonts for headless charts:                           apt-get install -y fontconfig fonts-dejavu-core
  - optional, for the browser test of the rendered notebooks: Chromium (Debian: apt-get install -y chromium;
    elsewhere any Chromium or Chrome, with KIT_CHROMIUM set to its binary)
Then run `environment/kit setup` again.
TXT
}

# The kernel's class path, which the Maven build fills with the library and its jars; the set-up's data commands
# (prepare-datasets.sh, prepare-applications.sh) run on it.
KIT_CLASSPATH_DIR="$KIT_ROOT/environment/kernel/target/kernel-lib"

# Dies (through the caller's die) unless java is 17 or newer and the library is built into $KIT_CLASSPATH_DIR.
require_built_library() {
  command -v java >/dev/null 2>&1 \
    || die "a JDK 17 or newer is needed. Debian/Ubuntu: apt-get install -y openjdk-17-jdk-headless"
  local major
  major="$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -1)"
  [ "${major%%.*}" -ge 17 ] 2>/dev/null \
    || die "Java $major found, 17 or newer needed. Debian/Ubuntu: apt-get install -y openjdk-17-jdk-headless"
  compgen -G "$KIT_CLASSPATH_DIR/transfer-kit-lib-*.jar" >/dev/null \
    || die "the library is not built ($KIT_CLASSPATH_DIR has no transfer-kit-lib jar); run environment/kit setup, which builds
  it with Maven and then runs this script (or build it yourself: mvn -q package -DskipTests)"
}
