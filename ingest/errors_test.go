package ingest

import "errors"

func asRowError(err error, re **RowError) bool { return errors.As(err, re) }
