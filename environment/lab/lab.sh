#!/usr/bin/env bash
# A course lab on one machine: JupyterHub (Debian's package) with the kit's Java kernel for N local student accounts.
# Run through `environment/kit lab` (which first runs the kit's set-up), as root, on Debian/Ubuntu:
#
#   environment/kit lab [--students N] [--prefix NAME] [--port PORT] [--ip ADDR] [--profile fast|full]
#                       [--heap SIZE] [--cull MINUTES] [--ssl-cert FILE --ssl-key FILE]
#                                  install what is missing and start the hub (or restart it when a setting changed)
#   environment/kit lab --status   is it running, where, for whom
#   environment/kit lab --stop     stop the hub, its proxy and every student's server
#   environment/kit lab --remove   stop, then delete the lab's student accounts and their home folders
#   environment/kit lab --browser-tools   install chromium, chromium-driver and python3-selenium (the browser test)
#
# Idempotent: a second run keeps the accounts, their passwords and their work (notebooks are copied only where a
# student has no file of that name), and leaves a running hub alone when nothing changed. Settings given once are
# remembered in the lab's folder ($KIT_LAB_DIR, default /var/lib/transfer-kit-lab, root only) and reused.
# docs/lab.md explains the choices (limits, culling, binding) and the measured capacity.
set -euo pipefail
# shellcheck source=environment/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../common.sh"
cd "$KIT_ROOT"

LAB_DIR=${KIT_LAB_DIR:-/var/lib/transfer-kit-lab}
PYTHON=/usr/bin/python3                              # Debian's Python: JupyterHub's packages live there
SHARE=/usr/local/share/transfer-kit                  # datasets the students' kernels read (a copy, read-only)
KERNEL_DIR=/usr/local/share/jupyter/kernels/java     # the system-wide kernel spec, seen by every user
MARKER="transfer-kit lab student"                    # the accounts' comment (GECOS): only these are ever touched
LAB_APT_PACKAGES=(jupyterhub node-configurable-http-proxy)
BROWSER_APT_PACKAGES=(chromium chromium-driver python3-selenium)

usage() { sed -n '2,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

need_root_apt() {
  have_apt || die "the lab is installed from Debian/Ubuntu packages; this machine has no apt-get (docs/lab.md says what to install elsewhere)"
  [ "$(id -u)" -eq 0 ] || die "the lab creates accounts and a system-wide kernel: run it as root (sudo environment/kit lab ...)"
}

apt_install() {
  local missing; mapfile -t missing < <(apt_missing "$@")
  [ "${#missing[@]}" -eq 0 ] && return 0
  say "installing: ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null \
    || die "could not install ${missing[*]}"
}

# ------------------------------------------------------------------------------------------------------- settings
# Defaults, then what an earlier run saved, then the command line.
STUDENTS=4 PREFIX=student PORT=8000 IP=127.0.0.1 PROFILE=full HEAP=2g CULL=60 SSL_CERT="" SSL_KEY=""
load_settings() {
  # shellcheck disable=SC1091
  [ -f "$LAB_DIR/settings.env" ] && source "$LAB_DIR/settings.env"
  return 0
}
save_settings() {
  cat > "$LAB_DIR/settings.env.new" <<EOF
STUDENTS=$STUDENTS
PREFIX=$PREFIX
PORT=$PORT
IP=$IP
PROFILE=$PROFILE
HEAP=$HEAP
CULL=$CULL
SSL_CERT=$SSL_CERT
SSL_KEY=$SSL_KEY
EOF
  if cmp -s "$LAB_DIR/settings.env.new" "$LAB_DIR/settings.env" 2>/dev/null; then
    rm -f "$LAB_DIR/settings.env.new"; return 1   # unchanged
  fi
  mv "$LAB_DIR/settings.env.new" "$LAB_DIR/settings.env"
}

students() { local i; for ((i = 1; i <= STUDENTS; i++)); do echo "$PREFIX$i"; done; }
# the accounts of this lab: made by the lab (comment) and named PREFIX<number>
lab_accounts() { getent passwd | awk -F: -v m="$MARKER" '$5 == m {print $1}' | grep -E "^$PREFIX[0-9]+\$" || true; }

url() { local scheme=http; [ -n "$SSL_CERT" ] && scheme=https; echo "$scheme://$IP:$PORT/"; }

hub_pid() {
  local pid; pid=$(cat "$LAB_DIR/jupyterhub.pid" 2>/dev/null || true)
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && grep -qa jupyterhub "/proc/$pid/cmdline" && echo "$pid"
  return 0
}

# ------------------------------------------------------------------------------------------------------- accounts
ensure_accounts() {
  local user home created=0 pw
  touch "$LAB_DIR/passwords"; chmod 600 "$LAB_DIR/passwords"
  for user in $(students); do
    if getent passwd "$user" >/dev/null; then
      [ "$(getent passwd "$user" | cut -d: -f5)" = "$MARKER" ] \
        || die "an account '$user' exists and was not created by the lab; choose another --prefix"
    else
      useradd --create-home --user-group --shell /bin/bash --comment "$MARKER" "$user"
      created=$((created + 1))
    fi
    if ! grep -q "^$user " "$LAB_DIR/passwords"; then
      pw=$(openssl rand -base64 12 | tr -d '/+=' | cut -c1-12)
      echo "$user:$pw" | chpasswd
      echo "$user $pw" >> "$LAB_DIR/passwords"
    fi
    home=$(getent passwd "$user" | cut -d: -f6)
    chmod 700 "$home"                                  # no student reads another's files
    install -d -o "$user" -g "$user" -m 700 "$home/transfer-kit"
    local nb
    for nb in notebooks/*.ipynb; do                    # never overwrite a student's copy
      [ -e "$home/transfer-kit/$(basename "$nb")" ] && continue
      install -o "$user" -g "$user" -m 600 "$nb" "$home/transfer-kit/"
    done
  done
  say "accounts: $(students | tr '\n' ' ')($created new); passwords in $LAB_DIR/passwords (root only)"
}

# --------------------------------------------------------------------------------------- kernel and datasets, shared
# Copied rather than pointed at: `environment/kit setup` replaces the build folder when it rebuilds, which would pull
# the jars from under running kernels, and a checkout under /root is not readable by the students.
install_kernel() {
  local stage=environment/kernel/target/kernelspec/java
  [ -f "$stage/java-path" ] && compgen -G "$stage/lib/*.jar" >/dev/null \
    || die "the kernel is not built ($stage); run environment/kit setup first"
  local manifest; manifest=$( (cd "$stage" && ls -l --time-style=+%s lib launch.sh java-path | sha256sum) | cut -c1-16)
  local want="$manifest"
  if [ "$(cat "$KERNEL_DIR/lab-manifest" 2>/dev/null)" != "$want" ]; then
    local tmp="$KERNEL_DIR.new"
    rm -rf "$tmp"; mkdir -p "$tmp"
    cp -r "$stage/lib" "$stage/launch.sh" "$stage/java-path" "$tmp/"
    cp "$stage"/logo-*.png "$tmp/" 2>/dev/null || true
    cp environment/lab/kernel-launch.sh "$tmp/lab-launch.sh"
    cat > "$tmp/kernel.json" <<JSON
{
  "argv": ["/bin/bash", "$KERNEL_DIR/lab-launch.sh", "{connection_file}"],
  "display_name": "Java (transfer-kit)",
  "language": "java",
  "interrupt_mode": "message",
  "env": {},
  "metadata": {"transfer-kit": {"java": "$(cat "$stage/java-path")", "lab": true}}
}
JSON
    echo "$want" > "$tmp/lab-manifest"
    chmod -R a+rX "$tmp"
    rm -rf "$KERNEL_DIR.old"; [ -d "$KERNEL_DIR" ] && mv "$KERNEL_DIR" "$KERNEL_DIR.old"
    mv "$tmp" "$KERNEL_DIR"; rm -rf "$KERNEL_DIR.old"
    say "kernel spec 'java' installed for every user in $KERNEL_DIR"
  else
    say "kernel spec 'java' up to date in $KERNEL_DIR"
  fi
  # the JVM options for a kernel started outside the hub (the hub's own setting is KIT_KERNEL_JAVA_OPTS, the same)
  echo "-Xmx$HEAP -XX:+UseG1GC -Dorg.bytedeco.javacpp.maxbytes=$HEAP" \
    "-Dorg.bytedeco.javacpp.maxphysicalbytes=$((2 * ${HEAP%[mg]}))${HEAP: -1}" > "$KERNEL_DIR/java-opts"
  chmod 644 "$KERNEL_DIR/java-opts"
  local java; java=$(cat "$KERNEL_DIR/java-path")
  [ -x "$java" ] || die "the kernel's java ($java) is missing"
  if [ -f datasets/catalog.json ]; then
    local sums; sums=$(cat datasets/catalog.json datasets/applications/catalog.json 2>/dev/null | sha256sum | cut -c1-16)
    if [ "$(cat "$SHARE/datasets.sum" 2>/dev/null)" != "$sums" ]; then
      rm -rf "$SHARE/datasets.new"; mkdir -p "$SHARE/datasets.new"
      tar -C datasets --exclude=./cache -cf - . | tar -C "$SHARE/datasets.new" -xf -
      chmod -R a+rX,go-w "$SHARE"
      rm -rf "$SHARE/datasets"; mv "$SHARE/datasets.new" "$SHARE/datasets"; echo "$sums" > "$SHARE/datasets.sum"
      say "datasets copied to $SHARE/datasets (read-only for the students)"
    else
      say "datasets up to date in $SHARE/datasets"
    fi
  fi
  # the source networks the set-up pretrained, shared read-only: the students' kernels read them (KIT_SHARED_CACHE)
  # instead of each pretraining the same networks again (16 of them for notebook 01 alone, about 130 core-seconds)
  local models="${KIT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/transfer-kit/models}"
  if compgen -G "$models/*.zip" >/dev/null; then
    mkdir -p "$SHARE/models"
    cp -u "$models"/*.zip "$models"/*.recipe.txt "$SHARE/models/" 2>/dev/null
    chmod -R a+rX,go-w "$SHARE/models"
    say "source networks shared read-only in $SHARE/models ($(find "$SHARE/models" -name '*.zip' | wc -l) networks)"
  fi
}

# ---------------------------------------------------------------------------------------------------------- the hub
start_hub() {
  [ -f "$LAB_DIR/service-token" ] || (umask 077; openssl rand -hex 32 > "$LAB_DIR/service-token")
  : > "$LAB_DIR/jupyterhub.log.new"; [ -f "$LAB_DIR/jupyterhub.log" ] && mv "$LAB_DIR/jupyterhub.log" "$LAB_DIR/jupyterhub.log.1"
  mv "$LAB_DIR/jupyterhub.log.new" "$LAB_DIR/jupyterhub.log"
  # in its own session, in the background, nothing of ours held open (the caller's pipes end when we end)
  (cd "$LAB_DIR" && exec env KIT_LAB_DIR="$LAB_DIR" KIT_LAB_SHARE="$SHARE" setsid "$PYTHON" -m jupyterhub \
     -f "$KIT_ROOT/environment/lab/jupyterhub_config.py" >> "$LAB_DIR/jupyterhub.log" 2>&1 < /dev/null) \
    > /dev/null 2>&1 < /dev/null &
  local i
  for ((i = 0; i < 90; i++)); do
    if curl -fsk -o /dev/null "$(url)hub/api"; then
      say "JupyterHub running at $(url) (log: $LAB_DIR/jupyterhub.log)"
      return 0
    fi
    sleep 1
  done
  tail -n 30 "$LAB_DIR/jupyterhub.log" >&2
  die "JupyterHub did not answer at $(url) within 90 s (log above: $LAB_DIR/jupyterhub.log)"
}

stop_hub() {
  local pid; pid=$(hub_pid)
  if [ -z "$pid" ]; then say "JupyterHub is not running (lab folder $LAB_DIR)"; else
    kill -TERM "$pid"
    local i
    for ((i = 0; i < 60; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && { warn "JupyterHub ($pid) did not stop in 30 s; killing it"; kill -KILL "$pid"; }
    say "JupyterHub stopped"
  fi
  # the proxy and the students' servers stop with the hub (cleanup_proxy, cleanup_servers); catch leftovers of a hub
  # that was killed: the proxy by its pid file, servers by their owners (the lab's accounts only)
  local proxy; proxy=$(cat "$LAB_DIR/proxy.pid" 2>/dev/null || true)
  if [ -n "$proxy" ] && kill -0 "$proxy" 2>/dev/null && grep -qa configurable-http-proxy "/proc/$proxy/cmdline"; then
    kill -TERM "$proxy"
  fi
  rm -f "$LAB_DIR/proxy.pid" "$LAB_DIR/jupyterhub.pid"
  [ -f "$LAB_DIR/settings.env" ] || return 0
  local user
  for user in $(lab_accounts); do pkill -TERM -u "$user" -f jupyterhub-singleuser 2>/dev/null || true; done
}

status() {
  local pid; pid=$(hub_pid)
  if [ -n "$pid" ]; then say "JupyterHub running at $(url) (pid $pid; lab folder $LAB_DIR)"
  else say "JupyterHub not running (lab folder $LAB_DIR)"; fi
  say "students: $(students | tr '\n' ' ')(passwords: $LAB_DIR/passwords)"
  say "limits per kernel: KIT_OMP_THREADS=1, heap $HEAP, resident memory about twice that; idle kernels culled after $CULL min (0: never)"
  if [ -n "$pid" ]; then
    curl -fsk -H "Authorization: token $(cat "$LAB_DIR/service-token")" "$(url)hub/api/users" \
      | "$PYTHON" -c 'import json, sys
for u in json.load(sys.stdin):
    state = "running" if u.get("server") else "stopped"
    print("  %s: server %s, last activity %s" % (u["name"], state, u.get("last_activity")))' \
      || true
  fi
}

remove() {
  [ -f "$LAB_DIR/settings.env" ] || { say "no lab in $LAB_DIR: nothing to remove"; return 0; }
  stop_hub
  local user
  for user in $(lab_accounts); do
    pkill -KILL -u "$user" 2>/dev/null || true
    userdel --remove "$user" 2>/dev/null || userdel "$user"
    say "removed account $user and its home"
  done
  rm -f "$LAB_DIR/passwords" "$LAB_DIR/settings.env" "$LAB_DIR/jupyterhub.sqlite"
}

# ------------------------------------------------------------------------------------------------------------ main
action=start
[ "$(id -u)" -eq 0 ] && load_settings
while [ $# -gt 0 ]; do
  case "$1" in
    --students) STUDENTS=$2; shift ;;
    --prefix) PREFIX=$2; shift ;;
    --port) PORT=$2; shift ;;
    --ip) IP=$2; shift ;;
    --profile) PROFILE=$2; shift ;;
    --heap) HEAP=$2; shift ;;
    --cull) CULL=$2; shift ;;
    --ssl-cert) SSL_CERT=$(readlink -f "$2"); shift ;;
    --ssl-key) SSL_KEY=$(readlink -f "$2"); shift ;;
    --stop) action=stop ;;
    --status) action=status ;;
    --remove) action=remove ;;
    --browser-tools) action=browser ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option: $1" ;;
  esac
  shift
done
[[ "$STUDENTS" =~ ^[0-9]+$ ]] && [ "$STUDENTS" -ge 1 ] && [ "$STUDENTS" -le 200 ] || die "--students takes 1 to 200"
[[ "$PREFIX" =~ ^[a-z][a-z0-9]{0,15}$ ]] || die "--prefix: lower-case letters and digits, starting with a letter"
[[ "$PORT" =~ ^[0-9]+$ ]] && [ "$PORT" -ge 1024 ] && [ "$PORT" -le 65000 ] || die "--port takes 1024 to 65000"
[[ "$PROFILE" =~ ^(fast|full)$ ]] || die "--profile takes fast or full"
[[ "$HEAP" =~ ^[0-9]+[mg]$ ]] || die "--heap takes a size such as 2g or 1536m"
[[ "$CULL" =~ ^[0-9]+$ ]] || die "--cull takes minutes (0: never)"
{ [ -z "$SSL_CERT" ] && [ -z "$SSL_KEY" ]; } || { [ -r "$SSL_CERT" ] && [ -r "$SSL_KEY" ]; } \
  || die "--ssl-cert and --ssl-key go together and must name readable files"

case "$action" in
  browser) need_root_apt; apt_install "${BROWSER_APT_PACKAGES[@]}"; say "browser tools present: ${BROWSER_APT_PACKAGES[*]}"; exit 0 ;;
  stop) need_root_apt; stop_hub; exit 0 ;;
  status) need_root_apt; status; exit 0 ;;
  remove) need_root_apt; remove; exit 0 ;;
esac

need_root_apt
(umask 077; mkdir -p "$LAB_DIR"); chmod 700 "$LAB_DIR"
case "$IP" in
  127.*|localhost|::1) ;;
  *) warn "WARNING: the hub will listen on $IP, reachable from other machines."
     if [ -z "$SSL_CERT" ]; then
       warn "WARNING: without TLS the students' passwords and notebooks cross the network in clear text. Give"
       warn "         --ssl-cert FILE --ssl-key FILE, or keep --ip 127.0.0.1 behind a TLS reverse proxy (docs/lab.md)."
     fi ;;
esac
fresh_hub=$(apt_missing jupyterhub)
apt_install "${LAB_APT_PACKAGES[@]}"
# Debian's package enables its own service (all interfaces, port 8000) where systemd runs; the lab runs its own hub
if [ -n "$fresh_hub" ] && [ -d /run/systemd/system ] && systemctl is-enabled --quiet jupyterhub.service 2>/dev/null; then
  systemctl disable --now jupyterhub.service >/dev/null 2>&1 || true
  say "the package's own jupyterhub.service (all interfaces, port 8000) is stopped and disabled; the lab runs its own hub"
fi
command -v configurable-http-proxy >/dev/null || die "configurable-http-proxy is missing after the install"
changed=0
save_settings && changed=1
ensure_accounts
install_kernel
running=$(hub_pid)
if [ -n "$running" ] && [ "$changed" = 0 ]; then
  say "JupyterHub already running at $(url) (pid $running); nothing changed"
else
  if [ -n "$running" ]; then say "settings changed: restarting JupyterHub (students' servers stop; their files stay)"; stop_hub; fi
  start_hub
fi
say "students log in at $(url) with the user names and passwords in $LAB_DIR/passwords"
