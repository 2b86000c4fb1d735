package moto

import "syscall"

// serverProcAttr: its own process group, and SIGKILL when the thread that started it ends. Go
// does not end a thread that runs no locked goroutine, so in practice that is the test process's
// end (the Pdeathsig caveat of golang/go#27505).
func serverProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}
