#!/usr/bin/env bash
# Runs the pipeline standalone on http://127.0.0.1:7071. With no AzureWebJobsStorage setting it starts
# its own Azurite (data in .azurite/). Needs: the .NET SDK and Node.js 20+ with npm.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -f node_modules/azurite/dist/src/azurite.js ]; then
  npm ci --no-audit --no-fund
fi

exec dotnet run --project functions/Pipeline.Standalone "$@"
