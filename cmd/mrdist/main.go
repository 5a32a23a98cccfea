// Command mrdist checks a release binary of microrisk (make dist): that it
// will start on the users' machines, and that it works there.
//
//	mrdist [-exec WRAPPER] [-glibc 2.17] [-work DIR] BINARY
//
// It reads BINARY's ELF headers: a static binary (no interpreter, no shared
// library) passes; a dynamic one passes only if every GLIBC symbol version
// it needs is at most -glibc and it needs no libstdc++ newer than CentOS 7's
// (GLIBCXX_3.4.19, CXXABI_1.3.7). Then it runs `BINARY demo` in a fresh
// folder (through WRAPPER, e.g. qemu-aarch64-static, if given) and checks
// that the reports were written. Exit status 1 names what failed.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "mrdist:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("mrdist", flag.ContinueOnError)
	wrapper := fs.String("exec", "", "run the binary through this `program` (e.g. qemu-aarch64-static)")
	glibc := fs.String("glibc", "2.17", "the oldest glibc the binary must start on")
	work := fs.String("work", "", "folder for the demo (default: a new temporary folder, removed after)")
	profile := fs.String("profile", "chengdu", "the demo's generator profile")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("usage: mrdist [-exec WRAPPER] [-glibc 2.17] BINARY")
	}
	bin := fs.Arg(0)
	req, err := ReadRequirements(bin)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "%s: %s\n", bin, req)
	if err := req.Check(*glibc); err != nil {
		return fmt.Errorf("%s: %w", bin, err)
	}
	dir := *work
	if dir == "" {
		if dir, err = os.MkdirTemp("", "mrdist"); err != nil {
			return err
		}
		defer os.RemoveAll(dir)
	}
	start := time.Now()
	if err := RunDemo(ctx, bin, *wrapper, *profile, dir, out); err != nil {
		return err
	}
	how := ""
	if *wrapper != "" {
		how = " under " + *wrapper
	}
	fmt.Fprintf(out, "%s: demo --profile %s ran%s in %.1fs and wrote its reports\n", bin, *profile, how, time.Since(start).Seconds())
	return nil
}

// quote joins args for a message.
func quote(args []string) string { return strings.Join(args, " ") }
