#!/usr/bin/env bash
# Publishes pylon-cli as a Native AOT binary for linux-x64, once per version of the sources.
# Usage: publish-cli.sh LOGFILE
#   prints the binary's path and exits 0; or prints why it was not built and exits 3 while
#   src/pylon-cli has no Program.cs yet; exits 1 when the publish fails (LOGFILE has dotnet's output).
# The binary is kept in the cache under a hash of everything it is built from, so an unchanged tree
# costs nothing on the next run.
set -euo pipefail
log=${1:?usage: publish-cli.sh LOGFILE}
repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"

if [ ! -f src/pylon-cli/Program.cs ]; then
  echo "src/pylon-cli has no Program.cs yet"
  exit 3
fi

cache=${PYLON_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pylontech-can-e2e}
mkdir -p "$cache"

# The AOT linker step calls clang (gcc is the SDK's fallback); objcopy strips the symbols.
if ! command -v clang >/dev/null 2>&1 && ! command -v gcc >/dev/null 2>&1; then
  echo "publish-cli: neither clang nor gcc is installed (scripts/install-test-deps.sh installs them)" >&2
  exit 1
fi

key=$( {
  dotnet --version
  find src dbc -type f ! -path '*/bin/*' ! -path '*/obj/*' | LC_ALL=C sort | xargs sha256sum
  find . -maxdepth 1 -type f \( -name 'Directory.*' -o -name global.json -o -iname nuget.config \) | LC_ALL=C sort | xargs sha256sum
  sha256sum tests/e2e/aot.props tests/e2e/publish-cli.sh
} | sha256sum | cut -c1-16)
bin="$cache/cli-$key/pylon-cli"
if [ -x "$bin" ]; then
  echo "$bin"
  exit 0
fi

tmp=$(mktemp -d "$cache/.cli.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# aot.props sets PublishAot for pylon-cli alone (see there why not -p:PublishAot=true).
if ! dotnet publish src/pylon-cli -c Release -r linux-x64 -p:CustomBeforeMicrosoftCommonProps="$repo/tests/e2e/aot.props" \
    -o "$tmp/out" -nologo >"$log" 2>&1; then
  echo "publish-cli: the Native AOT publish failed:" >&2
  grep -E 'error|Error' "$log" | sort -u | tail -n 20 >&2 || tail -n 20 "$log" >&2
  exit 1
fi
[ -x "$tmp/out/pylon-cli" ] || { echo "publish-cli: the publish wrote no pylon-cli binary" >&2; exit 1; }
mkdir -p "$tmp/keep"
cp "$tmp/out/pylon-cli" "$tmp/keep/pylon-cli"
rm -rf "$cache/cli-$key"
mv "$tmp/keep" "$cache/cli-$key"
# Keep the three newest binaries (other checkouts on this machine may be using theirs).
ls -dt "$cache"/cli-* | tail -n +4 | xargs -r rm -rf
echo "$bin"
