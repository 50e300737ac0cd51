#!/bin/sh
# The service's test, run inside the built image (build-and-scan's test-command): start it, ask each route.
set -eu
STATE_DIR="$(mktemp -d)"
export PORT=18080 STATE_DIR
/app/server.sh > "$STATE_DIR/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
fetch() { wget -q -O - "http://127.0.0.1:$PORT$1"; }
tries=0
until fetch /healthz > /dev/null 2>&1; do
  tries=$((tries + 1))
  [ "$tries" -lt 50 ] || { echo "FAIL: no answer on :$PORT within 5 s"; cat "$STATE_DIR/server.log"; exit 1; }
  sleep 0.1
done
fail() { echo "FAIL: $1"; exit 1; }
[ "$(fetch /healthz)" = ok ] || fail '/healthz does not answer ok'
fetch / | grep -q '^hello from web ' || fail '/ does not greet'
fetch /metrics | grep -q '^http_requests_total{code="200"} [0-9]' || fail '/metrics has no request counter'
if wget -q -O - "http://127.0.0.1:$PORT/nope" 2> /dev/null; then fail '/nope should be 404'; fi
echo "PASS: /, /healthz, /metrics and 404 answer as expected"
