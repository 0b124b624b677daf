#!/usr/bin/env bash
# Native AOT smoke test: publishes pylon-cli as a Native AOT linux-x64 binary (tests/e2e/publish-cli.sh, cached per
# version of the sources) and runs it without the .NET runtime: --version, and dump of a bundled capture.
# Then the Raspberry Pi builds: a linux-arm64 self-contained single file, and Native AOT for linux-arm64 where a cross
# linker is installed; both run under qemu-user where it is installed.
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

# The Raspberry Pi (linux-arm64) builds of docs/raspberry-pi.md, in a separate artifacts folder so the tree's own
# bin/ and obj/ stay as they are. They run here under qemu-user where it and Debian's arm64 libraries are installed.
checks=4
# is_arm64 FILE: an ELF file for aarch64 (e_machine 183).
is_arm64() { [ "$(od -An -tu2 -j18 -N2 "$1" | tr -d ' ')" = 183 ]; }
qemu=
if command -v qemu-aarch64 >/dev/null 2>&1 && [ -e /usr/aarch64-linux-gnu/lib/libc.so.6 ] && [ -e /usr/aarch64-linux-gnu/lib/libstdc++.so.6 ]; then
  qemu="qemu-aarch64 -L /usr/aarch64-linux-gnu"
fi
# run_arm64 NAME BINARY: --version and dump of the capture under qemu-user.
run_arm64() {
  [ -n "$qemu" ] || { echo "  --   $1 not run: qemu-user, libc6-arm64-cross and libstdc++6-arm64-cross are not installed"; return 0; }
  $qemu "$2" --version >"$work/arm64-version.out" 2>&1 || fail "$1 --version under qemu-aarch64 exited with $?" "$work/arm64-version.out"
  grep -qE "^$version(\+|$)" "$work/arm64-version.out" || fail "$1 --version does not print $version" "$work/arm64-version.out"
  $qemu "$2" dump "$capture" >"$work/arm64-dump.out" 2>&1 || fail "$1 dump under qemu-aarch64 exited with $?" "$work/arm64-dump.out"
  grep -qF "356#7A13F2FE6B01  BatteryVoltage=49.86 V BatteryCurrent=-27.0 A BatteryTemperature=36.3 degC" "$work/arm64-dump.out" ||
    fail "$1 dump under qemu-aarch64 did not decode 0x356" "$work/arm64-dump.out"
  checks=$((checks + 1))
  echo "  ok   $1 runs under qemu-aarch64: --version, dump decodes 0x356 as in the spec"
}

if ! dotnet publish "$repo/src/pylon-cli" -c Release -r linux-arm64 --self-contained -p:PublishSingleFile=true \
    --artifacts-path "$work/arm64-artifacts" -o "$work/arm64" -nologo >"$work/arm64.log" 2>&1; then
  fail "dotnet publish -r linux-arm64 --self-contained -p:PublishSingleFile=true failed" "$work/arm64.log"
fi
is_arm64 "$work/arm64/pylon-cli" || fail "the linux-arm64 single file is not an aarch64 executable"
checks=$((checks + 1))
echo "  ok   linux-arm64 self-contained single file: $(du -k "$work/arm64/pylon-cli" | cut -f1) KiB"
run_arm64 "the linux-arm64 single file" "$work/arm64/pylon-cli"

# Native AOT for arm64 needs a cross linker: clang, lld and Debian's aarch64 gcc and libc (docs/raspberry-pi.md).
if command -v clang >/dev/null 2>&1 && command -v ld.lld >/dev/null 2>&1 && [ -d /usr/lib/gcc-cross/aarch64-linux-gnu ]; then
  if ! dotnet publish "$repo/src/pylon-cli" -c Release -r linux-arm64 -p:CustomBeforeMicrosoftCommonProps="$repo/tests/e2e/aot.props" \
      -p:CppCompilerAndLinker=clang -p:LinkerFlavor=lld --artifacts-path "$work/arm64-aot-artifacts" -o "$work/arm64-aot" -nologo >"$work/arm64-aot.log" 2>&1; then
    fail "the linux-arm64 Native AOT publish failed" "$work/arm64-aot.log"
  fi
  is_arm64 "$work/arm64-aot/pylon-cli" || fail "the linux-arm64 Native AOT binary is not an aarch64 executable"
  checks=$((checks + 1))
  echo "  ok   linux-arm64 Native AOT (cross-linked with clang + lld): $(du -k "$work/arm64-aot/pylon-cli" | cut -f1) KiB"
  run_arm64 "the linux-arm64 Native AOT binary" "$work/arm64-aot/pylon-cli"
else
  echo "  --   linux-arm64 Native AOT not tried: no cross linker (clang, lld, gcc-aarch64-linux-gnu, libc6-dev-arm64-cross)"
fi
echo "aot: $checks checks passed in $((SECONDS - start)) s"
