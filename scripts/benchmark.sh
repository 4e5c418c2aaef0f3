#!/usr/bin/env bash
# Prints throughput figures against a real Azurite beside Azurite's own limits, measured in the same run.
# Usage: ./scripts/benchmark.sh ingest [records]   (default 10000)
#        ./scripts/benchmark.sh assess [records]   (default 100000)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f node_modules/azurite/dist/src/azurite.js ]; then
  npm ci --no-audit --no-fund
fi
exec dotnet run -c Release --project benchmarks/Pipeline.Benchmarks -- "$@"
