#!/usr/bin/env bash
# Builds the release binaries into dist/: fully static (glibc, libstdc++ and
# libgcc linked in), stripped, for machines with any glibc and no network.
#
#   scripts/dist.sh amd64      dist/microrisk-linux-amd64 (host gcc; needs only
#                              what `make build` needs, plus glibc's libc.a)
#   scripts/dist.sh arm64      dist/microrisk-linux-arm64 (Debian: apt-get install
#                              gcc-aarch64-linux-gnu g++-aarch64-linux-gnu lld;
#                              qemu-user-static to check it runs)
#   scripts/dist.sh sums       dist/SHA256SUMS of the binaries present
#
# Exit status 3 means "cannot build here" (a missing toolchain or static
# library), with the reason on stderr; any other failure is an error.
# README.md ("Carrying the binary to a machine with no network") and
# NOTES.md ("Release binaries") say why static, and how it is checked.
set -euo pipefail
cd "$(dirname "$0")/.."
GO=${GO:-go}
out=dist
mkdir -p "$out"

# The same tags as the Makefile's GOFLAGS, so that only the link differs
# from `make build` and the build cache is shared; microrisk_static adds
# internal/gotfirst on linux/arm64.
tags=duckdb_arrow,microrisk_static

cannot() {
  echo "dist: cannot build $1 here: $2" >&2
  exit 3
}

# static_lib_or_skip CC LIB: LIB must be a static library CC can find.
static_lib_or_skip() {
  local p
  p=$("$1" -print-file-name="$2")
  [ -f "$p" ] || cannot "$3" "$1 finds no $2 (install the static C/C++ libraries: Debian libc6-dev and libstdc++-12-dev)"
}

build() { # arch cc ldextra
  local arch=$1 cc=$2 ldextra=$3
  local bin=$out/microrisk-linux-$arch
  # -s -w: no symbol table or DWARF (133 MB → under 100 MB). The linker
  # warns that getpwuid, getaddrinfo and dlopen in a static binary need the
  # build machine's glibc at run time: DuckDB reaches getpwuid only to name
  # the user holding a lock (and copes with a failure), and never the others
  # (no network, extension loading off).
  CGO_ENABLED=1 GOOS=linux GOARCH=$arch CC=$cc \
    "$GO" build -tags "$tags" \
    -ldflags "-s -w -linkmode external -extldflags '-static $ldextra'" \
    -o "$bin.tmp" ./cmd/microrisk 2> >(grep -v -e 'in statically linked applications requires at runtime' -e ': in function `' -e '^# ' >&2)
  mv "$bin.tmp" "$bin"
  echo "dist: $bin ($(du -m "$bin" | cut -f1) MiB)"
}

case "${1:-}" in
amd64)
  [ "$(uname -m)" = x86_64 ] || cannot amd64 "the host is $(uname -m), not x86_64"
  cc=${CC:-gcc}
  command -v "$cc" >/dev/null || cannot amd64 "no $cc"
  for lib in libc.a libm.a libstdc++.a; do static_lib_or_skip "$cc" "$lib" amd64; done
  build amd64 "$cc" ""
  ;;
arm64)
  cc=${DIST_CC_ARM64:-aarch64-linux-gnu-gcc}
  command -v "$cc" >/dev/null || cannot arm64 "no $cc (apt-get install gcc-aarch64-linux-gnu g++-aarch64-linux-gnu)"
  command -v ld.lld >/dev/null || cannot arm64 "no ld.lld (apt-get install lld)"
  for lib in libc.a libm.a libstdc++.a; do static_lib_or_skip "$cc" "$lib" arm64; done
  # GNU ld and gold cannot fit glibc's small-model GOT loads past DuckDB's
  # GOT; lld can, given internal/gotfirst, which must match this libc.a.
  scripts/gotfirst.sh --check
  ldbin=$(mktemp -d)
  trap 'rm -rf "$ldbin"' EXIT
  ln -s "$(command -v ld.lld)" "$ldbin/ld.lld"
  build arm64 "$cc" "-fuse-ld=lld -B$ldbin"
  # lld does not check those loads' reach: a binary that got it wrong dies
  # at once ("Unexpected reloc type in static binary"). Start it once.
  if command -v qemu-aarch64-static >/dev/null; then
    qemu-aarch64-static "$out/microrisk-linux-arm64" config >/dev/null ||
      { echo "dist: $out/microrisk-linux-arm64 does not start under qemu-aarch64-static" >&2; exit 1; }
    echo "dist: $out/microrisk-linux-arm64 starts under qemu-aarch64-static"
  else
    echo "dist: qemu-aarch64-static not found: $out/microrisk-linux-arm64 was not started (apt-get install qemu-user-static)" >&2
  fi
  ;;
sums)
  (cd "$out" && ls microrisk-linux-* >/dev/null 2>&1 && sha256sum microrisk-linux-* >SHA256SUMS && cat SHA256SUMS)
  ;;
*)
  echo "usage: scripts/dist.sh amd64|arm64|sums" >&2
  exit 2
  ;;
esac
