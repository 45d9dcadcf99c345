#!/usr/bin/env bash
# Installs the transfer-kit Java kernel for the current user as Jupyter kernel "java".
# Needs: the build (mvn package at the repository root), a JDK 17+ and Jupyter. Idempotent.
# Options via environment: KIT_KERNEL_JAVA_OPTS (default "-Xmx4g -XX:+UseG1GC") is stored as the kernel's default.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
target="$here/target"
jar=$(ls "$target"/transfer-kit-kernel-*.jar 2>/dev/null | head -n1 || true)
if [ -z "$jar" ] || [ ! -d "$target/kernel-lib" ]; then
  echo "install-kernelspec: the kernel is not built; run 'mvn -B package -DskipTests' at the repository root first" >&2
  exit 1
fi
command -v jupyter >/dev/null || { echo "install-kernelspec: jupyter not found (sudo apt-get install jupyter-notebook jupyter-client)" >&2; exit 1; }
java_bin="$(readlink -f "$(command -v java)")"
java_home="$(dirname "$(dirname "$java_bin")")"
[ -x "$java_home/bin/jshell" ] || { echo "install-kernelspec: $java_bin is not from a JDK (no jshell next to it); install a JDK 17+" >&2; exit 1; }

stage="$target/kernelspec/java"
rm -rf "$stage" && mkdir -p "$stage/lib"
cp "$jar" "$target"/kernel-lib/*.jar "$stage/lib/"
cp "$here/spec/launch.sh" "$stage/launch.sh"
cp "$here/spec/logo-64x64.png" "$stage/" 2>/dev/null || true
echo "$java_bin" > "$stage/java-path"
echo "${KIT_KERNEL_JAVA_OPTS:--Xmx4g -XX:+UseG1GC}" > "$stage/java-opts"
# argv needs the installed location, so install once to learn it, then write kernel.json there.
printf '{"argv":["true"],"display_name":"Java (transfer-kit)","language":"java"}' > "$stage/kernel.json"
jupyter kernelspec install --user --replace --name java "$stage" >/dev/null
dest="$(jupyter kernelspec list --json | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["kernelspecs"]["java"]["resource_dir"])')"
cat > "$dest/kernel.json" <<JSON
{
  "argv": ["/bin/bash", "$dest/launch.sh", "{connection_file}"],
  "display_name": "Java (transfer-kit)",
  "language": "java",
  "interrupt_mode": "message",
  "env": {},
  "metadata": {"transfer-kit": {"java": "$java_bin"}}
}
JSON
echo "installed kernel 'java' (Java (transfer-kit)) in $dest using $java_bin"
