// Command dangvien keeps the members of the party organisations of a
// province and serves them over HTTP. See `dangvien help`.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"dangvien/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := cli.Run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "Lỗi:", err)
		os.Exit(1)
	}
}
