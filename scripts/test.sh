#!/usr/bin/env bash
# Installs what a fresh machine lacks, then runs every test. CI (.ci/run) calls exactly this.
# Needs: the .NET SDK (global.json), Node.js 20+ with npm, and apt (Debian) for Chromium, LibreOffice and fonts.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian's Chromium and CJK fonts for the report tests (Playwright drives this browser; it downloads none), and
# LibreOffice Calc without its GUI, which opens the workbook headless to print it to PDF.
if ! command -v chromium >/dev/null 2>&1 || ! command -v soffice >/dev/null 2>&1 \
  || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-noto-cjk libreoffice-calc-nogui
fi

# Azurite, the storage emulator the tests start, and Redocly CLI, which lints the OpenAPI description; both pinned
# in package-lock.json.
if [ ! -f node_modules/azurite/dist/src/azurite.js ] || [ ! -f node_modules/@redocly/cli/bin/cli.js ]; then
  npm ci --no-audit --no-fund
fi

dotnet restore Pipeline.sln
dotnet build Pipeline.sln --no-restore -c Release
dotnet test Pipeline.sln --no-build -c Release "$@"
