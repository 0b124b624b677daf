#!/usr/bin/env python3
"""Host-side checks of what the end-to-end VM recorded.

Prints one "PASS|FAIL|SKIP name: detail" line per check and exits 1 when any check failed.
Usage: check.py --out DIR --captures DIR --validator ha_discovery_validator.py
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

# A candump -L line: "(1700000000.123456) vcan0 35E#50594C4F4E202020" (also "123##1..." for CAN FD, "#R").
CANDUMP_LINE = re.compile(r"^\((?P<ts>[0-9.]+)\)\s+(?P<iface>\S+)\s+(?P<id>[0-9A-Fa-f]+)#(?P<data>\S*)$")

# Keys of a `pylon-cli dump --format ndjson` record that may differ between a live dump of vcan0 and a
# dump of the file that was replayed: when and where the frame was seen. Everything else must be equal.
NDJSON_VOLATILE_KEYS = {"timestamp", "ts", "time", "interface", "iface", "device", "source", "channel"}
NDJSON_TIMESTAMP_KEYS = ("timestamp", "ts", "time")

results: list[str] = []


def report(status: str, text: str) -> None:
    results.append(f"{status} {text}")
    print(f"{status} {text}", flush=True)


def read_frames(path: Path) -> list[str]:
    """The frames of a candump -L file as "ID#DATA" (3 or 8 hex digits, upper case), in order; the timestamp
    and interface are left out."""
    frames = []
    for n, line in enumerate(path.read_text().splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        m = CANDUMP_LINE.match(line)
        if not m:
            raise ValueError(f"{path.name}:{n}: not a candump -L line: {line!r}")
        ident = int(m["id"], 16)
        frames.append(f"{ident:08X}#{m['data'].upper()}" if len(m["id"]) > 3 else f"{ident:03X}#{m['data'].upper()}")
    return frames


def first_difference(expected: list, actual: list) -> str:
    for i, (e, a) in enumerate(zip(expected, actual)):
        if e != a:
            return f"frame {i + 1}: expected {e}, got {a}"
    return f"expected {len(expected)} frames, got {len(actual)}"


def compare_frames(name: str, capture: Path, recorded: Path) -> None:
    if not recorded.exists():
        report("FAIL", f"{name}: {recorded.name} was not recorded")
        return
    try:
        expected, actual = read_frames(capture), read_frames(recorded)
    except ValueError as e:
        report("FAIL", f"{name}: {e}")
        return
    if expected == actual:
        report("PASS", f"{name}: the {len(actual)} frames the kernel delivered equal {capture.name}'s (ids and data, in order)")
    else:
        report("FAIL", f"{name}: {first_difference(expected, actual)}")


def check_replays(out: Path, captures: Path) -> None:
    for capture in sorted(captures.glob("*.candump.log")):
        stem = capture.name.removesuffix(".candump.log")
        compare_frames(f"frames {stem}", capture, out / f"replay-{stem}.candump")


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def payload_text(message: dict) -> str:
    """mosquitto_sub -F '%j' escapes the payload as a string; '%J' embeds JSON payloads as JSON."""
    payload = message.get("payload", "")
    return payload if isinstance(payload, str) else json.dumps(payload, separators=(",", ":"))


def check_mqtt(out: Path) -> None:
    try:
        retained = read_jsonl(out / "mqtt-retained.jsonl")
        live = read_jsonl(out / "mqtt-live.jsonl")
    except (OSError, ValueError) as e:
        report("FAIL", f"mqtt round trip: {e}")
        return
    problems = []
    if [(m.get("topic"), json.loads(payload_text(m)), m.get("retain")) for m in retained] != [
        ("e2e/retained", {"state": "retained"}, 1)
    ]:
        problems.append(f"retained: {retained}")
    if len(live) != 1 or live[0].get("topic") != "e2e/live" or not payload_text(live[0]).startswith("live "):
        problems.append(f"live: {live}")
    if problems:
        report("FAIL", "mqtt round trip: " + "; ".join(problems))
    else:
        report("PASS", "mqtt round trip: mosquitto_sub -F '%j' got the retained message (retain=1) and a live one, byte for byte")


# --- pylon-cli ---------------------------------------------------------------------------------------

def without_volatile(record: dict) -> dict:
    return {k: v for k, v in record.items() if k not in NDJSON_VOLATILE_KEYS}


def check_cli_dump(out: Path) -> None:
    live_path, file_path = out / "cli-dump-live.out", out / "cli-dump-file.ndjson"
    if not live_path.exists() or not file_path.exists():
        report("FAIL", "cli dump: the VM recorded no dump (see cli-dump-*.err)")
        return
    try:
        live, offline = read_jsonl(live_path), read_jsonl(file_path)
    except ValueError as e:
        report("FAIL", f"cli dump: not NDJSON: {e}")
        return
    a, b = [without_volatile(r) for r in live], [without_volatile(r) for r in offline]
    if a != b:
        report("FAIL", f"cli dump: dump vcan0 differs from dump FILE: {first_difference(b, a)}")
        return
    key = next((k for k in NDJSON_TIMESTAMP_KEYS if live and all(k in r for r in live)), None)
    if key is None:
        report("FAIL", f"cli dump: live records carry no timestamp (looked for {', '.join(NDJSON_TIMESTAMP_KEYS)})")
        return
    stamps = [r[key] for r in live]
    if any(later < earlier for earlier, later in zip(stamps, stamps[1:])):
        report("FAIL", f"cli dump: kernel timestamps ('{key}') go backwards")
        return
    report("PASS", f"cli dump: {len(live)} records of dump vcan0 equal dump FILE's (ids, data, signals); '{key}' present and not decreasing")


VALUE_JSON_TEMPLATE = re.compile(r"^\{\{\s*value_json\.(\w+)\s*\}\}$")


def availability_value(payload: str, template: str | None) -> str:
    """An availability payload as Home Assistant reads it: raw, or through a '{{ value_json.KEY }}' template."""
    m = VALUE_JSON_TEMPLATE.match(template.strip()) if template else None
    if not m:
        return payload
    try:
        return str(json.loads(payload).get(m[1], ""))
    except (ValueError, AttributeError):
        return ""


def availability(discovery: dict) -> list[tuple[str, str, str, str | None]]:
    """(topic, available, not available, value template) of a discovery payload, abbreviations and '~' expanded."""
    base = discovery.get("~", "")

    def expand(topic: str) -> str:
        if topic.startswith("~"):
            return base + topic[1:]
        if topic.endswith("~"):
            return topic[:-1] + base
        return topic

    found = []
    scopes = [discovery] + list((discovery.get("cmps") or discovery.get("components") or {}).values())
    for scope in scopes:
        on = scope.get("pl_avail", scope.get("payload_available", "online"))
        off = scope.get("pl_not_avail", scope.get("payload_not_available", "offline"))
        template = scope.get("avty_tpl", scope.get("availability_template"))
        topic = scope.get("avty_t", scope.get("availability_topic"))
        if topic:
            found.append((expand(topic), on, off, template))
        for entry in scope.get("avty", scope.get("availability", [])) or []:
            t = entry.get("t", entry.get("topic"))
            if t:
                found.append((expand(t), entry.get("pl_avail", entry.get("payload_available", "online")),
                              entry.get("pl_not_avail", entry.get("payload_not_available", "offline")),
                              entry.get("val_tpl", entry.get("value_template"))))
    return found


def check_cli_bridge(out: Path, validator: Path) -> None:
    path = out / "cli-bridge.jsonl"
    if not path.exists():
        report("FAIL", "cli bridge: no MQTT capture")
        return
    messages = read_jsonl(path)
    bridge = [m for m in messages if not m.get("topic", "").startswith("e2e/")]
    if not any(m["topic"].startswith("homeassistant/") and m["topic"].endswith("/config") for m in bridge):
        report("FAIL", f"cli bridge: no discovery message (homeassistant/.../config) among {len(bridge)} messages")
        report("FAIL", "cli faults: no discovery message to find the availability topic in")
        return
    (out / "cli-bridge-ha.jsonl").write_text("".join(json.dumps(m) + "\n" for m in bridge))
    checked = subprocess.run([sys.executable, str(validator), "--strict", str(out / "cli-bridge-ha.jsonl")],
                             capture_output=True, text=True)
    (out / "ha-validator.txt").write_text(checked.stdout + checked.stderr)
    summary = (checked.stdout.strip().splitlines() or ["no output"])[-1]
    if checked.returncode == 0:
        report("PASS", f"cli bridge: Home Assistant checker --strict on {len(bridge)} messages: {summary}")
    else:
        problems = [line for line in checked.stdout.splitlines() if line.startswith(("ERROR", "WARN", "NOTE"))]
        report("FAIL", f"cli bridge: Home Assistant checker --strict: {summary}; {' | '.join(problems[:5])}")

    # Availability: some availability topic goes offline between the link going down and coming back up,
    # and every topic that did is online again after it.
    topics: dict[str, tuple[str, str, str | None]] = {}
    for m in bridge:
        if m["topic"].endswith("/config") and payload_text(m):
            try:
                for t, on, off, template in availability(json.loads(payload_text(m))):
                    topics[t] = (on, off, template)
            except (ValueError, AttributeError):
                pass
    if not topics:
        report("FAIL", "cli faults: the discovery messages name no availability topic")
        return
    phase, offline, online_again = "before", set(), set()
    for m in messages:
        if m["topic"] == "e2e/mark":
            phase = {"link-down": "down", "link-up": "up", "bridge-stop": "stopped"}.get(payload_text(m), phase)
        elif m["topic"] in topics:
            on, off, template = topics[m["topic"]]
            value = availability_value(payload_text(m), template)
            if phase == "down" and value == off:
                offline.add(m["topic"])
            elif phase == "up" and value == on:
                online_again.add(m["topic"])
    went_offline, back_online = bool(offline), bool(offline) and offline <= online_again
    if went_offline and back_online:
        report("PASS", "cli faults: vcan0 down -> device unavailable, vcan0 up -> available again")
    else:
        report("FAIL", f"cli faults: availability on {sorted(topics)}: offline while down={went_offline}, online after up={back_online}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, required=True, help="what the VM recorded")
    parser.add_argument("--captures", type=Path, required=True, help="the *.candump.log captures it replayed")
    parser.add_argument("--validator", type=Path, required=True, help="ha_discovery_validator.py")
    args = parser.parse_args()

    check_replays(args.out, args.captures)
    check_mqtt(args.out)
    # The pylon-cli checks the VM ran (it skips those of commands pylon-cli does not have yet).
    ran = (args.out / "results.txt").read_text() if (args.out / "results.txt").exists() else ""
    if "cli simulate: canplayer replayed" in ran:
        compare_frames("frames cli simulate", args.out / "cli-simulate.log", args.out / "replay-cli-simulate.candump")
    if re.search(r"^(PASS|FAIL) cli dump:", ran, re.M):
        check_cli_dump(args.out)
    if re.search(r"^(PASS|FAIL) cli bridge:", ran, re.M):
        check_cli_bridge(args.out, args.validator)
    if re.search(r"^(PASS|FAIL) cli dump --format candump:", ran, re.M):
        compare_frames("cli dump --format candump", args.captures / "all_inline_captures.candump.log",
                       args.out / "cli-candump-replayed.candump")
    return 1 if any(r.startswith("FAIL") for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
