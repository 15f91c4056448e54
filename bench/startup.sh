#!/bin/sh
# What one process costs to start, and what each library or way of making a system call adds:
# the table in docs/ARCHITECTURE.md, "Decisions and the numbers behind them". Builds the probes
# in bench/startup/ (a SwiftPM package and three C files) and the release `ledger` and
# `ledger-hook`, then times each with hyperfine (200 runs after 20 warm-ups, no shell) in a
# small temporary git repository and prints a Markdown table: median, and binary size in bytes
# unstripped and stripped. It also builds a copy of HEAD with bench/startup/
# swift-system-in-ledgercore.patch applied, to time the real `ledger-hook` with swift-system.
# Not part of CI or `swift test`: the numbers are only worth reading on an idle machine.
#
#   bench/startup.sh                     # table on stdout, progress on stderr
#   bench/startup.sh --runs 50 --warmup 5 --out /tmp/startup.md
# shellcheck disable=SC2016 # row labels are Markdown: their backticks are code spans
set -eu

usage() {
  cat <<'EOF'
usage: bench/startup.sh [--runs N] [--warmup N] [--out FILE] [--no-build] [--no-experiment]

  --runs N      timed runs per row (default 200)
  --warmup N    untimed runs first (default 20)
  --out FILE    write the Markdown table to FILE (default: standard output)
  --no-build    reuse the binaries a previous run built
  --no-experiment
                skip building ledger-hook with bench/startup/swift-system-in-ledgercore.patch
                applied (a copy of HEAD with swift-system behind SystemError; about a minute)

Needs swift, cc, git, pkg-config, strip, python3 and, from Debian: hyperfine, libgit2-dev.
Builds into .build-startup/, .build-startup-foundation/ and .build-startup-experiment/ at the
top of the repository.
EOF
}

runs=200
warmup=20
out=
build=yes
experiment=yes
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --no-build) build=no; shift ;;
    --no-experiment) experiment=no; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
done

for tool in swift cc git pkg-config strip python3 hyperfine; do
  command -v "$tool" >/dev/null 2>&1 || {
    echo "startup.sh: $tool is missing (hyperfine, pkg-config and strip (binutils) are" \
      "Debian packages; swift comes with the toolchain)" >&2
    exit 3
  }
done
pkg-config --exists libgit2 || {
  echo "startup.sh: libgit2 is missing (Debian: apt-get install libgit2-dev)" >&2
  exit 3
}

root=$(cd "$(dirname "$0")/.." && pwd)
probes="$root/bench/startup"
scratch="$root/.build-startup"
scratch_foundation="$root/.build-startup-foundation"
scratch_experiment="$root/.build-startup-experiment"
cbin="$scratch/c"
work=$(mktemp -d "${TMPDIR:-/tmp}/ledger-startup.XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM
say() { echo "startup.sh: $*" >&2; }

# The same flags as install.sh and scripts/package.sh; Package.swift adds -static-executable.
release() { swift build -c release --static-swift-stdlib "$@"; }

if [ "$build" = yes ]; then
  say "building ledger and ledger-hook (release)"
  (cd "$root" && release --product ledger-hook >&2 && release --product ledger >&2)
  say "building the Swift probes (release)"
  (cd "$probes" && release --scratch-path "$scratch" >&2)
  say "building swift-subprocess with its default traits"
  (cd "$probes" && PROBE_SUBPROCESS_TRAITS=default \
    release --scratch-path "$scratch_foundation" --product subprocess-spawn >&2)
  say "building the C probes"
  mkdir -p "$cbin"
  # shellcheck disable=SC2046 # pkg-config prints several flags on purpose
  {
    cc -O2 -o "$cbin/hi" "$probes/c/hi.c"
    cc -O2 -o "$cbin/fsync" "$probes/c/fsync.c"
    cc -O2 -o "$cbin/libgit2-dynamic" "$probes/c/libgit2.c" \
      $(pkg-config --cflags --libs libgit2)
    # libgit2.a itself; its own dependencies (mbedTLS, libssh2, Kerberos, …) stay shared
    # (Debian's libgit2.pc leaves out Kerberos, and only libkrb5-dev has its .so link).
    cc -O2 -o "$cbin/libgit2-static" "$probes/c/libgit2.c" $(pkg-config --cflags libgit2) \
      -Wl,-Bstatic -lgit2 -Wl,-Bdynamic \
      $(pkg-config --static --libs-only-l libgit2 | sed 's/-lgit2 //') -l:libgssapi_krb5.so.2
  }
fi

# The real thing: LedgerCore with swift-system as a dependency and one call routed through it
# (SystemError's text and its not-found test through Errno), built from a copy of HEAD.
exp_bin=
if [ "$experiment" = yes ]; then
  copy="$work/experiment"
  mkdir -p "$copy"
  git -C "$root" archive HEAD | tar -x -C "$copy"
  if git -C "$copy" apply "$probes/swift-system-in-ledgercore.patch" 2>/dev/null \
    || (cd "$copy" && patch -s -p1 <"$probes/swift-system-in-ledgercore.patch"); then
    if [ "$build" = yes ]; then
      say "building ledger-hook with swift-system in LedgerCore (release)"
      (cd "$copy" && release --scratch-path "$scratch_experiment" --product ledger-hook >&2)
    fi
    exp_bin=$(cd "$copy" && release --scratch-path "$scratch_experiment" --show-bin-path)
  else
    say "swift-system-in-ledgercore.patch no longer applies to HEAD; skipping its row"
  fi
fi

bin=$(cd "$root" && release --show-bin-path)
pbin=$(cd "$probes" && release --scratch-path "$scratch" --show-bin-path)
fbin=$(cd "$probes" && release --scratch-path "$scratch_foundation" --show-bin-path)

say "making a small repository"
repo="$work/repo"
git init -q "$repo"
printf 'hello\n' >"$repo/README"
git -C "$repo" add README
git -C "$repo" -c user.name=bench -c user.email=bench@example.invalid commit -q -m init

rows="$work/rows.md"
: >"$rows"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

# size FILE: "unstripped / stripped" in bytes.
size() {
  cp "$1" "$work/stripped"
  strip "$work/stripped"
  printf '%s / %s' "$(wc -c <"$1" | tr -d ' ')" "$(wc -c <"$work/stripped" | tr -d ' ')"
}

# measure LABEL BINARY COMMAND...: one table row; BINARY is "-" when the size means nothing.
measure() {
  label=$1
  binary=$2
  shift 2
  say "timing: $label"
  (cd "$repo" && "$@" >/dev/null) || { say "$label failed: $*"; exit 3; }
  (cd "$repo" && hyperfine --shell=none --runs "$runs" --warmup "$warmup" --style none \
    --export-json "$work/result.json" "$*" >/dev/null)
  median=$(python3 -c 'import json,sys
print("%.2f ms" % (json.load(open(sys.argv[1]))["results"][0]["median"] * 1000))' \
    "$work/result.json")
  if [ "$binary" = - ]; then bytes="—"; else bytes=$(size "$binary"); fi
  printf '| %s | %s | %s |\n' "$label" "$median" "$bytes" >>"$rows"
}

measure '`git rev-parse --git-common-dir`' - git rev-parse --git-common-dir
measure 'C program, prints "hi" (dynamic glibc)' "$cbin/hi" "$cbin/hi"
measure 'Swift, `--static-swift-stdlib` only, prints "hi"' "$pbin/hi-stdlib" "$pbin/hi-stdlib"
measure 'Swift, fully static (`-static-executable`), prints "hi"' "$pbin/hi" "$pbin/hi"
measure 'Swift, fully static, prints "hi" from `async` code (concurrency runtime, Dispatch)' \
  "$pbin/hi-async" "$pbin/hi-async"
measure '+ swift-argument-parser 1.8.2 linked, not used' \
  "$pbin/argparser-linked" "$pbin/argparser-linked"
measure '+ swift-argument-parser 1.8.2 used' "$pbin/argparser-used" "$pbin/argparser-used"
measure 'Swift (static stdlib) + libgit2 linked dynamically, not called' \
  "$pbin/libgit2-linked" "$pbin/libgit2-linked"
measure '+ `git_libgit2_init()`' "$pbin/libgit2-linked" "$pbin/libgit2-linked" init
measure 'C program, libgit2 linked dynamically, not called' \
  "$cbin/libgit2-dynamic" "$cbin/libgit2-dynamic"
measure 'C program, `libgit2.a` linked (its dependencies shared), not called' \
  "$cbin/libgit2-static" "$cbin/libgit2-static"
measure 'C program, `libgit2.a`, `init` + open the repository' \
  "$cbin/libgit2-static" "$cbin/libgit2-static" open
measure 'C: write 100 kB, rename, no `fsync`' "$cbin/fsync" "$cbin/fsync" nosync
measure 'C: write 100 kB, `fsync` it, rename, `fsync` the directory' "$cbin/fsync" "$cbin/fsync"
measure 'hot-path files through Glibc (as `System/FileSystem`), no `fsync`' \
  "$pbin/glibc-files" "$pbin/glibc-files" nosync
measure 'hot-path files through swift-system 1.8.1, no `fsync`' \
  "$pbin/system-files" "$pbin/system-files" nosync
measure 'hot-path files through Glibc, with `fsync`s' "$pbin/glibc-files" "$pbin/glibc-files"
measure 'hot-path files through swift-system 1.8.1, with `fsync`s' \
  "$pbin/system-files" "$pbin/system-files"
measure 'spawn `git rev-parse` with `posix_spawn` (as `System/Subprocess`)' \
  "$pbin/posix-spawn" "$pbin/posix-spawn"
measure 'spawn `git rev-parse` with swift-subprocess 1.0.2, no traits, `.name("git")`' \
  "$pbin/subprocess-spawn" "$pbin/subprocess-spawn"
measure 'spawn `git rev-parse` with swift-subprocess 1.0.2, no traits, path found first' \
  "$pbin/subprocess-spawn" "$pbin/subprocess-spawn" resolved
measure 'spawn `git rev-parse` with swift-subprocess 1.0.2, no traits, path found first, from sync code' \
  "$pbin/subprocess-blocking" "$pbin/subprocess-blocking"
measure 'spawn `git rev-parse` with swift-subprocess 1.0.2, default traits, path found first' \
  "$fbin/subprocess-spawn" "$fbin/subprocess-spawn" resolved
measure '`ledger-hook --shim pre-commit` (release)' \
  "$bin/ledger-hook" "$bin/ledger-hook" --shim pre-commit
if [ -n "$exp_bin" ] && [ -x "$exp_bin/ledger-hook" ]; then
  measure '`ledger-hook --shim pre-commit`, swift-system behind `SystemError` (release)' \
    "$exp_bin/ledger-hook" "$exp_bin/ledger-hook" --shim pre-commit
fi
measure '`ledger --version` (release)' "$bin/ledger" "$bin/ledger" --version

load_after=$(cut -d' ' -f1-3 /proc/loadavg)
{
  echo "Start-up, hyperfine $(hyperfine --version | cut -d' ' -f2), $runs runs after $warmup warm-ups," \
    "no shell, in a small repository; $(nproc) cores; load average $load_before before," \
    "$load_after after. Sizes: bytes, unstripped / stripped. PATH has" \
    "$(echo "$PATH" | tr ':' '\n' | grep -c .) entries (swift-subprocess's \`.name\` tries each)."
  echo
  echo '| executable or call | median | size |'
  echo '|---|---:|---:|'
  cat "$rows"
} >"$work/table.md"
if [ -n "$out" ]; then cp "$work/table.md" "$out"; else cat "$work/table.md"; fi
