#!/bin/sh
# fastfeedparser vs feedparser on the sample feeds.
exec "$(dirname "$0")/../.venv/bin/topten" bench wire-parse "$@"
