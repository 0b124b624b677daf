#!/usr/bin/env bash
# End-to-end test on a real Linux kernel: boots Debian's kernel in QEMU from a small initramfs, brings up
# vcan0, replays the real captures with can-utils, round-trips MQTT through mosquitto and, once it is
# built, runs pylon-cli against the kernel's SocketCAN. Prints one line per check and exits non-zero
# (with the VM's console log) when anything failed. See tests/e2e/README.md.
#
# Environment: PYLON_E2E_CACHE (cache folder), PYLON_E2E_WORK (scratch folder, kept for inspection),
#   PYLON_E2E_TIMEOUT (seconds the VM may run, default 300), PYLON_E2E_ACCEL (tcg, the default, or kvm),
#   PYLON_SHARED (the shared folder, default ../shared beside the repository), PYLON_E2E_CLI (a pylon-cli
#   binary to test instead of publishing src/pylon-cli).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
shared=${PYLON_SHARED:-$repo/../shared}
work=${PYLON_E2E_WORK:-$here/.work}
vm_timeout=${PYLON_E2E_TIMEOUT:-300}
start=$(date +%s.%N)

elapsed() { awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }'; }
die() { echo "e2e: $*" >&2; echo "e2e: FAILED after $(elapsed) s" >&2; exit 1; }

[ -d "$shared/captures" ] || die "no captures at $shared/captures (set PYLON_SHARED)"
bash "$repo/scripts/install-test-deps.sh" || die "could not install the test dependencies"

rm -rf "$work"; mkdir -p "$work/out"

# pylon-cli, Native AOT; skipped while it has no Program.cs, a failure once it has one.
cli_args=()
if [ -n "${PYLON_E2E_CLI:-}" ]; then
  cli=$PYLON_E2E_CLI; rc=0
else
  cli=$("$here/publish-cli.sh" "$work/publish.log"); rc=$?
fi
case $rc in
  0) [ -x "$cli" ] || die "pylon-cli: $cli is not an executable"
     cli_args=(--cli "$cli"); echo "e2e: pylon-cli: $cli ($(du -k "$cli" | cut -f1) KiB, ready after $(elapsed) s)" ;;
  3) cli_args=(--cli-missing "$cli"); echo "e2e: pylon-cli: not built ($cli)" ;;
  *) tail -n 40 "$work/publish.log" >&2; die "the Native AOT publish of pylon-cli failed (log: $work/publish.log)" ;;
esac

"$here/build-initramfs.sh" --out "$work" --captures "$shared/captures" "${cli_args[@]}" | sed 's/^/e2e: /'
[ "${PIPESTATUS[0]}" -eq 0 ] || die "could not build the initramfs"
echo "e2e: initramfs ready after $(elapsed) s"

# Software emulation by default: it boots this kernel in about 2 s. KVM is opt-in (PYLON_E2E_ACCEL=kvm):
# where /dev/kvm is nested virtualisation it can abort on MSR writes or hang before the kernel prints.
accel=${PYLON_E2E_ACCEL:-tcg}
case $accel in
  kvm) machine=(-accel kvm -cpu host) ;;
  tcg) machine=(-accel tcg -cpu max) ;;
  *) die "PYLON_E2E_ACCEL must be kvm or tcg, not $accel" ;;
esac

# The scenario stops a while before the VM would be killed, so that what it recorded still comes back.
scenario_timeout=$((vm_timeout > 120 ? vm_timeout - 60 : vm_timeout / 2))
echo "e2e: booting Linux $(cat "$work/kernel-release") with $accel, at most $vm_timeout s"
boot_start=$(date +%s.%N)
timeout -k 5 "$vm_timeout" qemu-system-x86_64 "${machine[@]}" -smp 2 -m 512 \
  -nodefaults -no-user-config -display none -monitor none -no-reboot \
  -serial "file:$work/console.log" -serial "file:$work/results.serial" \
  -kernel "$work/vmlinuz" -initrd "$work/initramfs.cpio.gz" \
  -append "console=ttyS0 panic=-1 quiet E2E_SCENARIO_TIMEOUT=$scenario_timeout" \
  >"$work/qemu.log" 2>&1
qemu_rc=$?
vm_seconds=$(awk -v s="$boot_start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')

show_console() {
  echo "---- VM console ($work/console.log) ----" >&2
  tr -d '\r' <"$work/console.log" | tail -n 200 >&2
  [ -s "$work/qemu.log" ] && { echo "---- qemu ----" >&2; cat "$work/qemu.log" >&2; }
  echo "----" >&2
}

if [ $qemu_rc -eq 124 ] || [ $qemu_rc -eq 137 ]; then
  show_console; die "the VM did not power off within $vm_timeout s"
fi
sed -n '/^E2E-RESULTS-BEGIN/,/^E2E-RESULTS-END/p' "$work/results.serial" | tr -d '\r' |
  sed '1d;$d' | base64 -d 2>/dev/null | tar -xz -C "$work/out" 2>/dev/null
if [ ! -f "$work/out/results.txt" ]; then
  show_console; die "the VM sent no results (qemu exit status $qemu_rc)"
fi

python3 "$here/check.py" --out "$work/out" --captures "$shared/captures" \
  --validator "$shared/tools/ha_discovery_validator.py" >>"$work/out/results.txt"
check_rc=$?

echo "e2e: results"
sed 's/^/  /' "$work/out/results.txt"
boot=$(cat "$work/out/boot-seconds" 2>/dev/null || echo '?')
end=$(cat "$work/out/end-seconds" 2>/dev/null || echo '?')
passed=$(grep -c '^PASS' "$work/out/results.txt")
failed=$(grep -c '^FAIL' "$work/out/results.txt")
skipped=$(grep -c '^SKIP' "$work/out/results.txt")
echo "e2e: kernel up after $boot s, VM powered off after $vm_seconds s ($accel, scenario done at $end s of uptime), total $(elapsed) s"
echo "e2e: $passed checks passed, $failed failed, $skipped skipped"
if [ "$failed" -ne 0 ] || [ $check_rc -ne 0 ] || [ "$passed" -eq 0 ]; then
  show_console
  echo "e2e: FAILED (everything the VM recorded is in $work/out)" >&2
  exit 1
fi
echo "e2e: OK"
