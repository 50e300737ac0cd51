#!/bin/sh
# The sample service: busybox's nc accepts each connection and runs handler.sh on it (-ll: keep listening).
# Counters live in $STATE_DIR (an emptyDir in Kubernetes: the root filesystem is read-only).
set -eu
export STATE_DIR="${STATE_DIR:-/tmp/web}"
mkdir -p "$STATE_DIR"
# shellcheck source=/dev/null
. /app/release.env # VERSION
echo "web $VERSION listening on :${PORT:-8080}"
exec nc -ll -p "${PORT:-8080}" -e /app/handler.sh
