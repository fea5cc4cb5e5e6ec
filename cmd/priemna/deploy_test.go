package main

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// tool finds a program the test needs: missing, the test is skipped,
// except in CI, which installs it (.ci/run).
func tool(t *testing.T, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI: %s is missing; .ci/run installs it", name)
		}
		t.Skipf("%s is not installed (Debian: see .ci/run)", name)
	}
	return path
}

// TestSystemdUnitVerifies runs systemd-analyze verify on deploy/priemna.service,
// with ExecStart and EnvironmentFile pointed at files that exist here. It
// warns about a bad value without failing, so any output fails the test.
func TestSystemdUnitVerifies(t *testing.T) {
	analyze := tool(t, "systemd-analyze")
	unit, err := os.ReadFile("../../deploy/priemna.service")
	must(t, err)
	self, err := os.Executable()
	must(t, err)
	env, _ := filepath.Abs("../../deploy/priemna.env")
	text := string(unit)
	for _, want := range []string{"\nUser=priemna\n", "\nStateDirectory=priemna\n", "\nProtectSystem=strict\n", "\nNoNewPrivileges=yes\n",
		"\nEnvironmentFile=/etc/priemna/priemna.env\n", "\nExecStart=/usr/local/bin/priemna serve\n"} {
		if !strings.Contains(text, want) {
			t.Errorf("the unit lacks %q", strings.TrimSpace(want))
		}
	}
	text = strings.ReplaceAll(text, "/usr/local/bin/priemna", self)
	text = strings.ReplaceAll(text, "/etc/priemna/priemna.env", env)
	path := filepath.Join(t.TempDir(), "priemna.service")
	must(t, os.WriteFile(path, []byte(text), 0o644))
	out, err := exec.Command(analyze, "verify", path).CombinedOutput()
	if err != nil || len(out) > 0 {
		t.Fatalf("systemd-analyze verify: %v\n%s", err, out)
	}
}

// TestEnvironmentFileIsAccepted: every variable in deploy/priemna.env
// parses (serve would refuse a bad one).
func TestEnvironmentFileIsAccepted(t *testing.T) {
	data, err := os.ReadFile("../../deploy/priemna.env")
	must(t, err)
	var e env
	for _, line := range strings.Split(string(data), "\n") {
		name, value, ok := strings.Cut(line, "=")
		if !ok || strings.HasPrefix(line, "#") {
			continue
		}
		t.Setenv(name, value)
		switch name {
		case "PRIEMNA_TRUST_PROXY":
			if !e.Bool(name, false) {
				t.Errorf("%s is not true", name)
			}
		}
	}
	must(t, e.Err())
	if err := checkAddr(os.Getenv("PRIEMNA_ADDR"), os.Getenv("PRIEMNA_BASE_URL")); err != nil {
		t.Error(err)
	}
}

// TestNginxExampleKeepsTheRateLimitPerClient runs nginx with the proxy
// settings of deploy/nginx.conf in front of serve --trust-proxy: a client
// that sends its own X-Forwarded-For cannot pass for many clients, so the
// per-address limit still holds; /metrics is not served through it.
func TestNginxExampleKeepsTheRateLimitPerClient(t *testing.T) {
	nginx := tool(t, "nginx")
	s := startServer(t, "--trust-proxy", "--write-rate", "2")
	conf, err := os.ReadFile("../../deploy/nginx.conf")
	must(t, err)
	// The locations of the HTTPS server, pointed at the test's serve.
	locations := regexp.MustCompile(`(?s)\tlocation = /metrics \{.*?\n\t\}\n\n\tlocation / \{.*?\n\t\}\n`).Find(conf)
	if locations == nil {
		t.Fatal("no locations in deploy/nginx.conf")
	}
	proxied := strings.Replace(string(locations), "proxy_pass http://127.0.0.1:8080;", "proxy_pass "+s.url+";", 1)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	must(t, err)
	addr := ln.Addr().String()
	ln.Close()
	dir := t.TempDir()
	full := fmt.Sprintf(`daemon off;
master_process off;
pid %[1]s/nginx.pid;
error_log %[1]s/error.log;
events {}
http {
	access_log off;
	client_body_temp_path %[1]s/body;
	proxy_temp_path %[1]s/proxy;
	fastcgi_temp_path %[1]s/fastcgi;
	uwsgi_temp_path %[1]s/uwsgi;
	scgi_temp_path %[1]s/scgi;
	server {
		listen %[2]s;
%[3]s	}
}
`, dir, addr, proxied)
	confPath := filepath.Join(dir, "nginx.conf")
	must(t, os.WriteFile(confPath, []byte(full), 0o644))
	if out, err := exec.Command(nginx, "-t", "-p", dir, "-c", confPath).CombinedOutput(); err != nil {
		t.Fatalf("nginx -t: %v\n%s", err, out)
	}
	cmd := exec.Command(nginx, "-p", dir, "-c", confPath)
	must(t, cmd.Start())
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	// nginx says nothing when it is ready: try its port until it answers.
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			b, _ := os.ReadFile(filepath.Join(dir, "error.log"))
			t.Fatalf("nginx did not start: %v\n%s", err, b)
		}
		time.Sleep(20 * time.Millisecond)
	}

	statuses := []int{}
	for i := range 3 {
		req, _ := http.NewRequest("POST", "http://"+addr+"/api/v1/bookings/"+fakeToken(i)+"/cancel", nil)
		req.Header.Set("X-Forwarded-For", fmt.Sprintf("203.0.113.%d", i+1))
		resp, err := http.DefaultClient.Do(req)
		must(t, err)
		resp.Body.Close()
		statuses = append(statuses, resp.StatusCode)
	}
	if statuses[0] == 429 || statuses[1] == 429 || statuses[2] != 429 {
		t.Errorf("through nginx, with a new X-Forwarded-For each time: %v, want the third refused", statuses)
	}
	resp, err := http.Get("http://" + addr + "/metrics")
	must(t, err)
	resp.Body.Close()
	if resp.StatusCode != 404 {
		t.Errorf("/metrics through nginx: %d", resp.StatusCode)
	}
	resp, err = http.Get("http://" + addr + "/healthz")
	must(t, err)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("/healthz through nginx: %d", resp.StatusCode)
	}
}
