#!/usr/bin/env bash
# Load test on loopback: GET /api/v1/officials/{slug}/slots for 60 days on a
# demo database, next to a bare Echo handler, in the same run, with wrk.
# Usage: scripts/load.sh [seconds]  (needs wrk: apt-get install wrk)
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
dir=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$dir"' EXIT
go build -o "$dir/priemna" ./cmd/priemna
go build -o "$dir/bare-echo" ./cmd/bare-echo
"$dir/priemna" serve --demo --db "$dir/p.db" --mail-dir "$dir/mail" --addr 127.0.0.1:18181 2>/dev/null >/dev/null &
"$dir/bare-echo" --addr 127.0.0.1:18182 2>/dev/null &
for i in $(seq 50); do curl -sf http://127.0.0.1:18181/healthz >/dev/null && curl -sf http://127.0.0.1:18182/ >/dev/null && break; sleep 0.1; done
from=$(date +%F)
to=$(date -d "+60 days" +%F)
echo "== bare Echo handler"
wrk -t2 -c32 -d"${secs}s" --latency http://127.0.0.1:18182/ | grep -E "Requests/sec|99%"
echo "== GET /api/v1/officials/kmet-triaditsa/slots?from=$from&to=$to"
wrk -t2 -c32 -d"${secs}s" --latency "http://127.0.0.1:18181/api/v1/officials/kmet-triaditsa/slots?from=$from&to=$to" | grep -E "Requests/sec|99%"
