// Command microrisk is the batch engine that scores grassroots units for
// micro-corruption risk: generate, ingest, score, plan, report, export.
//
// main stays thin: it parses the subcommand, wires the logger and maps the
// error to an exit code (0 success, 1 failure, 2 bad usage).
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"syscall"

	"github.com/microrisk/microrisk/ingest/privacy"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(err, os.Stderr))
}

// exitCode reports err on w and maps it to the process exit code.
func exitCode(err error, w io.Writer) int {
	if err == nil || errors.Is(err, errHelp) {
		return 0
	}
	// No message shows a resident ID number: a file's name, a header or a
	// value quoted by an error is masked.
	msg := privacy.MaskIDs(err.Error())
	var ue usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(w, "microrisk: %s\n", msg)
		return 2
	}
	fmt.Fprintf(w, "microrisk: %s\n", msg)
	return 1
}

// run executes one invocation of the command line.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		printUsage(stdout)
		if len(args) == 0 {
			return usageError{errors.New("no command given")}
		}
		return nil
	}
	cmd, ok := commands[args[0]]
	if !ok {
		printUsage(stderr)
		return usageError{fmt.Errorf("unknown command %q", args[0])}
	}
	return cmd.run(ctx, &env{stdout: stdout, stderr: stderr}, args[1:])
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "usage: microrisk <command> [flags]\n\ncommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "\nRun 'microrisk <command> -h' for a command's flags.")
}
