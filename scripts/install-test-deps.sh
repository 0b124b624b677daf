#!/usr/bin/env bash
# Installs the Debian packages the tests use when they are missing: a real mosquitto broker, can-utils,
# and for the end-to-end VM (tests/e2e) QEMU, depmod (kmod), cpio, and gcc + objcopy for the Native AOT link;
# qemu-user and arm64 libraries to run the linux-arm64 builds (tests/aot).
set -euo pipefail
need=()
command -v mosquitto >/dev/null 2>&1 || [ -x /usr/sbin/mosquitto ] || need+=(mosquitto)
command -v mosquitto_sub >/dev/null 2>&1 || need+=(mosquitto-clients)
command -v python3 >/dev/null 2>&1 || need+=(python3)
command -v canplayer >/dev/null 2>&1 || need+=(can-utils)
command -v qemu-system-x86_64 >/dev/null 2>&1 || need+=(qemu-system-x86)
command -v depmod >/dev/null 2>&1 || [ -x /usr/sbin/depmod ] || [ -x /sbin/depmod ] || need+=(kmod)
command -v cpio >/dev/null 2>&1 || need+=(cpio)
command -v gcc >/dev/null 2>&1 || command -v clang >/dev/null 2>&1 || need+=(gcc libc6-dev)
command -v objcopy >/dev/null 2>&1 || need+=(binutils)
# tests/aot runs the Raspberry Pi (linux-arm64) builds under qemu-user with Debian's arm64 libc and libstdc++.
command -v qemu-aarch64 >/dev/null 2>&1 || need+=(qemu-user)
[ -e /usr/aarch64-linux-gnu/lib/libc.so.6 ] || need+=(libc6-arm64-cross)
[ -e /usr/aarch64-linux-gnu/lib/libstdc++.so.6 ] || need+=(libstdc++6-arm64-cross)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "install-test-deps: missing ${need[*]}; install them with: sudo apt-get install ${need[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
