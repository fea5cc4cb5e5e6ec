# Priemna — make run serves demo data; make test runs every test.
GO          ?= go
VERSION     ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
STATICCHECK ?= honnef.co/go/tools/cmd/staticcheck@v0.8.2
DB          ?= ./priemna.db
MAIL_DIR    ?= ./mail-out
# go-sqlite3 and the race detector need cgo.
export CGO_ENABLED = 1

.PHONY: build run test lint bench load fuzz clean

build:
	$(GO) build -ldflags "-X main.version=$(VERSION)" -o bin/priemna ./cmd/priemna

run: build
	./bin/priemna serve --demo --db $(DB) --mail-dir $(MAIL_DIR)

test:
	$(GO) test -race -count=1 ./...

lint:
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...
	@test -z "$$(gofmt -l .)" || { echo "gofmt needed:"; gofmt -l .; exit 1; }

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

# Slots endpoint under wrk next to a bare Echo handler (apt-get install wrk).
LOADSECS ?= 10
load:
	scripts/load.sh $(LOADSECS)

# Longer fuzzing than the seed corpus make test runs.
FUZZTIME ?= 60s
fuzz:
	$(GO) test -run '^$$' -fuzz FuzzParseRule -fuzztime $(FUZZTIME) ./calendar
	$(GO) test -run '^$$' -fuzz FuzzEncodeICSRoundTrip -fuzztime $(FUZZTIME) ./calendar
	$(GO) test -run '^$$' -fuzz FuzzBookRequestValidate -fuzztime $(FUZZTIME) ./booking/sqlite
	$(GO) test -run '^$$' -fuzz FuzzNormalizeReference -fuzztime $(FUZZTIME) ./booking/sqlite

clean:
	rm -rf bin
