package main

import (
	"bufio"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
)

// buildPriemna builds this command, with the build flags given (such as
// "-tags", "testclock"), into the file bin and returns bin. Under -short
// it skips the test instead: the tests that need a binary of their own
// are the slow ones.
func buildPriemna(t *testing.T, bin string, flags ...string) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the priemna binary")
	}
	args := append(append([]string{"build"}, flags...), "-o", bin, ".")
	if out, err := exec.Command("go", args...).CombinedOutput(); err != nil {
		t.Fatalf("build %s: %v\n%s", bin, err, out)
	}
	return bin
}

// startKillable starts cmd, a priemna serve prepared by the caller, as a
// child process; it returns the URL the child listens on (read from the
// first line it prints) and a function that kills it with SIGKILL and
// waits for it, also run when the test ends.
func startKillable(t *testing.T, cmd *exec.Cmd) (string, func()) {
	t.Helper()
	out, err := cmd.StdoutPipe()
	must(t, err)
	must(t, cmd.Start())
	var once sync.Once
	stop := func() {
		once.Do(func() {
			cmd.Process.Signal(syscall.SIGKILL)
			cmd.Wait()
		})
	}
	t.Cleanup(stop)
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || !strings.Contains(line, "listening on ") {
		stop()
		t.Fatalf("serve did not start: %q %v", line, err)
	}
	return strings.Fields(line[strings.Index(line, "listening on ")+len("listening on "):])[0], stop
}
