// Command priemna books citizens into the reception days of municipal
// officials. See README.md for the subcommands and their flags.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	app := &App{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr}
	now, err := envClock()
	if err != nil {
		fmt.Fprintln(os.Stderr, "priemna:", err)
		os.Exit(2)
	}
	app.Now = now
	if err := app.Run(ctx, os.Args[1:]); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "priemna:", err)
		}
		os.Exit(2)
	}
}
