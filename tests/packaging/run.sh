#!/usr/bin/env bash
# Packs Pylontech.Can, Pylontech.Can.Mqtt and the pylon-cli tool into a local folder feed, then uses them the way a
# consumer would: builds each sample in samples/ from that feed alone (the Pylontech packages only from the folder,
# third-party ones from the normal source, into an empty package cache so a stale cache cannot hide a broken
# package), runs them, and installs and runs the tool. Prints each check; exits 1 at the first failure.
# Usage: tests/packaging/run.sh        (PYLON_NUGET_SOURCE overrides the source of third-party packages)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
nuget_source=${PYLON_NUGET_SOURCE:-https://api.nuget.org/v3/index.json}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

work=$(mktemp -d "${TMPDIR:-/tmp}/pylon-packaging.XXXXXX")
broker_pid=
cleanup() {
  if [ -n "$broker_pid" ]; then kill "$broker_pid" 2>/dev/null || true; wait "$broker_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

start=$SECONDS
checks=0
pass() { checks=$((checks + 1)); echo "  ok   $*"; }
fail() { echo "  FAIL $*" >&2; exit 1; }
# fail_with LOG MESSAGE: the message, then the end of the log.
fail_with() { echo "  FAIL $2" >&2; tail -n 30 "$1" | sed 's/^/       /' >&2; exit 1; }
# expect OUTPUT_FILE TEXT WHAT: the output contains TEXT (a fixed string).
expect() { grep -qF -- "$2" "$1" || fail_with "$1" "$3: expected '$2'"; pass "$3"; }

version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$repo/Directory.Build.props" | head -n 1)
[ -n "$version" ] || fail "no <Version> in Directory.Build.props"

echo "== pack $version"
feed="$work/feed"
if ! dotnet pack "$repo/Pylontech.Packages.slnf" -c Release -o "$feed" -nologo >"$work/pack.log" 2>&1; then
  fail_with "$work/pack.log" "dotnet pack failed"
fi

# contents PACKAGE: the file names inside a package, one a line.
contents() { unzip -Z1 "$1"; }
# has PACKAGE ENTRY...: every entry is in the package.
has() {
  local package=$1; shift
  contents "$package" >"$work/entries"
  for entry in "$@"; do
    grep -qxF "$entry" "$work/entries" || fail "$(basename "$package") has no $entry (it has: $(tr '\n' ' ' <"$work/entries"))"
  done
  pass "$(basename "$package"): $*"
}
lib="$feed/Pylontech.Can.$version.nupkg"
mqtt="$feed/Pylontech.Can.Mqtt.$version.nupkg"
tool="$feed/pylon-cli.$version.nupkg"
for p in "$lib" "$mqtt" "$tool" "${lib%.nupkg}.snupkg" "${mqtt%.nupkg}.snupkg"; do
  [ -f "$p" ] || fail "dotnet pack wrote no $(basename "$p")"
done
has "$lib" lib/net10.0/Pylontech.Can.dll lib/net10.0/Pylontech.Can.xml README.md \
  analyzers/dotnet/cs/Pylontech.Can.Generators.dll build/Pylontech.Can.props buildTransitive/Pylontech.Can.props \
  contentFiles/any/any/dbc/pylontech.dbc
has "${lib%.nupkg}.snupkg" lib/net10.0/Pylontech.Can.pdb
has "$mqtt" lib/net10.0/Pylontech.Can.Mqtt.dll lib/net10.0/Pylontech.Can.Mqtt.xml README.md
has "${mqtt%.nupkg}.snupkg" lib/net10.0/Pylontech.Can.Mqtt.pdb
has "$tool" tools/net10.0/any/pylon-cli.dll tools/net10.0/any/DotnetToolSettings.xml README.md

unzip -p "$lib" Pylontech.Can.nuspec >"$work/lib.nuspec"
expect "$work/lib.nuspec" '<license type="expression">MIT</license>' "Pylontech.Can.nuspec: MIT licence expression"
expect "$work/lib.nuspec" '<readme>README.md</readme>' "Pylontech.Can.nuspec: package README"
expect "$work/lib.nuspec" '<repository type="git" url="https://github.com/pylontech-can/Pylontech.Can"' "Pylontech.Can.nuspec: repository"
expect "$work/lib.nuspec" 'buildAction="None"' "Pylontech.Can.nuspec: the DBC is a content file with build action None"
if grep -q '<dependency ' "$work/lib.nuspec"; then fail "Pylontech.Can must have no dependency: $(grep '<dependency ' "$work/lib.nuspec")"; fi
pass "Pylontech.Can.nuspec: no dependency"
unzip -p "$mqtt" Pylontech.Can.Mqtt.nuspec >"$work/mqtt.nuspec"
expect "$work/mqtt.nuspec" "<dependency id=\"Pylontech.Can\" version=\"$version\"" "Pylontech.Can.Mqtt.nuspec: depends on Pylontech.Can $version"
expect "$work/mqtt.nuspec" '<dependency id="MQTTnet"' "Pylontech.Can.Mqtt.nuspec: depends on MQTTnet"
unzip -p "$tool" pylon-cli.nuspec >"$work/tool.nuspec"
expect "$work/tool.nuspec" '<packageType name="DotnetTool"' "pylon-cli.nuspec: a dotnet tool"

echo "== the samples, from the local feed alone"
consumer="$work/consumer"
mkdir -p "$consumer"
cp "$repo/samples/Directory.Build.props" "$repo/samples/Directory.Packages.props" "$consumer/"
cp -r "$repo/samples/DecodeFrames" "$repo/samples/OwnDbc" "$repo/samples/PublishToMqtt" "$consumer/"
rm -rf "$consumer"/*/bin "$consumer"/*/obj
cat >"$consumer/nuget.config" <<EOF
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="local" value="$feed" />
    <add key="public" value="$nuget_source" />
  </packageSources>
  <!-- The Pylontech packages only from the folder; everything else (MQTTnet, System.CommandLine...) from the public source. -->
  <packageSourceMapping>
    <packageSource key="local">
      <package pattern="Pylontech.Can" />
      <package pattern="Pylontech.Can.*" />
      <package pattern="pylon-cli" />
    </packageSource>
    <packageSource key="public">
      <package pattern="*" />
    </packageSource>
  </packageSourceMapping>
</configuration>
EOF
export NUGET_PACKAGES="$work/packages"

build_sample() {
  local name=$1; shift
  if ! (cd "$consumer" && dotnet build "$name" -c Release -nologo -p:PylontechCanVersion="$version" "$@") >"$work/$name.build.log" 2>&1; then
    fail_with "$work/$name.build.log" "$name does not build from the packages"
  fi
  pass "$name builds from the packages (warnings as errors)"
}
run_sample() { local name=$1; shift; dotnet "$consumer/$name/bin/Release/net10.0/$name.dll" "$@"; }

build_sample DecodeFrames -p:EmitCompilerGeneratedFiles=true
if find "$consumer/DecodeFrames/obj" -path '*generated*' -name 'Pylontech.Can.Messages.*.g.cs' | grep -q .; then
  fail "DecodeFrames generated the Pylontech types again instead of using the compiled ones"
fi
pass "DecodeFrames uses the Pylontech types compiled into the package (nothing regenerated)"
[ -f "$NUGET_PACKAGES/pylontech.can/$version/contentFiles/any/any/dbc/pylontech.dbc" ] || fail "the package cache has no contentFiles/any/any/dbc/pylontech.dbc"
pass "the DBC reaches consumers as a content file"

run_sample DecodeFrames >"$work/decode.out" 2>&1 || fail_with "$work/decode.out" "DecodeFrames exited with $?"
# The worked examples of ../shared/protocol/PYLON-CAN.md, section 8.
expect "$work/decode.out" "351#1402C012C012C201  BatteryLimits { ChargeVoltageLimit = 53.2 V, ChargeCurrentLimit = 480 A, DischargeCurrentLimit = 480 A, DischargeVoltageLimit = 45 V }" "T1 0x351: CVL 53.2 V, CCL 480.0 A, DCL 480.0 A, DVL 45.0 V"
expect "$work/decode.out" "355#58005E00  StateOfChargeAndHealth { StateOfCharge = 88 %, StateOfHealth = 94 % }" "T2 0x355: SOC 88 %, SOH 94 %"
expect "$work/decode.out" "356#7A13F2FE6B01  BatteryMeasurements { BatteryVoltage = 49.86 V, BatteryCurrent = -27 A, BatteryTemperature = 36.3 degC }" "T3 0x356: 49.86 V, -27.0 A, 36.3 °C"
expect "$work/decode.out" "ModuleCount = 6, ProtocolMarker = PN }" "T4 0x359: 6 modules, \"PN\""
grep -F "359#0000000006504E" "$work/decode.out" | grep -q "= true" && fail "T4 0x359: a flag is set: $(grep -F '359#' "$work/decode.out")"
pass "T4 0x359: no flags"
expect "$work/decode.out" "35C#C000  ChargeRequest { RequestFullCharge = false, RequestForceCharge2 = false, RequestForceCharge1 = false, DischargeEnable = true, ChargeEnable = true }" "T5 0x35C: charge and discharge enabled, no requests"
expect "$work/decode.out" '35E#50594C4F4E202020  Manufacturer { ManufacturerName = "PYLON" }' "T6 0x35E: \"PYLON\""
expect "$work/decode.out" "355#540060000000  StateOfChargeAndHealth { StateOfCharge = 84 %, StateOfHealth = 96 %, StateOfChargeHighResolution = 0 % }" "T7 0x355: SOC 84 %, SOH 96 %, high resolution 0"
expect "$work/decode.out" '35F#4C4901033C02AA00  BatteryInfo { BatteryType = "LI", BmsVersionMajor = 1, BmsVersionMinor = 3, Capacity = 572 Ah, ManufacturerCode = 170 }' "T8 0x35F: \"LI\", version 1.3, 572 Ah, 0x00AA"
expect "$work/decode.out" "35A#0000000000000000  AlarmsAndWarnings { GeneralAlarm = NotSupported," "T9 0x35A: all not supported"
grep -F "35A#" "$work/decode.out" | grep -qE "= (Active|Ok|Invalid)" && fail "T9 0x35A: not every state is NotSupported"
expect "$work/decode.out" "373#CA0CCF0C1B011C01  CellExtremes { MinCellVoltage = 3.274 V, MaxCellVoltage = 3.279 V, MinCellTemperature = 283 K, MaxCellTemperature = 284 K }" "T21 0x373: 3.274 V / 3.279 V, 283 K / 284 K"
expect "$work/decode.out" "379#C800000000000000  CapacityInfo { InstalledCapacity = 200 Ah }" "T22 0x379: 200 Ah"
expect "$work/decode.out" "Summary: SOC 84 %, 49.86 V, -27 A, -1346 W (discharging)" "DecodeFrames: power from the typed values"
run_sample DecodeFrames "$repo/samples/captures/us5000-old-and-new-firmware.candump.log" >"$work/decode-log.out" 2>&1 || fail_with "$work/decode-log.out" "DecodeFrames of a capture exited with $?"
expect "$work/decode-log.out" "BatteryMeasurements { BatteryVoltage = " "DecodeFrames reads a candump log through CanSources"

build_sample OwnDbc
run_sample OwnDbc >"$work/own.out" 2>&1 || fail_with "$work/own.out" "OwnDbc exited with $?"
expect "$work/own.out" "PackStatus { PackVoltage = 53 V, PackCurrent = -6 A, StateOfCharge = 84.5 %, Mode = Discharging, Balancing = false, Heater = true }" "OwnDbc: a PackStatus from its own DBC"
expect "$work/own.out" "CellTemperatures { MinCellTemperature = -5 degC, MaxCellTemperature = 28 degC, MinCellVoltage = 3.338 V }" "OwnDbc: signed and scaled signals"
expect "$work/own.out" "PackStatus { PackVoltage = 53 V }" "OwnDbc: a short frame gives only the signals it carries"
expect "$work/own.out" "discharging at 6 A, 84.5 % left" "OwnDbc: the value table is an enum"

# A mistake in the DBC is a build error naming the file, line and column.
broken="$work/broken"
mkdir -p "$broken"
cp "$consumer/Directory.Build.props" "$consumer/Directory.Packages.props" "$consumer/nuget.config" "$broken/"
cp -r "$repo/samples/OwnDbc" "$broken/"
rm -rf "$broken/OwnDbc/bin" "$broken/OwnDbc/obj"
line=$(grep -n '^ SG_ PackCurrent :' "$broken/OwnDbc/solar-bms.dbc" | cut -d: -f1)
[ -n "$line" ] || fail "samples/OwnDbc/solar-bms.dbc has no PackCurrent signal to break"
sed -i "${line}s/^ SG_ PackCurrent : / SG_ PackCurrent /" "$broken/OwnDbc/solar-bms.dbc"
if (cd "$broken" && dotnet build OwnDbc -c Release -nologo -p:PylontechCanVersion="$version") >"$work/broken.log" 2>&1; then
  fail_with "$work/broken.log" "OwnDbc with a broken DBC built"
fi
grep -qE "solar-bms\.dbc\($line,[0-9]+\): error PYL001: " "$work/broken.log" ||
  fail_with "$work/broken.log" "the broken DBC did not give 'solar-bms.dbc($line,COL): error PYL001: ...'"
pass "a broken DBC line is a build error: $(grep -oE "solar-bms\.dbc\($line,[0-9]+\): error PYL001: [^[]*" "$work/broken.log" | head -n 1 | sed 's/ *$//')"

echo "== PublishToMqtt against mosquitto"
build_sample PublishToMqtt
mosquitto=$(command -v mosquitto || echo /usr/sbin/mosquitto)
[ -x "$mosquitto" ] && command -v mosquitto_sub >/dev/null && command -v mosquitto_pub >/dev/null || fail "mosquitto, mosquitto_pub and mosquitto_sub are needed (scripts/install-test-deps.sh installs them)"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\n' "$port" >"$work/mosquitto.conf"
"$mosquitto" -c "$work/mosquitto.conf" >"$work/mosquitto.log" 2>&1 &
broker_pid=$!
for _ in $(seq 50); do
  mosquitto_pub -h 127.0.0.1 -p "$port" -t probe -n >/dev/null 2>&1 && break
  sleep 0.1
done
run_sample PublishToMqtt 127.0.0.1 "$port" sample >"$work/publish.out" 2>&1 || fail_with "$work/publish.out" "PublishToMqtt exited with $?"
expect "$work/publish.out" "published 6 frames to 127.0.0.1:$port" "PublishToMqtt: 6 frames published"
# Retained messages are what Home Assistant reads when it (re)starts.
mosquitto_sub -h 127.0.0.1 -p "$port" -v -W 3 \
  -t pylontech/sample/state -t pylontech/sample/bridge -t homeassistant/device/pylontech_sample/config >"$work/retained.out" 2>&1 || true
expect "$work/retained.out" '"soc":88' "retained state: SOC 88"
expect "$work/retained.out" '"voltage":49.86' "retained state: 49.86 V"
expect "$work/retained.out" '"current":-27' "retained state: -27 A"
expect "$work/retained.out" '"def_ent_id":"sensor.pylontech_sample_soc"' "retained discovery: default entity id sensor.pylontech_sample_soc"
expect "$work/retained.out" 'pylontech/sample/bridge offline' "retained bridge availability: offline after a clean stop"

echo "== the dotnet tool"
if ! (cd "$consumer" && dotnet tool install pylon-cli --version "$version" --tool-path "$work/tools" --configfile "$consumer/nuget.config") >"$work/tool.log" 2>&1; then
  fail_with "$work/tool.log" "dotnet tool install pylon-cli failed"
fi
pass "dotnet tool install pylon-cli --tool-path"
"$work/tools/pylon-cli" --version >"$work/version.out" 2>&1 || fail_with "$work/version.out" "pylon-cli --version exited with $?"
grep -qE "^$version(\+|$)" "$work/version.out" || fail_with "$work/version.out" "pylon-cli --version does not print $version"
pass "pylon-cli --version: $(cat "$work/version.out")"
"$work/tools/pylon-cli" dump "$repo/samples/captures/us5000-old-and-new-firmware.candump.log" >"$work/dump.out" 2>&1 || fail_with "$work/dump.out" "pylon-cli dump exited with $?"
expect "$work/dump.out" "BatteryVoltage=" "pylon-cli dump of samples/captures/us5000-old-and-new-firmware.candump.log"

echo "packaging: $checks checks passed in $((SECONDS - start)) s"
