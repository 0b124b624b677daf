#!/usr/bin/env bash
# Runs every test of the repository and ends with one line: "N passed, N failed".
# Usage: ./test.sh            (installs what the tests need with apt-get when run as root and it is missing)
set -uo pipefail
cd "$(dirname "$0")"

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

bash scripts/install-test-deps.sh || { echo "test.sh: could not install the test dependencies" >&2; echo "0 passed, 1 failed"; exit 1; }

dotnet build Pylontech.sln -c Release -nologo -v q 2>&1 | tail -n 30
build_rc=${PIPESTATUS[0]}
if [ "$build_rc" -ne 0 ]; then
  echo "test.sh: the build failed" >&2
  echo "0 passed, 1 failed"
  exit 1
fi

dotnet test Pylontech.sln -c Release --no-build -nologo --logger "trx" --results-directory "$results" 2>&1 | tee "$results/test.log" | grep -vE '^\s*$' | tail -n 60
test_rc=${PIPESTATUS[0]}

passed=0; failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  p=$(grep -o 'passed="[0-9]*"' "$trx" | head -1 | grep -o '[0-9]*')
  f=$(grep -o 'failed="[0-9]*"' "$trx" | head -1 | grep -o '[0-9]*')
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done

extra_passed=0; extra_failed=0
for t in tests/*/run.sh; do
  [ -x "$t" ] || continue
  echo "== $t"
  if "$t"; then extra_passed=$((extra_passed + 1)); else extra_failed=$((extra_failed + 1)); echo "FAILED: $t" >&2; fi
done
passed=$((passed + extra_passed)); failed=$((failed + extra_failed))

if [ "$test_rc" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
