#!/bin/sh
# One HTTP request on stdin, its answer on stdout. Routes: / (the service), /healthz, /metrics (Prometheus text).
STATE_DIR="${STATE_DIR:-/tmp/web}"
# shellcheck source=/dev/null
. /app/release.env # VERSION and FAIL_EVERY (0: never fail)

read -r method target _ || exit 0
while read -r header; do [ -z "$(printf '%s' "$header" | tr -d '\r')" ] && break; done
path="${target%%\?*}"

# Counts a request by status code (one file per code; good enough for one pod's demo traffic).
count() {
  file="$STATE_DIR/requests_$1"
  n=$(cat "$file" 2>/dev/null || echo 0)
  echo $((n + 1)) > "$file"
}

respond() { # status, content type, body
  count "${1%% *}"
  printf 'HTTP/1.0 %s\r\nContent-Type: %s\r\nContent-Length: %s\r\nConnection: close\r\n\r\n%s' \
    "$1" "$2" "${#3}" "$3"
}

metrics() {
  echo '# HELP http_requests_total Requests served, by status code.'
  echo '# TYPE http_requests_total counter'
  for file in "$STATE_DIR"/requests_*; do
    [ -e "$file" ] || continue
    echo "http_requests_total{code=\"${file##*_}\"} $(cat "$file")"
  done
  echo '# HELP web_build_info The running release.'
  echo '# TYPE web_build_info gauge'
  echo "web_build_info{version=\"$VERSION\"} 1"
}

case "$method $path" in
  'GET /healthz') respond '200 OK' text/plain "ok" ;;
  'GET /metrics') respond '200 OK' 'text/plain; version=0.0.4' "$(metrics)" ;;
  'GET /')
    served=$(($(cat "$STATE_DIR"/requests_* 2>/dev/null | awk '{s += $1} END {print s + 0}') + 1))
    if [ "$FAIL_EVERY" -gt 0 ] && [ $((served % FAIL_EVERY)) -eq 0 ]; then
      respond '500 Internal Server Error' text/plain "error: lost the order ($VERSION)"
    else
      respond '200 OK' text/plain "hello from web $VERSION"
    fi
    ;;
  *) respond '404 Not Found' text/plain "no route for $method $path" ;;
esac
