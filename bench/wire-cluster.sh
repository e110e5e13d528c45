#!/bin/sh
# Clustering throughput over simulated days at 20,000 items a day.
exec "$(dirname "$0")/../.venv/bin/topten" bench wire-cluster "$@"
