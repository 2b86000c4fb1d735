package moto

import (
	"bufio"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A test process killed without its cleanup (go test's timeout, make test stopping at a failed
// check) takes its moto server with it. The helper run of this test starts a server, prints its
// address and waits to be killed.
func TestMotoDiesWithTheTestThatStartedIt(t *testing.T) {
	if os.Getenv("MOTO_DEATH_HELPER") == "1" {
		m, err := StartMoto(filepath.Join(os.Getenv("MOTO_DEATH_DIR"), "moto.log"))
		if err != nil {
			t.Fatal(err)
		}
		fmt.Println("URL " + m.URL)
		time.Sleep(5 * time.Minute)
		return
	}
	if err := Available(); err != nil {
		t.Skipf("Skipping: %v", err)
	}
	helper := exec.Command(os.Args[0], "-test.run=^TestMotoDiesWithTheTestThatStartedIt$", "-test.timeout=6m")
	helper.Env = append(os.Environ(), "MOTO_DEATH_HELPER=1", "MOTO_DEATH_DIR="+t.TempDir())
	out, err := helper.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := helper.Start(); err != nil {
		t.Fatal(err)
	}
	var address string
	lines := bufio.NewScanner(out)
	for lines.Scan() {
		if u, ok := strings.CutPrefix(lines.Text(), "URL "); ok {
			parsed, err := url.Parse(u)
			if err != nil {
				t.Fatal(err)
			}
			address = parsed.Host
			break
		}
	}
	if address == "" {
		_ = helper.Process.Kill()
		t.Fatalf("the helper printed no moto address: %v", helper.Wait())
	}
	if conn, err := net.Dial("tcp", address); err != nil {
		t.Fatalf("moto is not answering on %s while the helper runs: %v", address, err)
	} else {
		_ = conn.Close()
	}
	_ = helper.Process.Kill() // SIGKILL: no cleanup runs
	_ = helper.Wait()
	deadline := time.Now().Add(10 * time.Second)
	for {
		conn, err := net.Dial("tcp", address)
		if err != nil {
			return
		}
		_ = conn.Close()
		if time.Now().After(deadline) {
			t.Fatalf("moto still answers on %s 10 s after the test that started it was killed", address)
		}
		time.Sleep(200 * time.Millisecond)
	}
}
