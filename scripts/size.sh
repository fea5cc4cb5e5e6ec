#!/usr/bin/env bash
# Does size matter? Each figure for a copy of a big database (make bigdb:
# 200 officials, five years, a million past bookings) next to the same
# officials and schedules with no bookings, measured in the same run:
#   start-up: time from starting serve to its first answer;
#   GET /api/v1/statistics and GET /statistics (everyone's and one official's);
#   GET /api/v1/officials/{slug}/slots, 60 days, of an official whose rule
#       began five years ago;
#   POST /api/v1/bookings into a load-test official with 100 seats a slot.
# In interleaved rounds (ROUNDS, default 3); the summary gives ratios of
# medians. Each run starts once both servers have sent the letters earlier
# runs queued (the one measured second used to share the CPU with the
# first one's letters).
# Usage: scripts/size.sh BIGDB [seconds]   (needs wrk, curl, bc and sqlite3)
# PRIEMNA_BIN=path serves with another build (an older one, for before and
# after); the empty database is always made by this tree's priemna bigdb.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/wrk.sh
big=${1:?usage: scripts/size.sh BIGDB [seconds]}
secs=${2:-10}
dir=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; wait 2>/dev/null; rm -rf "$dir"' EXIT
go build -o "$dir/priemna" ./cmd/priemna
gen="$dir/priemna"
p=${PRIEMNA_BIN:-$gen}
cp "$big" "$dir/big.db"
officials=$(sqlite3 "$big" "select count(*) from officials" 2>/dev/null || echo 200)
"$gen" bigdb --db "$dir/empty.db" --bookings 0 --officials "$officials" >/dev/null

# Migrations a new version brings run once, before the timed start.
t0=$(date +%s.%N)
"$p" migrate --db "$dir/big.db" >/dev/null
echo "migrate big: $(echo "$(date +%s.%N) - $t0" | bc) s"
"$p" migrate --db "$dir/empty.db" >/dev/null
# An admin and their token in each database, made before the servers
# start, so that no command writes during the timed start-up and sweep.
declare -A token
for db in empty big; do
	echo "load test password" | "$p" user add --db "$dir/$db.db" --email load@example.bg --name Load --role admin >/dev/null
	token[$db]=$("$p" token create --db "$dir/$db.db" --email load@example.bg | tail -1)
done
start() { # name port: serve, and print the seconds until the first answer
	local t0 t1
	t0=$(date +%s.%N)
	"$p" serve --db "$dir/$1.db" --mail-dir "$dir/mail-$1" --addr "127.0.0.1:$2" \
		--read-rate 0 --write-rate 100000000 --cap-per-official 0 --cap-overall 0 2>/dev/null >/dev/null &
	until curl -sf "http://127.0.0.1:$2/healthz" >/dev/null; do sleep 0.02; done
	t1=$(date +%s.%N)
	echo "start-up $1: $(echo "$t1 - $t0" | bc) s"
}
start empty 18281
t0=$(date +%s.%N)
start big 18282
quiet_dbs=("$dir/empty.db" "$dir/big.db")
for db in empty big; do
	port=$([ $db = empty ] && echo 18281 || echo 18282)
	api() { curl -sf -H "Authorization: Bearer ${token[$db]}" -H 'Content-Type: application/json' "$@"; }
	api -d '{"slug":"load-test","name":"Натоварване","title":"Тестово длъжностно лице","unit":"bench-unit-00","email":"load@example.bg"}' \
		"http://127.0.0.1:$port/api/v1/officials" >/dev/null
	daily_schedule "http://127.0.0.1:$port/api/v1/officials/load-test/schedules" "$(date +%Y%m%d)"
done

from=$(date +%F)
to=$(date -d "+60 days" +%F)
book_lua "$dir/book.lua" "http://127.0.0.1:18281/api/v1/officials/load-test/slots?from=$from&to=$to" load 0 ',"consent":true'

# The first retention sweep of the big database erases years of personal
# data in batches while serving; the figures below are taken after it.
# While it runs, one client books on the big server, one booking after
# another, and again as long once it is over: how long a booking waits
# behind the sweep, beside the same server's ordinary wait.
sweeping() { [ "$(sqlite3 "$dir/big.db" "select count(*) from bookings where anonymised_at is null and ends_at < strftime('%s','now') - 31*86400")" != 0 ]; }
one_client() { # what: the latencies of one client booking on the big server for $secs
	wrk -t1 -c1 -d"${secs}s" --latency -s "$dir/book.lua" http://127.0.0.1:18282 |
		awk -v what="$1" '$1 == "Latency" && NF > 4 {max = $4} $1 == "50%" {p50 = $2} $1 == "99%" {p99 = $2} /Requests\/sec/ {r = $2}
			END {printf "one client booking %s: %s bookings/s, p50 %s, p99 %s, worst %s\n", what, r, p50, p99, max}'
}
if sweeping; then
	one_client "during the first retention sweep"
	sweeping && echo "  (the sweep was still running when it ended)" || echo "  (the sweep ended before it did: a shorter run is needed)"
fi
until ! sweeping; do sleep 0.5; done
echo "first retention sweep (big, while serving): over about $(echo "$(date +%s.%N) - $t0" | bc) s after the big server started"
one_client "after it"

WIDTH=52
paths=("/api/v1/statistics" "/statistics" "/api/v1/statistics?official=bench-007" "/statistics?official=bench-007"
	"/api/v1/officials/bench-001/slots?from=$from&to=$to")
# Interleaved rounds (ROUNDS, default 3), the empty database and the big
# one one after the other each time, the empty one first in odd rounds and
# the big one in even ones (what the first run leaves, a log to copy back,
# falls on the second); the summary gives ratios of medians.
rounds=${ROUNDS:-3}
for r in $(seq "$rounds"); do
	echo "== round $r of $rounds"
	order=(empty big)
	[ $((r % 2)) = 0 ] && order=(big empty)
	for i in "${!paths[@]}"; do
		for db in "${order[@]}"; do
			port=$([ $db = empty ] && echo 18281 || echo 18282)
			run "$db GET ${paths[$i]}" "http://127.0.0.1:$port${paths[$i]}"
		done
	done
	for db in "${order[@]}"; do
		port=$([ $db = empty ] && echo 18281 || echo 18282)
		run "$db POST /api/v1/bookings" -s "$dir/book.lua" "http://127.0.0.1:$port"
	done
done
echo "== medians of $rounds rounds: big database vs empty"
for what in "${paths[@]/#/GET }" "POST /api/v1/bookings"; do
	e=$(median "empty $what") b=$(median "big $what")
	printf '%-60s empty %9s  big %9s req/s  big/empty %s   p99 %s vs %s ms\n' "$what" "$e" "$b" "$(echo "scale=2; $b / $e" | bc)" \
		"$(median "empty $what" 2)" "$(median "big $what" 2)"
done
