//go:build microrisk_static && linux && arm64

package gotfirst

// Importing C makes cgo assemble gotfirst_arm64.S with the C toolchain.

import "C"
