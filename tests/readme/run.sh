#!/usr/bin/env bash
# Runs every ```sh command of README.md in a fresh copy of the repository (scripts/check-readme.py says which are
# skipped and why) and compiles its C# examples; fails when one fails.
set -euo pipefail
cd "$(dirname "$0")/../.."
python3 scripts/compile-readme-csharp.py
exec python3 scripts/check-readme.py README.md
