#!/usr/bin/env bash
# `npm run demo`: installs what a fresh machine lacks, then plays the delivery line locally against the testbed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ ! -x node_modules/.bin/tsx ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
exec node_modules/.bin/tsx scripts/demo.ts "$@"
