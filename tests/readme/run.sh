#!/usr/bin/env bash
# Runs every ```sh command of README.md in a fresh copy of the repository (scripts/check-readme.py says which are
# skipped and why), and fails when one fails.
set -euo pipefail
cd "$(dirname "$0")/../.."
exec python3 scripts/check-readme.py README.md
