#!/usr/bin/env bash
# Replicas side by side, in one run, with wrk on loopback:
#   GET  /api/v1/officials/kmet-triaditsa/slots (60 days) and
#   POST /api/v1/bookings (a load-test official with 100 seats a slot)
# through one serve on SQLite, one serve on PostgreSQL, and two serves on
# the same PostgreSQL database (wrk against each at once, the figures
# summed). Limits are off. PostgreSQL: PG_URL (an empty database), or a
# throwaway cluster from Debian's postgresql package (as nobody when root;
# fsync on, as a real server has it).
# Usage: scripts/replicas.sh [seconds]   (needs wrk and postgresql)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/wrk.sh
secs=${1:-10}
dir=$(mktemp -d)
chmod 755 "$dir"
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
as=()
[ "$(id -u)" = 0 ] && as=(runuser -u nobody --)
cleanup() {
	kill $(jobs -p) 2>/dev/null || true
	wait 2>/dev/null || true
	[ -d "$dir/pg" ] && "${as[@]}" "$pgbin/pg_ctl" stop -D "$dir/pg" -m immediate >/dev/null 2>&1 || true
	rm -rf "$dir"
}
trap cleanup EXIT
go build -o "$dir/priemna" ./cmd/priemna
if [ -z "${PG_URL:-}" ]; then
	mkdir "$dir/pg" && chmod 700 "$dir/pg"
	[ "$(id -u)" = 0 ] && chown nobody "$dir/pg" "$dir"
	"${as[@]}" "$pgbin/initdb" -D "$dir/pg" -U postgres -A trust -E UTF8 --locale C.UTF-8 >/dev/null
	"${as[@]}" "$pgbin/pg_ctl" start -D "$dir/pg" -w -l "$dir/pg/log" -o "-p 18290 -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200" >/dev/null
	PG_URL="postgres://postgres@127.0.0.1:18290/postgres?sslmode=disable"
fi

from=$(date +%F)
to=$(date -d "+60 days" +%F)
# prepare DB: demo data and a staff token (before any serve starts).
prepare() {
	"$dir/priemna" demo --db "$1" >/dev/null
	echo "load test password" | "$dir/priemna" user add --db "$1" --email load@example.bg --name Load --role admin >/dev/null
	token=$("$dir/priemna" token create --db "$1" --email load@example.bg | tail -1)
}
# official URL: the load-test official, 100 seats a slot.
official() {
	api() { curl -sS --fail-with-body -H "Authorization: Bearer $token" -H 'Content-Type: application/json' "$@"; }
	api -d '{"slug":"load-test","name":"Натоварване","title":"Тестово длъжностно лице","unit":"stolichna-obshtina","email":"load@example.bg"}' \
		"$1/api/v1/officials" >/dev/null
	daily_schedule "$1/api/v1/officials/load-test/schedules" "$(date -d '-1 month' +%Y%m%d)"
}
serve() { # serve DB PORT
	"$dir/priemna" serve --db "$1" --addr "127.0.0.1:$2" --mail-dir "$dir/mail-$2" \
		--read-rate 0 --write-rate 100000000 --cap-per-official 0 --cap-overall 0 >/dev/null 2>&1 &
	served=$!
	for _ in $(seq 100); do curl -sf "http://127.0.0.1:$2/healthz" >/dev/null && return; sleep 0.1; done
	echo "serve on port $2 did not start" >&2; exit 1
}
lua() { # lua PORT PREFIX OFFSET: a booking script over the load-test official's slots
	# (replicas start at different points of the sequence of slots, as
	# citizens spread over slots do, not all on the same one at once)
	book_lua "$dir/book-$1.lua" "http://127.0.0.1:$1/api/v1/officials/load-test/slots?from=$from&to=$to" "$2" "${3:-0}"
}
rate() { grep -E "Requests/sec" | awk '{print $2}'; }
bench() { # bench NAME PORT...: GET then POST against every port at once, summed
	local name=$1; shift
	local c=$((32 / $#))
	for what in get post; do
		local pids=() i=0
		for port in "$@"; do
			if [ $what = get ]; then
				wrk -t1 -c$c -d"${secs}s" "http://127.0.0.1:$port/api/v1/officials/kmet-triaditsa/slots?from=$from&to=$to" >"$dir/$what-$port.out" &
			else
				wrk -t1 -c$c -d"${secs}s" -s "$dir/book-$port.lua" "http://127.0.0.1:$port" >"$dir/$what-$port.out" &
			fi
			pids+=($!)
		done
		wait "${pids[@]}"
		local sum=0 errs=""
		for port in "$@"; do
			sum=$(echo "$sum + $(rate <"$dir/$what-$port.out")" | bc)
			errs="$errs$(grep -E 'Non-2xx|Socket errors' "$dir/$what-$port.out" || true)"
		done
		printf '%-28s %-5s %10.0f req/s %s\n' "$name" "$what" "$sum" "$errs"
		echo "$name $what $sum" >>"$dir/results"
	done
}

lite="$dir/p.db"
prepare "$lite"
serve "$lite" 18291
official http://127.0.0.1:18291
lua 18291 lite 0
bench "SQLite, 1 replica" 18291
kill "$served"

prepare "$PG_URL"
serve "$PG_URL" 18292
serve "$PG_URL" 18293
official http://127.0.0.1:18292
lua 18292 pga 0
lua 18293 pgb 500000
bench "PostgreSQL, 1 replica" 18292
bench "PostgreSQL, 2 replicas" 18292 18293

for w in get post; do
	s=$(awk -v w=$w '$1=="SQLite," && $4==w {print $5}' "$dir/results")
	p1=$(awk -v w=$w '$1=="PostgreSQL," && $2=="1" && $4==w {print $5}' "$dir/results")
	p2=$(awk -v w=$w '$1=="PostgreSQL," && $2=="2" && $4==w {print $5}' "$dir/results")
	printf 'ratios %-4s PostgreSQL 1 replica / SQLite = %.2f; 2 replicas / SQLite = %.2f; 2 / 1 replicas = %.2f\n' "$w" \
		"$(echo "$p1 / $s" | bc -l)" "$(echo "$p2 / $s" | bc -l)" "$(echo "$p2 / $p1" | bc -l)"
done
