#!/usr/bin/env bash
# Checks samples/homeassistant/dashboard.yaml: it is valid YAML, and every entity it shows is one that the bridge
# announces. The bridge (pylon-cli as built) replays two simulated stacks, classic and new firmware, and a 0x35A frame
# that reports every condition, to a mosquitto on a free port; the entity ids of the dashboard must all be among the
# default entity ids of the discovery messages.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
dashboard="$repo/samples/homeassistant/dashboard.yaml"
work=$(mktemp -d "${TMPDIR:-/tmp}/pylon-ha.XXXXXX")
broker_pid=
cleanup() {
  if [ -n "$broker_pid" ]; then kill "$broker_pid" 2>/dev/null || true; wait "$broker_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
checks=0
pass() { checks=$((checks + 1)); echo "  ok   $*"; }
fail() { echo "  FAIL $1" >&2; [ -f "${2:-}" ] && tail -n 30 "$2" | sed 's/^/       /' >&2; exit 1; }

# 1. YAML, and the entity ids it uses (with the device id stack1 replaced by a placeholder).
python3 - "$dashboard" >"$work/entities" 2>"$work/yaml.err" <<'PY' || fail "dashboard.yaml" "$work/yaml.err"
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
try:
    import yaml
except ImportError:
    yaml = None
if yaml is not None:
    try:
        view = yaml.safe_load(text)
    except yaml.YAMLError as e:
        sys.exit(f"not valid YAML: {e}")
    if not isinstance(view, dict) or not isinstance(view.get("cards"), list) or not view["cards"]:
        sys.exit("not a Lovelace view: no 'cards' list at the top")
    for i, card in enumerate(view["cards"]):
        if not isinstance(card, dict) or "type" not in card:
            sys.exit(f"card {i + 1} has no type")
    def strings(node):
        if isinstance(node, dict):
            for v in node.values():
                yield from strings(v)
        elif isinstance(node, list):
            for v in node:
                yield from strings(v)
        elif isinstance(node, str):
            yield node
    found = [s for s in strings(view) if re.fullmatch(r"(sensor|binary_sensor)\.\w+", s)]
    print("parser: PyYAML", file=sys.stderr)
else:
    # No PyYAML: at least no tabs, and the entity ids from the text.
    if "\t" in text:
        sys.exit("a tab in the YAML")
    found = re.findall(r"\b(?:sensor|binary_sensor)\.\w+", text)
for entity in sorted(set(found)):
    if not re.fullmatch(r"(sensor|binary_sensor)\.pylontech_stack1_\w+", entity):
        sys.exit(f"{entity}: not an entity of the stack1 device")
    print(entity)
PY
[ -s "$work/entities" ] || fail "dashboard.yaml shows no entity"
pass "dashboard.yaml is a Lovelace view ($(grep -c . "$work/entities") entities; $(tr -d '\n' <"$work/yaml.err" || true))"

# 2. What the bridge announces.
cli="$repo/src/pylon-cli/bin/Release/net10.0/pylon-cli.dll"
if [ ! -f "$cli" ]; then
  dotnet build "$repo/src/pylon-cli" -c Release -nologo -v q >"$work/build.log" 2>&1 || fail "pylon-cli does not build" "$work/build.log"
fi
mosquitto=$(command -v mosquitto || echo /usr/sbin/mosquitto)
[ -x "$mosquitto" ] && command -v mosquitto_sub >/dev/null && command -v mosquitto_pub >/dev/null ||
  fail "mosquitto, mosquitto_pub and mosquitto_sub are needed (scripts/install-test-deps.sh installs them)"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\n' "$port" >"$work/mosquitto.conf"
"$mosquitto" -c "$work/mosquitto.conf" >"$work/mosquitto.log" 2>&1 &
broker_pid=$!
for _ in $(seq 50); do
  mosquitto_pub -h 127.0.0.1 -p "$port" -t probe -n >/dev/null 2>&1 && break
  sleep 0.1
done

echo "{}" >"$work/empty.json"   # not /etc/pylon-cli/config.json, should one exist here
# The simulator's 0x35A reports a few conditions; a Seplos/Victron-style battery reports all 26 (spec vector T26).
for i in 0 1 2 3 4 5 6 7 8 9; do echo "(1000.$i) can0 35A#AAAAAA02AAAAAA02"; done >"$work/all35a.log"
for firmware in classic new all35a; do
  if [ "$firmware" != all35a ]; then
    dotnet "$cli" simulate --firmware "$firmware" --duration 30s --seed 7 -o "$work/$firmware.log" >"$work/simulate.out" 2>&1 ||
      fail "pylon-cli simulate --firmware $firmware failed" "$work/simulate.out"
  fi
  env -u PYLON_CONFIG dotnet "$cli" bridge --replay "$work/$firmware.log" --speed 10 --mqtt "127.0.0.1:$port" \
    --device-id "$firmware" --config "$work/empty.json" --log-level warning >"$work/bridge-$firmware.out" 2>&1 ||
    fail "pylon-cli bridge --replay ($firmware firmware) exited with $?" "$work/bridge-$firmware.out"
  mosquitto_sub -h 127.0.0.1 -p "$port" -t "homeassistant/device/pylontech_$firmware/config" -C 1 -W 5 >"$work/discovery-$firmware.json" 2>&1 ||
    fail "no discovery message for the $firmware stack" "$work/discovery-$firmware.json"
done
python3 - "$work/discovery-classic.json" "$work/discovery-new.json" "$work/discovery-all35a.json" >"$work/announced" <<'PY'
import json, sys
for path, device in zip(sys.argv[1:], ["classic", "new", "all35a"]):
    for component in json.load(open(path))["cmps"].values():
        print(component["def_ent_id"].replace(f"pylontech_{device}_", "pylontech_stack1_"))
PY
sort -u -o "$work/announced" "$work/announced"
pass "the bridge announced $(grep -c . "$work/announced") entities for two simulated stacks (classic and new firmware) and a 0x35A reporting every condition"

missing=$(comm -23 "$work/entities" "$work/announced")
[ -z "$missing" ] || fail "dashboard.yaml shows entities the bridge does not announce: $(echo $missing)"
pass "every entity of dashboard.yaml is announced by the bridge"
for needed in sensor.pylontech_stack1_soc sensor.pylontech_stack1_power sensor.pylontech_stack1_voltage \
  sensor.pylontech_stack1_current sensor.pylontech_stack1_temperature sensor.pylontech_stack1_energy_charged \
  sensor.pylontech_stack1_energy_discharged binary_sensor.pylontech_stack1_problem; do
  grep -qxF "$needed" "$work/entities" || fail "dashboard.yaml does not show $needed"
done
pass "dashboard.yaml shows SOC, power, voltage, current, temperature, energy in/out and the problem summary"
problems=$(grep -c '^binary_sensor\..*_\(protection\|alarm\|warning\)$' "$work/announced" || true)
shown=$(grep -c '^binary_sensor\..*_\(protection\|alarm\|warning\)$' "$work/entities" || true)
[ "$shown" -ge "$problems" ] || fail "dashboard.yaml lists $shown protections/alarms/warnings, the bridge announces $problems: $(comm -13 "$work/entities" "$work/announced" | grep -E '_(protection|alarm|warning)$' | tr '\n' ' ')"
pass "dashboard.yaml lists all $problems protection, alarm and warning entities"
echo "homeassistant: $checks checks passed"
