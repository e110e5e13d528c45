#!/bin/sh
# Import benchmark: 1,000,000 generated rows (5% invalid, 10% duplicates) into a
# temporary SQLite database. Target: under 180 s and 300 MB RSS.
# Usage: bench/import.sh [--rows N] [--configured-db]
set -eu
cd "$(dirname "$0")/.."
exec "$(dirname "$0")/../.venv/bin/topten" bench import "$@"
