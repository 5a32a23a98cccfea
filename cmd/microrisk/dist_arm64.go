//go:build microrisk_static && linux && arm64

package main

// The static linux/arm64 release binary needs glibc's GOT slots first
// (see internal/gotfirst); make dist builds with the tag microrisk_static.
import _ "github.com/microrisk/microrisk/internal/gotfirst"
