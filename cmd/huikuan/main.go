// Command huikuan is the collections workbench: see README.md.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"

	_ "time/tzdata" // Asia/Shanghai on machines without zoneinfo

	"huikuan/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	// HUIKUAN_CPUPROFILE=FILE profiles a whole command, for looking into
	// the figures of docs/BENCHMARKS.md (go tool pprof FILE).
	if path := os.Getenv("HUIKUAN_CPUPROFILE"); path != "" {
		if f, err := os.Create(path); err != nil {
			fmt.Fprintln(os.Stderr, "huikuan: HUIKUAN_CPUPROFILE:", err)
		} else if err := pprof.StartCPUProfile(f); err == nil {
			defer f.Close()
			defer pprof.StopCPUProfile()
		}
	}
	code := cli.Run(ctx, os.Args[1:], cli.IO{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Progress: os.Stderr}, os.Getenv)
	stop()
	if code != 0 {
		pprof.StopCPUProfile()
		os.Exit(code)
	}
}
