#!/usr/bin/env bash
# The public site under gunicorn, cached and uncached; see topten/web/bench.py.
# Quick run: bench/web.sh --seconds 3
set -eu
cd "$(dirname "$0")/.."
exec "$(dirname "$0")/../.venv/bin/topten" bench web "$@"
