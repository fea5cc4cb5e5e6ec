package main

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// env reads flag defaults from the environment strictly: a value that does
// not parse is remembered and stops the command with a message naming the
// variable, instead of quietly falling back to the default.
type env struct{ errs []error }

func (e *env) lookup(name string) (string, bool) {
	v, ok := os.LookupEnv(name)
	return strings.TrimSpace(v), ok && strings.TrimSpace(v) != ""
}

func (e *env) fail(name, value, expects string) {
	e.errs = append(e.errs, fmt.Errorf("%s=%q: expected %s", name, value, expects))
}

// String returns the variable, or def when it is unset or empty.
func (e *env) String(name, def string) string {
	if v, ok := os.LookupEnv(name); ok && v != "" {
		return v
	}
	return def
}

// parsed returns the variable as parse reads it, or def when it is unset
// or empty; a value parse refuses (ok false) is remembered, with what was
// expected, and def returned.
func parsed[T any](e *env, name string, def T, expects string, parse func(string) (T, bool)) T {
	v, ok := e.lookup(name)
	if !ok {
		return def
	}
	x, ok := parse(v)
	if !ok {
		e.fail(name, v, expects)
		return def
	}
	return x
}

// Int returns the variable as a whole number of 0 or more.
func (e *env) Int(name string, def int) int {
	return parsed(e, name, def, "a whole number of 0 or more, e.g. "+strconv.Itoa(def), func(v string) (int, bool) {
		n, err := strconv.Atoi(v)
		return n, err == nil && n >= 0
	})
}

// Duration returns the variable as a Go duration with a unit.
func (e *env) Duration(name string, def time.Duration) time.Duration {
	return parsed(e, name, def, "a duration with its unit, e.g. "+fmtDuration(def)+" (s, m or h)", func(v string) (time.Duration, bool) {
		d, err := time.ParseDuration(v)
		return d, err == nil && d >= 0
	})
}

// Bool returns the variable as true/false, 1/0 or yes/no in any case.
func (e *env) Bool(name string, def bool) bool {
	return parsed(e, name, def, "true or false (also 1/0, yes/no)", func(v string) (bool, bool) {
		b, err := parseBool(v)
		return b, err == nil
	})
}

// Err reports every variable that did not parse.
func (e *env) Err() error { return errors.Join(e.errs...) }

func parseBool(v string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "true", "1", "yes":
		return true, nil
	case "false", "0", "no":
		return false, nil
	}
	return false, fmt.Errorf("not a boolean: %q", v)
}

// boolFlag is a flag.Value taking the same spellings as the environment.
type boolFlag struct{ v *bool }

func (b boolFlag) String() string {
	if b.v == nil {
		return "false"
	}
	return strconv.FormatBool(*b.v)
}
func (b boolFlag) Set(s string) error {
	v, err := parseBool(s)
	if err != nil {
		return errors.New("expected true or false (also 1/0, yes/no)")
	}
	*b.v = v
	return nil
}
func (b boolFlag) IsBoolFlag() bool { return true }

// fmtDuration writes 10m0s as 10m.
func fmtDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
