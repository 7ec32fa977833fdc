#!/bin/sh
# Rebuilds sharpdig.bpf.o, the live driver's eBPF object, from sharpdig.bpf.c.
# Needs clang, bpftool and libbpf-dev; vmlinux.h is generated from the running kernel's BTF
# (CO-RE relocations make the object work on other BTF kernels too).
# Usage: driver/Live/bpf/build.sh [--check]   (--check: fail if the committed object is stale)
set -eu
dir=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
bpftool btf dump file /sys/kernel/btf/vmlinux format c > "$out/vmlinux.h"
# The prefix maps keep the temporary and checkout paths out of the object's BTF, so builds are reproducible.
clang -O2 -g -target bpf -D__TARGET_ARCH_x86 -I"$out" -I/usr/include/x86_64-linux-gnu \
    -fdebug-prefix-map="$out"=/build -fdebug-prefix-map="$dir"=/src \
    -c "$dir/sharpdig.bpf.c" -o "$out/sharpdig.bpf.o"
# Drop the DWARF (BTF stays): the object is then reproducible and small.
llvm-strip -g "$out/sharpdig.bpf.o"
if [ "${1:-}" = "--check" ]; then
    cmp -s "$out/sharpdig.bpf.o" "$dir/sharpdig.bpf.o" || { echo "sharpdig.bpf.o is stale: run $0" >&2; exit 1; }
    echo "sharpdig.bpf.o is current"
else
    cp "$out/sharpdig.bpf.o" "$dir/sharpdig.bpf.o"
fi
