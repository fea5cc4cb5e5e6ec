# Priemna — make run serves demo data; make test runs every test.
GO          ?= go
VERSION     ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
STATICCHECK ?= honnef.co/go/tools/cmd/staticcheck@v0.8.2
DB          ?= ./priemna.db
MAIL_DIR    ?= ./mail-out
# go-sqlite3 and the race detector need cgo.
export CGO_ENABLED = 1
# The approved Go release, fetched through the module proxy: a machine's own
# Go ignores a toolchain line in go.mod, so it is named here.
export GOTOOLCHAIN = go1.27.3

CHROMIUM    ?= /usr/bin/chromium

.PHONY: build build-e2e run test test-go e2e lint bench bigdb load soak fuzz clean

build:
	$(GO) build -ldflags "-X main.version=$(VERSION)" -o bin/priemna ./cmd/priemna

# The browser tests' build: the release one plus the clock they move through
# PRIEMNA_CLOCK_FILE, which only -tags testclock compiles in.
build-e2e:
	$(GO) build -tags testclock -ldflags "-X main.version=$(VERSION)" -o bin/priemna-e2e ./cmd/priemna

run: build
	./bin/priemna serve --demo --db $(DB) --mail-dir $(MAIL_DIR)

# Every test: Go's, then the browser's. Without Chromium the browser tests
# are skipped with a notice — but never in CI, which installs it (.ci/run).
test: test-go
	@if [ -x $(CHROMIUM) ]; then $(MAKE) --no-print-directory e2e; \
	elif [ -n "$$CI" ]; then echo "CI: $(CHROMIUM) is missing; the browser tests must run"; exit 1; \
	else echo "*** browser tests skipped: no $(CHROMIUM) (apt-get install --no-install-recommends chromium; then make e2e)"; fi

test-go:
	$(GO) test -race -count=1 -timeout 30m ./...
	$(GO) test -race -count=1 -tags testclock -run FileClock ./cmd/priemna

# Journeys and the accessibility audit in headless Chromium (e2e/README.md).
e2e: build-e2e
	cd e2e && npm ci --no-audit --no-fund --loglevel=error && CHROMIUM=$(CHROMIUM) PRIEMNA_BIN=$(CURDIR)/bin/priemna-e2e npm test

lint:
	$(GO) vet ./...
	$(GO) vet -tags testclock ./cmd/priemna
	$(GO) run $(STATICCHECK) ./...
	@test -z "$$(gofmt -l .)" || { echo "gofmt needed:"; gofmt -l .; exit 1; }

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

# A database such as years of use leave, for benchmarks and make load:
# BIG_OFFICIALS officials with BIG_YEARS years of reception days and
# BIG_BOOKINGS past bookings (smaller for a quick run: BIG_BOOKINGS=100000).
BIGDB         ?= ./big.db
BIG_BOOKINGS  ?= 1000000
BIG_OFFICIALS ?= 200
BIG_YEARS     ?= 5
bigdb: build
	./bin/priemna bigdb --db $(BIGDB) --bookings $(BIG_BOOKINGS) --officials $(BIG_OFFICIALS) --years $(BIG_YEARS)

# Slots endpoint under wrk next to a bare Echo handler (apt-get install wrk).
LOADSECS ?= 10
load:
	scripts/load.sh $(LOADSECS)

# The crash and rush tests at length: SIGKILL CRASH_ROUNDS times, and
# RUSH_CLIENTS clients at once on six seats.
CRASH_ROUNDS ?= 100
RUSH_CLIENTS ?= 2000
soak:
	PRIEMNA_CRASH_ROUNDS=$(CRASH_ROUNDS) PRIEMNA_RUSH_CLIENTS=$(RUSH_CLIENTS) \
		$(GO) test -race -count=1 -timeout 60m -v -run '^(TestCrashLosesNoAcknowledgedBooking|TestRushThroughHTTP)$$' ./cmd/priemna

# Longer fuzzing than the seed corpus make test runs.
FUZZTIME ?= 60s
fuzz:
	$(GO) test -run '^$$' -fuzz FuzzParseRule -fuzztime $(FUZZTIME) ./calendar
	$(GO) test -run '^$$' -fuzz FuzzEncodeICSRoundTrip -fuzztime $(FUZZTIME) ./calendar
	$(GO) test -run '^$$' -fuzz FuzzBookRequestValidate -fuzztime $(FUZZTIME) ./booking/sqlite
	$(GO) test -run '^$$' -fuzz FuzzNormalizeReference -fuzztime $(FUZZTIME) ./booking/sqlite
	$(GO) test -run '^$$' -fuzz FuzzMailHeaders -fuzztime $(FUZZTIME) ./notify
	$(GO) test -run '^$$' -fuzz FuzzBookFormDecode -fuzztime $(FUZZTIME) ./web

clean:
	rm -rf bin
