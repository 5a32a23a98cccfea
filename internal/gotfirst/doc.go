// Package gotfirst lets the release binary for linux/arm64 link statically
// against glibc. It holds no Go code: only gotfirst_arm64.S, assembled into
// the binary when it is built with the tag microrisk_static (make dist).
//
// Debian's static glibc for aarch64 (libc.a, libm.a) is compiled with
// -fpic, whose GOT loads (R_AARCH64_LD64_GOTPAGE_LO15) reach only the first
// 32 KiB of the global offset table: 4,096 slots. DuckDB's objects bring
// some 8,300 GOT slots of their own, and they are linked before libc, so
// glibc's slots land past the reach of its own loads. GNU ld and gold stop
// with "relocation truncated to fit" / "relocation overflow"; lld (14 and
// 19) silently truncates the offset, and the binary dies at start-up
// ("Unexpected reloc type in static binary").
//
// lld hands out GOT slots in the order it reads relocations, object by
// object, in link order; cgo objects come before any archive. The assembly
// file makes a weak GOT reference to each of the 162 symbols that libc.a
// and libm.a reach through such loads (weak: it pulls nothing extra out of
// the archives), so they take the first slots, in reach. It is generated
// from the toolchain's own libc.a by scripts/gotfirst.sh; scripts/dist.sh
// checks that it still matches the toolchain before linking, and runs the
// linked binary under qemu-user once, since lld would not report a miss.
package gotfirst
