package moto

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"syscall"
	"time"
)

// Available says why moto cannot run on this machine, or returns nil.
func Available() error {
	if out, err := exec.Command("python3", "-c", "import moto.server").CombinedOutput(); err != nil {
		return fmt.Errorf("python3 cannot import moto.server (the machine image ships moto 5.2.1 in its Python 3.11): %w %s", err, out)
	}
	return nil
}

// serverCommand is moto_server when it is on PATH, else the same server through python3 -m.
func serverCommand(port int) *exec.Cmd {
	if _, err := exec.LookPath("moto_server"); err == nil {
		return exec.Command("moto_server", "-H", "127.0.0.1", "-p", strconv.Itoa(port))
	}
	return exec.Command("python3", "-m", "moto.server", "-H", "127.0.0.1", "-p", strconv.Itoa(port))
}

// Moto is a running moto server.
type Moto struct {
	URL string
	cmd *exec.Cmd
}

// StartMoto starts moto_server on a free loopback port and waits until it answers. Its output goes
// to logPath. The server runs in its own process group so Stop also ends the Python child the
// pyenv shim starts, and dies with the test process that started it (serverProcAttr): a test
// killed by its timeout, or make test stopped at a failed check, left its servers running.
func StartMoto(logPath string) (*Moto, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	defer func() { _ = logFile.Close() }()
	cmd := serverCommand(port)
	cmd.Env = append(os.Environ(),
		// AWS managed policies (ReadOnlyAccess, the RDS monitoring role) exist, as in a real account.
		"MOTO_IAM_LOAD_MANAGED_POLICIES=true",
		// Services report their desired count running, so wait_for_steady_state returns.
		"MOTO_ECS_SERVICE_RUNNING=1",
	)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.SysProcAttr = serverProcAttr()
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start moto_server: %w", err)
	}
	m := &Moto{URL: fmt.Sprintf("http://127.0.0.1:%d", port), cmd: cmd}
	probe := newUpstream(m.URL, "")
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if req, err := probe.request(context.Background(), http.MethodGet, "/moto-api/", nil); err == nil {
			if _, _, err := probe.send(req); err == nil {
				return m, nil
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	m.Stop()
	return nil, fmt.Errorf("moto_server did not answer on %s within 60s; see %s", m.URL, logPath)
}

// Stop ends the server and its children.
func (m *Moto) Stop() {
	if m == nil || m.cmd.Process == nil {
		return
	}
	pgid := m.cmd.Process.Pid
	_ = syscall.Kill(-pgid, syscall.SIGTERM)
	done := make(chan struct{})
	go func() { _ = m.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		_ = syscall.Kill(-pgid, syscall.SIGKILL)
		<-done
	}
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("find a free port: %w", err)
	}
	defer func() { _ = l.Close() }()
	return l.Addr().(*net.TCPAddr).Port, nil
}
