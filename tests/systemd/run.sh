#!/usr/bin/env bash
# Checks the systemd samples in samples/systemd: the units pass `systemd-analyze verify` with no complaint at all
# (or, where systemd-analyze is missing, parse as unit files with known sections), the hardening the docs promise
# is there, and config.json plus the unit's environment are settings pylon-cli accepts.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
units="$repo/samples/systemd"
work=$(mktemp -d "${TMPDIR:-/tmp}/pylon-systemd.XXXXXX")
trap 'rm -rf "$work"' EXIT
checks=0
pass() { checks=$((checks + 1)); echo "  ok   $*"; }
fail() { echo "  FAIL $1" >&2; [ -f "${2:-}" ] && sed 's/^/       /' "$2" >&2; exit 1; }

# The unit runs /usr/local/bin/pylon-cli, which is not installed here: verify a copy that runs a stand-in.
mkdir -p "$work/units" "$work/bin"
printf '#!/bin/sh\nexit 0\n' >"$work/bin/pylon-cli"
chmod +x "$work/bin/pylon-cli"
sed "s|/usr/local/bin/pylon-cli|$work/bin/pylon-cli|" "$units/pylon-cli.service" >"$work/units/pylon-cli.service"
cp "$units/pylon-can0.service" "$work/units/"

if command -v systemd-analyze >/dev/null 2>&1; then
  # verify exits 0 on unknown keys and only prints them: any output is a failure.
  if ! (cd "$work/units" && SYSTEMD_LOG_COLOR=0 systemd-analyze verify pylon-can0.service pylon-cli.service) >"$work/verify.out" 2>&1 || [ -s "$work/verify.out" ]; then
    fail "systemd-analyze verify complains:" "$work/verify.out"
  fi
  pass "systemd-analyze verify pylon-can0.service pylon-cli.service: no complaint ($(systemd-analyze --version | head -n 1))"
else
  python3 - "$work/units/pylon-can0.service" "$work/units/pylon-cli.service" <<'PY' || fail "the unit files do not parse"
import re, sys
for path in sys.argv[1:]:
    section = None
    for n, line in enumerate(open(path), 1):
        line = line.strip()
        if not line or line[0] in "#;":
            continue
        if re.fullmatch(r"\[(Unit|Service|Install)\]", line):
            section = line
        elif section and re.fullmatch(r"[A-Za-z]+=.*", line):
            continue
        else:
            sys.exit(f"{path}:{n}: not a unit file line: {line}")
PY
  pass "unit files parse (systemd-analyze is not installed: not verified)"
fi

# key VALUE...: each line is in pylon-cli.service.
require() {
  local file=$1; shift
  for line in "$@"; do grep -qxF -- "$line" "$file" || fail "$(basename "$file") lacks '$line'"; done
  pass "$(basename "$file"): $*"
}
require "$units/pylon-cli.service" "Type=notify" "Restart=on-failure" "DynamicUser=yes" "ProtectSystem=strict" \
  "NoNewPrivileges=yes" "StateDirectory=pylon-cli" "Requires=pylon-can0.service" \
  "ExecStart=/usr/local/bin/pylon-cli bridge --config /etc/pylon-cli/config.json" \
  "EnvironmentFile=-/etc/pylon-cli/pylon-cli.env" "Environment=PYLON_STATE_DIR=%S/pylon-cli"
grep -qE '^WatchdogSec=[0-9]+' "$units/pylon-cli.service" || fail "pylon-cli.service has no WatchdogSec="
pass "pylon-cli.service: WatchdogSec=$(sed -n 's/^WatchdogSec=//p' "$units/pylon-cli.service")"
require "$units/pylon-can0.service" "ExecStart=/sbin/ip link set can0 up type can bitrate 500000 restart-ms 100"
grep -q '^BitRate=500K$' "$units/80-can0.network" || fail "80-can0.network does not set BitRate=500K"
pass "80-can0.network: BitRate=500K"

# The settings: the sample config.json and the unit's environment are accepted by pylon-cli as it is built.
cli="$repo/src/pylon-cli/bin/Release/net10.0/pylon-cli.dll"
if [ ! -f "$cli" ]; then
  dotnet build "$repo/src/pylon-cli" -c Release -nologo -v q >"$work/build.log" 2>&1 || fail "pylon-cli does not build" "$work/build.log"
fi
PYLON_STATE_DIR=/var/lib/pylon-cli PYLON_MQTT_PASSWORD=secret \
  dotnet "$cli" config --print --config "$units/config.json" >"$work/config.out" 2>&1 || fail "pylon-cli config --print rejects samples/systemd/config.json" "$work/config.out"
for key in interface mqtt username deviceId moduleWh logLevel; do
  grep -qE "^$key +.*\(config file\)" "$work/config.out" || fail "config.json: '$key' is not taken from the file" "$work/config.out"
done
pass "samples/systemd/config.json: every key accepted by pylon-cli config --print"
grep -qE '^stateDir +/var/lib/pylon-cli +\(PYLON_STATE_DIR\)' "$work/config.out" || fail "PYLON_STATE_DIR is not read" "$work/config.out"
pass "PYLON_STATE_DIR (set by the unit) is the state directory"
grep -qE '^password .*secret' "$work/config.out" && fail "config --print shows the password" "$work/config.out"
grep -qE '^password +.*\(PYLON_MQTT_PASSWORD\)' "$work/config.out" || fail "PYLON_MQTT_PASSWORD (from the unit's EnvironmentFile) is not read" "$work/config.out"
pass "PYLON_MQTT_PASSWORD (from EnvironmentFile) is read and not shown"
dotnet "$cli" bridge --config "$units/config.json" --help >"$work/help.out" 2>&1 || fail "pylon-cli does not accept the unit's ExecStart arguments" "$work/help.out"
pass "pylon-cli accepts 'bridge --config FILE'"
echo "systemd: $checks checks passed"
