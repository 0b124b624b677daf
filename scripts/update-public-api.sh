#!/usr/bin/env bash
# Adds every public symbol the PublicApiAnalyzers report as undeclared (RS0016) to the project's
# PublicAPI.Unshipped.txt, generated types included, then sorts the file. Review the diff before committing.
# Usage: scripts/update-public-api.sh [PROJECT_DIR...]   (default: src/Pylontech.Can src/Pylontech.Can.Mqtt)
set -euo pipefail
cd "$(dirname "$0")/.."
projects=("$@")
[ ${#projects[@]} -gt 0 ] || projects=(src/Pylontech.Can src/Pylontech.Can.Mqtt)

for dir in "${projects[@]}"; do
  unshipped="$dir/PublicAPI.Unshipped.txt"
  [ -f "$unshipped" ] || { echo "update-public-api: $unshipped: no such file" >&2; exit 1; }
  log=$(mktemp)
  # The analyzers see each project in its own build; -p:TreatWarningsAsErrors=false lets the build go on past RS0016.
  dotnet build "$dir" -c Release -nologo -p:TreatWarningsAsErrors=false --no-incremental >"$log" 2>&1 || true
  added=$(grep -F "[$(cd "$dir" && pwd)/" "$log" | grep -oP "RS0016: Symbol '\K.*(?=' is not part of the declared public API)" | sort -u || true)
  rm -f "$log"
  if [ -n "$added" ]; then
    { grep -v '^#nullable enable$' "$unshipped" || true; printf '%s\n' "$added"; } | grep -v '^$' | LC_ALL=C sort -u >"$unshipped.new"
    { echo '#nullable enable'; cat "$unshipped.new"; } >"$unshipped"
    rm -f "$unshipped.new"
  fi
  echo "$unshipped: $(printf '%s' "$added" | grep -c . || true) symbols added"
done
