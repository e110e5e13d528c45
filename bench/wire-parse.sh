#!/bin/sh
# fastfeedparser vs feedparser on the sample feeds.
exec .venv/bin/topten bench wire-parse "$@"
