#!/bin/sh
# What runs inside the end-to-end VM, after /init brought up vcan0 and mosquitto on 127.0.0.1.
# Usage: scenario.sh OUTDIR
# Each check appends "PASS|FAIL|SKIP name: detail" to OUTDIR/results.txt and leaves what it recorded in
# OUTDIR; the host compares the recordings (tests/e2e/check.py) after the VM has powered off.
# The pylon-cli checks run when /usr/bin/pylon-cli is in the initramfs, and are skipped otherwise.
out=${1:?usage: scenario.sh OUTDIR}
captures=/captures
cli=/usr/bin/pylon-cli
# The capture every replay uses: the largest one, with frames from two source interfaces.
capture=$captures/all_inline_captures.candump.log
failed=0

result() { echo "$*" >>"$out/results.txt"; echo "$*"; case "$1" in FAIL) failed=1 ;; esac; }
pass() { result "PASS $*"; }
fail() { result "FAIL $*"; }
skip() { result "SKIP $*"; }

# Number of CAN receivers registered on vcan0 (one per open raw socket filter).
can_listeners() { cat /proc/net/can/rcvlist_* 2>/dev/null | grep -c '^ *vcan0 '; }

# Waits until more than $1 receivers are registered on vcan0, at most 10 s.
wait_listeners_above() {
  i=0
  while [ "$(can_listeners)" -le "$1" ]; do
    i=$((i + 1)); [ $i -gt 100 ] && return 1; sleep 0.1
  done
}

# Waits until FILE has at least N lines, at most SECONDS (default 10).
wait_lines() { # FILE N [SECONDS]
  i=0; limit=$(( ${3:-10} * 10 ))
  while [ "$(wc -l <"$1" 2>/dev/null || echo 0)" -lt "$2" ]; do
    i=$((i + 1)); [ $i -gt $limit ] && return 1; sleep 0.1
  done
}

# Stops a background process with SIGTERM (as a service manager does), then SIGKILL after 5 s; returns 1
# then. Not SIGINT: a shell without job control starts background commands with SIGINT ignored, and
# .NET keeps it ignored.
stop() { # PID
  kill -TERM "$1" 2>/dev/null
  i=0
  while kill -0 "$1" 2>/dev/null; do
    i=$((i + 1))
    if [ $i -gt 50 ]; then kill -KILL "$1" 2>/dev/null; wait "$1" 2>/dev/null; return 1; fi
    sleep 0.1
  done
  wait "$1" 2>/dev/null
  return 0
}

# Stops pylon-cli: it must exit within 5 s of SIGTERM.
stop_cli() { # CHECK
  stop "$cli_pid" || fail "$1: pylon-cli did not exit within 5 s of SIGTERM (killed)"
}

# canplayer maps each interface named in a log to vcan0: "vcan0=can0 vcan0=can8".
assignments() { awk '{print "vcan0=" $2}' "$1" | sort -u | tr '\n' ' '; }

# Replays FILE on vcan0, GAP ms between frames (timestamps are ignored), and returns canplayer's status.
replay() { # FILE [GAP]
  # shellcheck disable=SC2046
  canplayer -I "$1" -t -g "${2:-1}" $(assignments "$1")
}

# Replays FILE while `candump -L vcan0` records it into OUT: the frames the kernel delivered.
record_replay() { # FILE OUT [GAP]
  before=$(can_listeners)
  candump -L vcan0 >"$2" &
  pid=$!
  wait_listeners_above "$before" || { stop $pid; return 1; }
  replay "$1" "$3" || { stop $pid; return 1; }
  wait_lines "$2" "$(wc -l <"$1")" 5
  stop $pid
}

check_cansend() {
  before=$(can_listeners)
  candump -L -n 1 vcan0 >"$out/cansend.candump" &
  pid=$!
  wait_listeners_above "$before" || { fail "cansend: candump did not open vcan0"; stop $pid; return; }
  cansend vcan0 '35E#50594C4F4E202020'
  wait_lines "$out/cansend.candump" 1 5
  stop $pid
  if grep -q ' vcan0 35E#50594C4F4E202020$' "$out/cansend.candump"; then
    pass "cansend: one frame sent with cansend came back through candump on vcan0"
  else
    fail "cansend: candump recorded '$(cat "$out/cansend.candump")'"
  fi
}

check_replay() {
  for f in "$captures"/*.candump.log; do
    name=$(basename "$f" .candump.log)
    if record_replay "$f" "$out/replay-$name.candump" 1; then
      pass "replay $name: canplayer replayed $(wc -l <"$f") frames, candump recorded $(wc -l <"$out/replay-$name.candump") (compared on the host)"
    else
      fail "replay $name: canplayer or candump failed"
    fi
  done
}

check_mqtt() {
  # A retained message reaches a subscriber that comes later; a live one reaches a subscriber that waits.
  mosquitto_pub -h 127.0.0.1 -t e2e/retained -r -q 1 -m '{"state":"retained"}' ||
    { fail "mqtt: mosquitto_pub could not publish"; return; }
  mosquitto_sub -h 127.0.0.1 -t e2e/retained -F '%j' -C 1 -W 5 >"$out/mqtt-retained.jsonl" ||
    fail "mqtt: no retained message within 5 s"
  mosquitto_sub -h 127.0.0.1 -t e2e/live -F '%j' -C 1 -W 10 >"$out/mqtt-live.jsonl" &
  pid=$!
  i=0
  while kill -0 $pid 2>/dev/null && [ $i -lt 40 ]; do
    mosquitto_pub -h 127.0.0.1 -t e2e/live -q 1 -m "live $i"; i=$((i + 1)); sleep 0.2
  done
  wait $pid || fail "mqtt: no live message within 10 s"
  mosquitto_pub -h 127.0.0.1 -t e2e/retained -r -n
  pass "mqtt: retained and live messages round-tripped through mosquitto on 127.0.0.1 (compared on the host)"
}

# --- pylon-cli -------------------------------------------------------------------------------------

# Starts `pylon-cli ARGS...` in the background, stdout to OUT/FILE.out, stderr to OUT/FILE.err, and waits
# until it has opened vcan0; CHECK names the check that fails otherwise. Sets $cli_pid.
start_cli() { # CHECK FILE ARGS...
  check=$1 file=$2; shift 2
  before=$(can_listeners)
  "$cli" "$@" >"$out/$file.out" 2>"$out/$file.err" &
  cli_pid=$!
  wait_listeners_above "$before" && return 0
  fail "$check: pylon-cli $* did not open vcan0 within 10 s: $(tail -n 3 "$out/$file.err" | tr '\n' ' ')"
  stop $cli_pid
  return 1
}

# Starts a subscriber of every topic, in the format the Home Assistant checker reads best. Sets $sub_pid.
start_mqtt_capture() { # FILE
  # MQTT 5's retain-as-published keeps the retain flag of live messages, which the checker looks at.
  mosquitto_sub -h 127.0.0.1 -V 5 --retain-as-published -t '#' -F '%j' >"$1" &
  sub_pid=$!
  # The subscriber is ready once it receives its own probe message.
  i=0
  while ! grep -q '"e2e/mark"' "$1" 2>/dev/null; do
    mosquitto_pub -h 127.0.0.1 -t e2e/mark -m ready; i=$((i + 1)); [ $i -gt 50 ] && return 1; sleep 0.1
  done
}

mark() { mosquitto_pub -h 127.0.0.1 -t e2e/mark -m "$1"; }

cli_dump() {
  "$cli" dump "$capture" --format ndjson >"$out/cli-dump-file.ndjson" 2>"$out/cli-dump-file.err" ||
    { fail "cli dump file: pylon-cli dump $capture --format ndjson exited $?: $(tail -n 3 "$out/cli-dump-file.err")"; return; }
  start_cli "cli dump" cli-dump-live dump vcan0 --format ndjson || return
  replay "$capture" 1
  wait_lines "$out/cli-dump-live.out" "$(wc -l <"$capture")" 10
  stop_cli "cli dump"
  pass "cli dump: pylon-cli dump vcan0 and dump FILE both ran (compared on the host)"
}

cli_bridge() {
  start_mqtt_capture "$out/cli-bridge.jsonl" || { fail "cli bridge: mosquitto_sub did not subscribe"; return; }
  start_cli "cli bridge" cli-bridge bridge --interface vcan0 --mqtt 127.0.0.1 || { stop $sub_pid; return; }
  mark replay-start
  replay "$capture" 20
  sleep 2
  mark link-down
  ip link set vcan0 down
  sleep 3
  mark link-up
  ip link set vcan0 up
  sleep 1
  replay "$capture" 20
  sleep 2
  mark bridge-stop
  stop_cli "cli bridge"
  sleep 1
  stop $sub_pid
  # The bridge must say that the link went down, in its log.
  if grep -qi 'down' "$out/cli-bridge.err" "$out/cli-bridge.out"; then
    pass "cli bridge: reported vcan0 down"
  else
    fail "cli bridge: no 'down' in the bridge's output when vcan0 went down"
  fi
  pass "cli bridge: ran with two replays and a link drop (MQTT checked on the host)"
}

cli_no_such_interface() {
  timeout 20 "$cli" dump can9 --format ndjson >"$out/cli-can9.out" 2>"$out/cli-can9.err"
  rc=$?
  if [ $rc -ne 0 ] && [ $rc -ne 124 ] && grep -q 'can9' "$out/cli-can9.err"; then
    pass "cli dump can9: exit $rc with '$(head -n 1 "$out/cli-can9.err")'"
  else
    fail "cli dump can9: exit $rc, stderr '$(head -n 3 "$out/cli-can9.err")'"
  fi
}

cli_candump_format() {
  start_cli "cli dump --format candump" cli-candump dump vcan0 --format candump || return
  replay "$capture" 1
  wait_lines "$out/cli-candump.out" "$(wc -l <"$capture")" 10
  stop_cli "cli dump --format candump"
  # Replay a copy: nothing still writing the output may record the replay back into it.
  cp "$out/cli-candump.out" "$out/cli-candump.log"
  if record_replay "$out/cli-candump.log" "$out/cli-candump-replayed.candump" 1; then
    pass "cli dump --format candump: its output replayed with canplayer (compared on the host)"
  else
    fail "cli dump --format candump: canplayer could not replay its output: $(head -n 2 "$out/cli-candump.out")"
  fi
}

# `pylon-cli simulate` writes a stack's traffic as a candump log: the kernel must deliver it unchanged.
cli_simulate() {
  "$cli" simulate --frames 200 --modules 2 -o "$out/cli-simulate.log" 2>"$out/cli-simulate.err" ||
    { fail "cli simulate: exited $?: $(tail -n 3 "$out/cli-simulate.err")"; return; }
  if record_replay "$out/cli-simulate.log" "$out/replay-cli-simulate.candump" 1; then
    pass "cli simulate: canplayer replayed its $(wc -l <"$out/cli-simulate.log") frames (compared on the host)"
  else
    fail "cli simulate: canplayer could not replay its log: $(head -n 2 "$out/cli-simulate.log")"
  fi
}

# The commands pylon-cli has, from the "Commands:" section of its --help.
cli_commands() { "$cli" --help 2>/dev/null | awk '/^Commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 }'; }

check_cansend
check_replay
check_mqtt
if [ -x "$cli" ]; then
  "$cli" --version >"$out/cli-version.txt" 2>&1
  cli_commands >"$out/cli-commands.txt"
  has() { grep -qx "$1" "$out/cli-commands.txt"; }
  if has simulate; then cli_simulate; else skip "cli simulate: pylon-cli has no simulate command yet"; fi
  if has dump; then
    cli_dump
    cli_no_such_interface
    cli_candump_format
  else
    for c in "cli dump" "cli dump can9" "cli dump --format candump"; do skip "$c: pylon-cli has no dump command yet"; done
  fi
  if has bridge; then cli_bridge; else
    for c in "cli bridge" "cli faults"; do skip "$c: pylon-cli has no bridge command yet"; done
  fi
else
  why=$(cat /etc/e2e-cli-missing 2>/dev/null || echo "not in the initramfs")
  for c in "cli simulate" "cli dump" "cli bridge" "cli faults" "cli dump can9" "cli dump --format candump"; do
    skip "$c: pylon-cli not built ($why)"
  done
fi
echo "$failed" >"$out/.scenario-rc"
