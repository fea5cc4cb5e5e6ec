#!/usr/bin/env bash
# Load test on loopback with wrk, each figure next to its baseline measured
# in the same run, in interleaved rounds (ROUNDS, default 3; the machine's
# noise moves every figure, so the summary gives ratios of medians):
#   GET  /api/v1/officials/{slug}/slots for 60 days on the demo database,
#        beside a bare Echo handler;
#   POST /api/v1/bookings into a load-test official with 100 seats a slot,
#        spread over its slots (each booking also queues its confirmation
#        and reminders, and the mail worker sends them meanwhile to a local
#        SMTP sink, cmd/smtp-sink, which counts them), beside a bare Echo
#        handler decoding the same body and beside cmd/bare-book, the same
#        transaction through a bare group-commit writer on a copy of the
#        database (the ceiling of the booking POST);
#   rule age: the same slots query, with a range that changes on every
#        request (no reuse), and the same booking POST, for that official,
#        whose daily rule began a month ago, and for one whose identical
#        rule began ten years ago.
# Each run starts once the server has sent the letters earlier runs queued.
# Usage: scripts/load.sh [seconds]  (needs wrk and sqlite3: apt-get install wrk sqlite3)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/wrk.sh
secs=${1:-10}
rounds=${ROUNDS:-3}
dir=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; wait 2>/dev/null; rm -rf "$dir"' EXIT
go build -o "$dir/priemna" ./cmd/priemna
go build -o "$dir/bare-echo" ./cmd/bare-echo
go build -o "$dir/bare-book" ./cmd/bare-book
go build -o "$dir/smtp-sink" ./cmd/smtp-sink
db="$dir/p.db"
"$dir/priemna" demo --db "$db" >/dev/null
echo "load test password" | "$dir/priemna" user add --db "$db" --email load@example.bg --name Load --role admin >/dev/null
token=$("$dir/priemna" token create --db "$db" --email load@example.bg | tail -1)
"$dir/smtp-sink" --addr 127.0.0.1:18183 --http 127.0.0.1:18184 2>/dev/null &
# The limits a citizen meets are off: one address sends everything here.
"$dir/priemna" serve --db "$db" --smtp 'smtp://127.0.0.1:18183?tls=none' --addr 127.0.0.1:18181 \
	--read-rate 0 --write-rate 100000000 --cap-per-official 0 --cap-overall 0 2>/dev/null >/dev/null &
quiet_dbs=("$db")
"$dir/bare-echo" --addr 127.0.0.1:18182 2>/dev/null &
for _ in $(seq 50); do curl -sf http://127.0.0.1:18181/healthz >/dev/null && curl -sf http://127.0.0.1:18182/ >/dev/null && break; sleep 0.1; done
api() { curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' "$@"; }
api -d '{"slug":"load-test","name":"Натоварване","title":"Тестово длъжностно лице","unit":"stolichna-obshtina","email":"load@example.bg"}' \
	http://127.0.0.1:18181/api/v1/officials >/dev/null
# The same daily rule, begun a month ago (load-test) and ten years ago (load-old).
for o in "load-test $(date -d '-1 month' +%Y%m%d)" "load-old $(date -d '-10 years' +%Y%m%d)"; do
	set -- $o
	[ "$1" = load-old ] && api -d '{"slug":"load-old","name":"Стар график","title":"Тестово длъжностно лице","unit":"stolichna-obshtina","email":"load@example.bg"}' \
		http://127.0.0.1:18181/api/v1/officials >/dev/null
	daily_schedule "http://127.0.0.1:18181/api/v1/officials/$1/schedules" "$2"
done

from=$(date +%F)
to=$(date -d "+60 days" +%F)
# Every open slot of the load-test official, for the booking script.
book_lua "$dir/book.lua" "http://127.0.0.1:18181/api/v1/officials/load-test/slots?from=$from&to=$to" load 0 ',"consent":true'
sed 's#/api/v1/bookings#/#' "$dir/book.lua" >"$dir/bare.lua"
echo "load-test official: $(grep -c '^"' "$dir/book.lua") open slots, 100 seats each"
# The bare booking program works on a copy made before any booking.
"$dir/priemna" backup --db "$db" --to "$dir/bare.db" >/dev/null
"$dir/bare-book" --db "$dir/bare.db" --addr 127.0.0.1:18185 2>/dev/null &
for _ in $(seq 50); do curl -s -o /dev/null http://127.0.0.1:18185/ && break; sleep 0.1; done

# Rule age: a range that moves by a day on every request defeats the
# per-second reuse of slot lists, so each request expands the rule.
for o in load-test load-old; do
	cat >"$dir/slots-$o.lua" <<LUA
counter = 0
request = function()
	counter = counter + 1
	local d = counter % 28
	local path = string.format("/api/v1/officials/$o/slots?from=$(date +%Y-%m)-%02d&to=$(date -d '+1 month' +%Y-%m)-%02d", d + 1, d + 1)
	return wrk.format("GET", path)
end
LUA
	sed "s#\"official\":\"load-test\"#\"official\":\"$o\"#" "$dir/book.lua" >"$dir/book-$o.lua"
done

sent() { curl -sf http://127.0.0.1:18184/; }
for r in $(seq "$rounds"); do
	echo "== round $r of $rounds"
	run bare-get http://127.0.0.1:18182/
	run slots "http://127.0.0.1:18181/api/v1/officials/kmet-triaditsa/slots?from=$from&to=$to"
	run bare-post -s "$dir/bare.lua" http://127.0.0.1:18182
	run bare-book -s "$dir/bare.lua" http://127.0.0.1:18185
	sent0=$(sent)
	run book -s "$dir/book.lua" http://127.0.0.1:18181
	sent1=$(sent)
	echo "$(((sent1 - sent0) / secs))" >>"$(fig mail)"
	echo "  mail sent meanwhile to the SMTP sink: $((sent1 - sent0)) messages, $(((sent1 - sent0) / secs)) a second"
	for o in load-test load-old; do
		run "slots-moving-range-$o" -s "$dir/slots-$o.lua" http://127.0.0.1:18181
	done
	for o in load-test load-old; do
		run "book-$o" -s "$dir/book-$o.lua" http://127.0.0.1:18181
	done
done

ratio() { echo "scale=2; $(median "$1") / $(median "$2")" | bc; }
echo "== medians of $rounds rounds (load-test: a daily rule begun a month ago; load-old: ten years ago)"
echo "slots GET:                  $(median slots) req/s, $(ratio slots bare-get)× bare Echo GET ($(median bare-get))"
echo "booking POST:               $(median book) req/s, $(ratio book bare-book)× bare-book ($(median bare-book)), $(ratio book bare-post)× bare Echo POST ($(median bare-post))"
echo "booking POST p99:           $(median book 2) ms (bare-book $(median bare-book 2) ms)"
echo "mail during booking POST:   $(median mail) messages/s"
echo "rule age, slots (moving):   load-old $(ratio slots-moving-range-load-old slots-moving-range-load-test)× load-test ($(median slots-moving-range-load-old) vs $(median slots-moving-range-load-test) req/s)"
echo "rule age, booking POST:     load-old $(ratio book-load-old book-load-test)× load-test ($(median book-load-old) vs $(median book-load-test) req/s)"
echo "bookings made: $(sqlite3 "$db" "select count(*) from bookings where official_id = (select id from officials where slug = 'load-test')")"
