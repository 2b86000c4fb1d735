//go:build !linux

package moto

import "syscall"

// serverProcAttr: its own process group; only Linux can tie the server's life to the test's.
func serverProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true}
}
