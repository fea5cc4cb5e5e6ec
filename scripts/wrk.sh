# Shared by the load scripts (load.sh, size.sh, replicas.sh): sourced, not
# run. Each expects $dir (a scratch folder) and, for run, $secs.

# book_lua FILE SLOTS_URL [PREFIX] [COUNTER] [EXTRA]: a wrk script that
# books the load-test official's slots, those the slots query SLOTS_URL
# lists, spread over them in a fixed order; the citizens' addresses are
# PREFIX<n>@example.bg (default load), n counting from COUNTER (default 0,
# so that replicas start at different points of the order, as citizens
# spread over slots do); EXTRA ends the JSON body.
book_lua() {
	{
		echo 'starts = {'
		curl -sf "$2" | grep -o '"start":"[^"]*"' | sed 's/"start":\("[^"]*"\),*/\1,/'
		echo '}'
		cat <<LUA
threads = 0
setup = function(thread)
	threads = threads + 1
	thread:set("id", threads)
end
run = os.time()
counter = ${4:-0}
request = function()
	counter = counter + 1
	local start = starts[(counter * 7919) % #starts + 1]
	local body = string.format('{"official":"load-test","start":"%s","name":"Нагрузъчен Тест","email":"${3:-load}%d.%d.%d@example.bg","topic":"Натоварване на системата"${5:-}}', start, run, id or 0, counter)
	return wrk.format("POST", "/api/v1/bookings", {["Content-Type"] = "application/json"}, body)
end
LUA
	} >"$1"
}

# daily_schedule URL YYYYMMDD: posts to URL (an official's schedules, through
# the caller's api function) a daily rule begun that day: 08:00 to 20:00,
# ten-minute slots of 100 seats, open 60 days ahead, to the last moment.
daily_schedule() {
	api -d "{\"rule\":\"DTSTART;TZID=Europe/Sofia:${2}T080000\\nRRULE:FREQ=DAILY\",\"duration_minutes\":720,\"slot_minutes\":10,\"capacity\":100,\"location\":\"зала 1\",\"booking_opens_days\":60,\"booking_closes_hours\":0,\"observe_holidays\":false}" "$1" >/dev/null
}

# fig NAME: the file, in $dir, that keeps a figure's measurements.
fig() { printf '%s/fig-%s' "$dir" "$(printf '%s' "$1" | tr -c 'A-Za-z0-9' '_')"; }

# drained DB…: waits until no letter is due in the outbox of any of the
# SQLite databases (the query of priemna_outbox_waiting): the servers have
# sent what earlier runs queued. A server still working off the last run's
# letters takes the CPU from the next run, of another server or its own.
drained() {
	local db
	for db in "$@"; do
		until [ "$(sqlite3 "$db" "SELECT COUNT(*) FROM outbox WHERE status IN ('pending', 'sending') AND due_at <= strftime('%s', 'now')")" = 0 ]; do
			sleep 0.2
		done
	done
}

# quiet_dbs: the SQLite databases of the servers under test; run waits
# until they are drained.
quiet_dbs=()

# run NAME wrk-arguments…: one measurement, printed (the name in WIDTH
# columns, default 34) and kept for median; it starts once quiet_dbs are
# drained.
run() {
	local name=$1 out rps p99
	shift
	drained "${quiet_dbs[@]}"
	out=$(wrk -t2 -c32 -d"${secs}s" --latency "$@")
	rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
	p99=$(echo "$out" | awk '$1 == "99%" {v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v)
		print (u == "us") ? v / 1000 : (u == "s") ? v * 1000 : (u == "m") ? v * 60000 : v}')
	echo "$rps $p99" >>"$(fig "$name")"
	printf "  %-${WIDTH:-34}s %10s req/s  p99 %8s ms%s\n" "$name" "$rps" "$p99" "$(echo "$out" | grep -E 'Non-2xx|Socket errors' | tr -s ' ' | sed 's/^/  /' | tr '\n' ' ')"
}

# median NAME [column]: the median of a figure over the rounds (column 1
# requests a second, 2 the 99th percentile in ms).
median() { awk -v c="${2:-1}" '{print $c}' "$(fig "$1")" | sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
