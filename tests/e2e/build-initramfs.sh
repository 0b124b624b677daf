#!/usr/bin/env bash
# Builds what the end-to-end VM boots: a Debian kernel and an initramfs holding busybox, the CAN modules,
# can-utils, mosquitto, the captures, the VM's /init and scenario, and pylon-cli when it was built.
#
# Usage: build-initramfs.sh --out DIR --captures DIR [--cli FILE | --cli-missing REASON]
#   writes DIR/vmlinuz, DIR/initramfs.cpio.gz and DIR/kernel-release, and prints what went in.
#
# The expensive part (kernel + modules + binaries and their libraries) is a "base" archive kept in the
# cache, keyed by the Debian package versions it is made of and by this script's own hash; every run
# appends a small second archive (init, scenario, captures, pylon-cli). The kernel unpacks concatenated
# cpio archives in order, so the second one lands on top of the first.
#
# The kernel and busybox-static come from downloaded .debs (never installed on the host); can-utils and
# mosquitto are the host's installed Debian packages (scripts/install-test-deps.sh installs them), copied
# with every library `ldd` lists for them and the dynamic loader.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
export PATH="$PATH:/usr/sbin:/sbin"
args=("$@")
out="" captures="" cli="" cli_missing="pylon-cli was not built"
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out=$2; shift 2 ;;
    --captures) captures=$2; shift 2 ;;
    --cli) cli=$2; shift 2 ;;
    --cli-missing) cli_missing=$2; shift 2 ;;
    *) echo "build-initramfs: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -n "$out" ] && [ -n "$captures" ] || { echo "usage: build-initramfs.sh --out DIR --captures DIR [--cli FILE | --cli-missing REASON]" >&2; exit 2; }
mkdir -p "$out"

cache=${PYLON_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pylontech-can-e2e}
mkdir -p "$cache/debs"
# One build of the cache at a time: CI and developers may run the suite side by side.
exec 9>"$cache/.lock"
flock 9

# Userspace binaries taken from the host, and the Debian packages they come from.
binaries=(/usr/bin/candump /usr/bin/canplayer /usr/bin/cansend /usr/sbin/mosquitto /usr/bin/mosquitto_sub /usr/bin/mosquitto_pub)
host_packages=(libc6 can-utils mosquitto mosquitto-clients libmosquitto1)
modules=(can can-raw can-dev vcan)

# The versions apt would install now: the kernel linux-image-amd64 points at, and busybox-static.
resolve_versions() {
  kernel_pkg=$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/{print $2; exit}')
  kernel_ver=$(apt-cache policy "$kernel_pkg" 2>/dev/null | awk '/Candidate:/{print $2}')
  busybox_ver=$(apt-cache policy busybox-static 2>/dev/null | awk '/Candidate:/{print $2}')
  kernel_release=${kernel_pkg#linux-image-}
  [ -n "$kernel_pkg" ] && [ -n "$kernel_ver" ] && [ "$kernel_ver" != "(none)" ] && [ -n "$busybox_ver" ] && [ "$busybox_ver" != "(none)" ]
}
apt_updated=0
apt_update() {
  [ $apt_updated -eq 0 ] && [ "$(id -u)" -eq 0 ] || return 1
  echo "build-initramfs: refreshing apt's package lists" >&2
  apt-get update -qq >/dev/null 2>&1 || true
  apt_updated=1
}
if ! resolve_versions; then
  apt_update && resolve_versions ||
    { echo "build-initramfs: apt knows no linux-image-amd64 or busybox-static (run apt-get update)" >&2; exit 1; }
fi

host_versions=$(for p in "${host_packages[@]}"; do printf '%s=%s ' "$p" "$(dpkg-query -W -f='${Version}' "$p" 2>/dev/null || echo missing)"; done)
for b in "${binaries[@]}"; do
  [ -x "$b" ] || { echo "build-initramfs: $b is missing (scripts/install-test-deps.sh installs can-utils and mosquitto)" >&2; exit 1; }
done

# Downloads a Debian package once into the cache and prints its path.
fetch_deb() { # NAME VERSION
  local name=$1 version=$2 deb
  deb=$(ls "$cache/debs/${name}_"*"${version#*:}_amd64.deb" 2>/dev/null | head -n 1 || true)
  if [ -z "$deb" ]; then
    (cd "$cache/debs" && apt-get download -q "$name=$version" >"$cache/debs/.download.log" 2>&1) || {
      echo "build-initramfs: apt-get download $name=$version failed: $(tail -n 2 "$cache/debs/.download.log")" >&2; return 1; }
    deb=$(ls "$cache/debs/${name}_"*"${version#*:}_amd64.deb" | head -n 1)
  fi
  printf '%s\n' "$deb"
}

# A download fails when apt's lists name a version the mirror no longer serves: refresh them, start over.
refresh_and_restart() {
  if [ -z "${PYLON_E2E_APT_REFRESHED:-}" ] && apt_update; then
    export PYLON_E2E_APT_REFRESHED=1
    exec "$0" "${args[@]}"
  fi
  exit 1
}

# --- kernel and modules, one directory per kernel package version -----------------------------------
kdir="$cache/kernel-$kernel_release-$kernel_ver"
if [ ! -f "$kdir/modules.order" ]; then
  deb=$(fetch_deb "$kernel_pkg" "$kernel_ver") || refresh_and_restart
  tmp=$(mktemp -d "$cache/.kernel.XXXXXX")
  dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$tmp" --wildcards './boot/vmlinuz-*' './lib/modules/*'
  depmod -b "$tmp" "$kernel_release"
  mkdir -p "$tmp/out/modules"
  cp "$tmp/boot/vmlinuz-$kernel_release" "$tmp/out/vmlinuz"
  # Resolve each wanted module and its dependencies from modules.dep; dependencies load first.
  moddir="$tmp/lib/modules/$kernel_release"
  declare -A seen=()
  order=()
  add_module() { # path relative to moddir, as modules.dep writes it
    local rel=$1 line dep
    [ -n "${seen[$rel]:-}" ] && return 0
    seen[$rel]=1
    line=$(grep -m1 "^$rel:" "$moddir/modules.dep") || { echo "build-initramfs: $rel is not in modules.dep" >&2; return 1; }
    for dep in ${line#*:}; do add_module "$dep"; done
    order+=("$rel")
  }
  for m in "${modules[@]}"; do
    rel=$(grep -oE "^[^:]*/$m\.ko(\.xz|\.zst|\.gz)?:" "$moddir/modules.dep" | head -n 1 | tr -d :)
    [ -n "$rel" ] || { echo "build-initramfs: module $m not found in $kernel_pkg" >&2; exit 1; }
    add_module "$rel"
  done
  for rel in "${order[@]}"; do
    name=$(basename "$rel")
    case "$name" in # busybox insmod reads plain .ko files only
      *.ko.xz) xz -dc "$moddir/$rel" >"$tmp/out/modules/${name%.xz}"; name=${name%.xz} ;;
      *.ko.zst) zstd -qdc "$moddir/$rel" >"$tmp/out/modules/${name%.zst}"; name=${name%.zst} ;;
      *.ko.gz) gzip -dc "$moddir/$rel" >"$tmp/out/modules/${name%.gz}"; name=${name%.gz} ;;
      *) cp "$moddir/$rel" "$tmp/out/modules/$name" ;;
    esac
    echo "$name" >>"$tmp/out/modules.order"
  done
  echo "$kernel_release" >"$tmp/out/release"
  rm -rf "$kdir"; mv "$tmp/out" "$kdir"; rm -rf "$tmp"
  # Older kernels are of no use any more.
  find "$cache" -maxdepth 1 -name 'kernel-*' ! -path "$kdir" -exec rm -rf {} +
  find "$cache/debs" -name 'linux-image-*' ! -name "*${kernel_ver}_amd64.deb" -delete
fi

# --- base archive: busybox, modules, binaries, libraries -----------------------------------------------
key=$(printf '%s\n' "$kernel_pkg=$kernel_ver" "busybox-static=$busybox_ver" "$host_versions" "$(sha256sum "$0" | cut -c1-64)" | sha256sum | cut -c1-16)
base="$cache/base-$key.cpio.gz"
if [ ! -f "$base" ]; then
  root=$(mktemp -d "$cache/.root.XXXXXX")
  mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,lib/x86_64-linux-gnu,lib64,etc,proc,sys,dev,tmp,run,var/log,root,lib/modules}
  deb=$(fetch_deb busybox-static "$busybox_ver") || { rm -rf "$root"; refresh_and_restart; }
  dpkg-deb --fsys-tarfile "$deb" | tar -x -O ./bin/busybox >"$root/bin/busybox"
  chmod 755 "$root/bin/busybox"
  for applet in $("$root/bin/busybox" --list); do
    [ "$applet" = busybox ] || ln -s busybox "$root/bin/$applet"
  done
  cp "$kdir"/modules/*.ko "$root/lib/modules/"
  cp "$kdir/modules.order" "$root/lib/modules/"
  for b in "${binaries[@]}"; do cp "$b" "$root$b"; done
  # Every library ldd lists for every binary, at the path the loader looks for it, plus the loader.
  ldd "${binaries[@]}" | awk '/=> \//{print $3} /^\t\/lib/{print $1}' | sort -u >"$root/etc/e2e-libraries"
  while read -r lib; do
    mkdir -p "$root$(dirname "$lib")"
    cp -L "$lib" "$root$lib"
  done <"$root/etc/e2e-libraries"
  cp "$root/etc/e2e-libraries" "$base.libs.tmp"
  printf 'root:x:0:0:root:/root:/bin/sh\n' >"$root/etc/passwd"
  printf 'root:x:0:\n' >"$root/etc/group"
  printf '127.0.0.1 localhost\n' >"$root/etc/hosts"
  printf '%s\n' "kernel $kernel_pkg $kernel_ver" "busybox-static $busybox_ver" "$host_versions" >"$root/etc/e2e-versions"
  (cd "$root" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0 | gzip -6 -n) >"$base.tmp"
  mv "$base.libs.tmp" "$base.libs"
  mv "$base.tmp" "$base"
  rm -rf "$root"
  find "$cache" -maxdepth 1 -name 'base-*' ! -path "$base" ! -path "$base.libs" -delete
fi

# --- the per-run archive: /init, the scenario, the captures, pylon-cli ----------------------------------
top=$(mktemp -d)
trap 'rm -rf "$top"' EXIT
mkdir -p "$top/captures" "$top/usr/bin" "$top/etc"
install -m 755 "$here/init" "$top/init"
install -m 755 "$here/scenario.sh" "$top/scenario.sh"
for f in "$captures"/*.candump.log; do
  grep -v '^#' "$f" | sed '/^[[:space:]]*$/d' >"$top/captures/$(basename "$f")"
done
if [ -n "$cli" ]; then
  install -m 755 "$cli" "$top/usr/bin/pylon-cli"
  # Bring whatever pylon-cli links that the base does not have (ldd says nothing of a static binary).
  { ldd "$cli" 2>/dev/null || true; } | awk '/=> \//{print $3}' | { grep -vxFf "$base.libs" || true; } | while read -r lib; do
    mkdir -p "$top$(dirname "$lib")"; cp -L "$lib" "$top$lib"
  done
else
  echo "$cli_missing" >"$top/etc/e2e-cli-missing"
fi
(cd "$top" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0 | gzip -1 -n) >"$out/overlay.cpio.gz"

cat "$base" "$out/overlay.cpio.gz" >"$out/initramfs.cpio.gz"
rm -f "$out/overlay.cpio.gz"
cp "$kdir/vmlinuz" "$out/vmlinuz"
cp "$kdir/release" "$out/kernel-release"
echo "kernel: $kernel_pkg $kernel_ver"
echo "busybox-static: $busybox_ver; $host_versions"
echo "initramfs: $(du -k "$out/initramfs.cpio.gz" | cut -f1) KiB (base $(du -k "$base" | cut -f1) KiB)"
