#!/bin/sh
# Cost of one signed click-tracking URL (topten/editions/clicks.py).
exec "$(dirname "$0")/../.venv/bin/topten" bench click-token "$@"
