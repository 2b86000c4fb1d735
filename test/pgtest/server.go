// Package pgtest starts a throwaway PostgreSQL server on loopback for tests.
package pgtest

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// Server is a running throwaway PostgreSQL server.
type Server struct {
	Port int
	bin  string
	dir  string
	asPG bool // commands run as the postgres user (initdb refuses to run as root)
}

// binDir finds the server binaries, preferring PostgreSQL 15.
func binDir() (string, error) {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Sort(sort.Reverse(sort.StringSlice(dirs)))
	for _, d := range append([]string{"/usr/lib/postgresql/15/bin"}, dirs...) {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d, nil
		}
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p), nil
	}
	return "", fmt.Errorf("no PostgreSQL server binaries (initdb) under /usr/lib/postgresql/*/bin or on PATH; install postgresql-15")
}

// Start initialises and starts a server, and stops it when the test ends. Without server binaries
// the test is skipped with a message, except in CI, where it fails.
func Start(t *testing.T) *Server {
	t.Helper()
	bin, err := binDir()
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal(err)
		}
		t.Skipf("skipping: %v", err)
	}
	s := &Server{bin: bin, asPG: os.Geteuid() == 0}
	// The data directory must be reachable by the postgres user, so not inside a root-only temp dir.
	s.dir, err = os.MkdirTemp("/tmp", "bridge-pgtest-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(s.dir) })
	if s.asPG {
		u, err := user.Lookup("postgres")
		if err != nil {
			t.Fatalf("running as root needs the postgres user to run initdb: %v", err)
		}
		if out, err := exec.Command("chown", "-R", u.Username+":", s.dir).CombinedOutput(); err != nil {
			t.Fatalf("chown %s: %v\n%s", s.dir, err, out)
		}
	}
	s.Port = freePort(t)
	data := filepath.Join(s.dir, "data")
	if out, err := s.command("initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync").CombinedOutput(); err != nil {
		t.Fatalf("initdb: %v\n%s", err, out)
	}
	opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off", s.Port, s.dir)
	if out, err := s.command("pg_ctl", "-D", data, "-o", opts, "-l", filepath.Join(s.dir, "server.log"), "-w", "-t", "30", "start").CombinedOutput(); err != nil {
		log, _ := os.ReadFile(filepath.Join(s.dir, "server.log"))
		t.Fatalf("pg_ctl start: %v\n%s\n%s", err, out, log)
	}
	t.Cleanup(func() {
		_ = s.command("pg_ctl", "-D", data, "-m", "immediate", "-w", "stop").Run()
	})
	return s
}

func (s *Server) command(name string, args ...string) *exec.Cmd {
	path := filepath.Join(s.bin, name)
	if s.asPG {
		return exec.Command("runuser", append([]string{"-u", "postgres", "--", path}, args...)...)
	}
	return exec.Command(path, args...)
}

// PSQL runs psql against the server's postgres database and returns its output.
func (s *Server) PSQL(args ...string) (string, error) {
	psql := filepath.Join(s.bin, "psql")
	if _, err := os.Stat(psql); err != nil {
		psql = "psql"
	}
	base := []string{"-h", "127.0.0.1", "-p", fmt.Sprint(s.Port), "-U", "postgres", "-d", "postgres", "-X", "-q", "-v", "ON_ERROR_STOP=1"}
	cmd := exec.Command(psql, append(base, args...)...)
	cmd.Env = append(os.Environ(), "PGCONNECT_TIMEOUT=10")
	out, err := cmd.CombinedOutput()
	if err != nil {
		return string(out), fmt.Errorf("psql %s: %w\n%s", strings.Join(args, " "), err, out)
	}
	return string(out), nil
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	// Give the kernel a moment to release the port before the server binds it.
	time.Sleep(10 * time.Millisecond)
	return port
}
