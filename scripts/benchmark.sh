#!/usr/bin/env bash
# Prints throughput figures beside baselines measured in the same run: Azurite's own limits, or DuckDB (scale).
# Usage: ./scripts/benchmark.sh ingest [records]   (default 10000)
#        ./scripts/benchmark.sh assess [records]   (default 100000)
#        ./scripts/benchmark.sh scale [records] [--threads T] [--check RECORDS]
#            the whole pipeline from records made in memory, beside DuckDB (default 1000000; no Azurite needed)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" != scale ] && [ ! -f node_modules/azurite/dist/src/azurite.js ]; then
  npm ci --no-audit --no-fund
fi
exec dotnet run -c Release --project benchmarks/Pipeline.Benchmarks -- "$@"
