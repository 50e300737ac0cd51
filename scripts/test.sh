#!/usr/bin/env bash
# `npm test`: installs what a fresh machine lacks (npm packages here; Debian packages and Node 24 on the
# way), then runs every test with the testbed's real services. Ends with the line "N passed, N failed".
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ ! -x node_modules/.bin/jest ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
exec node_modules/.bin/tsx scripts/test.ts "$@"
