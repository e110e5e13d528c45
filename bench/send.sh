#!/usr/bin/env bash
# Send benchmark: one edition through the real pipeline to a local SMTP sink (see topten/mailer/bench.py).
set -euo pipefail
cd "$(dirname "$0")/.."
exec "$(dirname "$0")/../.venv/bin/topten" bench send "$@"
