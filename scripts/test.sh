#!/usr/bin/env bash
# Installs what a fresh machine lacks, then runs every test. CI (.ci/run) calls exactly this.
# Needs: the .NET SDK (global.json) and Node.js 20+ with npm.
set -euo pipefail
cd "$(dirname "$0")/.."

# Azurite, the storage emulator the tests start, pinned in package-lock.json.
if [ ! -f node_modules/azurite/dist/src/azurite.js ]; then
  npm ci --no-audit --no-fund
fi

dotnet restore Pipeline.sln
dotnet build Pipeline.sln --no-restore -c Release
dotnet test Pipeline.sln --no-build -c Release "$@"
