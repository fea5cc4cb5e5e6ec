module github.com/priemna/priemna

go 1.26.8

require (
	github.com/google/uuid v1.6.0
	github.com/mattn/go-sqlite3 v1.14.53
	github.com/rickar/cal/v2 v2.1.13
	github.com/teambition/rrule-go v1.8.2
	golang.org/x/crypto v0.58.0
)

require golang.org/x/sys v0.49.0 // indirect
