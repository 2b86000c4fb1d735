// Command bridgectl is the operator's CLI for BaseMachina Bridge stacks: cost, cert, doctor, seed.
package main

import (
	"context"
	"os"
	"os/signal"

	"terraform-basemachina-modules/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := cli.Run(ctx, os.Args[1:], cli.IO{Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv})
	stop()
	os.Exit(code)
}
