#!/usr/bin/env bash
# Native AOT smoke test: publishes pylon-cli as a Native AOT linux-x64 binary (tests/e2e/publish-cli.sh, cached per
# version of the sources) and runs it without the .NET runtime: --version, and dump of a bundled capture.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/pylon-aot.XXXXXX")
trap 'rm -rf "$work"' EXIT
start=$SECONDS

fail() { echo "  FAIL $1" >&2; [ -f "${2:-}" ] && tail -n 20 "$2" | sed 's/^/       /' >&2; exit 1; }

if ! bin=$("$repo/tests/e2e/publish-cli.sh" "$work/publish.log"); then
  fail "the Native AOT publish of pylon-cli failed" "$work/publish.log"
fi
echo "  ok   published $bin ($(du -k "$bin" | cut -f1) KiB)"
# A native executable with no managed entry point beside it, not an apphost.
[ "$(head -c 4 "$bin" | od -An -c | tr -d ' ')" = '177ELF' ] || fail "$bin is not an ELF executable"
[ ! -e "$(dirname "$bin")/pylon-cli.dll" ] || fail "pylon-cli.dll beside the binary: not a Native AOT publish"

version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$repo/Directory.Build.props" | head -n 1)
# DOTNET_ROOT pointing nowhere: a binary that still needed the runtime would fail here.
DOTNET_ROOT=/nonexistent "$bin" --version >"$work/version.out" 2>&1 || fail "pylon-cli --version exited with $?" "$work/version.out"
grep -qE "^$version(\+|$)" "$work/version.out" || fail "pylon-cli --version does not print $version" "$work/version.out"
echo "  ok   pylon-cli --version: $(cat "$work/version.out")"

capture="$repo/samples/captures/us5000-old-and-new-firmware.candump.log"
DOTNET_ROOT=/nonexistent "$bin" dump "$capture" --stats >"$work/dump.out" 2>"$work/dump.err" || fail "pylon-cli dump exited with $?" "$work/dump.err"
grep -qF "356#7A13F2FE6B01  BatteryVoltage=49.86 V BatteryCurrent=-27.0 A BatteryTemperature=36.3 degC" "$work/dump.out" ||
  fail "pylon-cli dump did not decode 356#7A13F2FE6B01 as 49.86 V, -27.0 A, 36.3 degC" "$work/dump.out"
echo "  ok   pylon-cli dump $(basename "$capture"): $(wc -l <"$work/dump.out") lines, 0x356 decoded as in the spec"

DOTNET_ROOT=/nonexistent "$bin" dump "$capture" --format ndjson -n 3 >"$work/ndjson.out" 2>&1 || fail "pylon-cli dump --format ndjson exited with $?" "$work/ndjson.out"
python3 -c 'import json, sys; [json.loads(l) for l in open(sys.argv[1])]' "$work/ndjson.out" 2>"$work/json.err" || fail "dump --format ndjson is not JSON (trimmed serializer metadata?)" "$work/json.err"
echo "  ok   pylon-cli dump --format ndjson: $(wc -l <"$work/ndjson.out") valid JSON lines"
echo "aot: 4 checks passed in $((SECONDS - start)) s"
