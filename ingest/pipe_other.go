//go:build !unix

package ingest

import (
	"errors"
	"os"
)

// makePipe fails: there are no named pipes here, so CSV files are copied.
func makePipe(string) error { return errors.ErrUnsupported }

func tryOpenPipe(string) (*os.File, error) { return nil, errors.ErrUnsupported }
