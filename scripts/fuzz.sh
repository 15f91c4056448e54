#!/bin/sh
# Builds and runs AgentLedger's libFuzzer targets for a bounded time.
#
#   scripts/fuzz.sh [SECONDS] [TARGET…]     run each TARGET (default: all) for SECONDS (default 60)
#   scripts/fuzz.sh --build-only [TARGET…]  only build them
#
# Targets (fuzz/*.swift): claims-reader (ClaimsFile.decode + ClaimIndex), trailer (CommitMessage
# add/remove trailer + cleaned). Each is compiled together with the LedgerCore sources into one
# module with `swiftc -sanitize=fuzzer,address -parse-as-library`, so the package build never
# sees fuzzing flags. The C module CPlatform is compiled with clang and found through a module
# map written into the build folder.
#
# The corpus grows in $FUZZ_DIR/corpus/TARGET (seeded from fuzz/seeds/TARGET); a crashing input
# is saved in $FUZZ_DIR/artifacts/TARGET/ and the script exits 1 naming it. Turn such an input
# into a regression test in Tests/LedgerCoreTests/FuzzRegressionTests.swift.
#
# Environment: FUZZ_DIR (default .build-fuzz), FUZZ_JOBS (parallel workers per target,
# default 1), SWIFTC and CLANG (default: swiftc and clang on PATH).
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
fuzz_dir=${FUZZ_DIR:-$root/.build-fuzz}
mkdir -p "$fuzz_dir"
fuzz_dir=$(cd "$fuzz_dir" && pwd)
swiftc=${SWIFTC:-swiftc}
clang=${CLANG:-clang}
jobs=${FUZZ_JOBS:-1}
all_targets="claims-reader trailer"

build_only=0
seconds=60
if [ "${1-}" = "--build-only" ]; then
  build_only=1
  shift
elif [ $# -gt 0 ]; then
  case $1 in
    '' | *[!0-9]*) ;;
    *)
      seconds=$1
      shift
      ;;
  esac
fi
# shellcheck disable=SC2086 # the list is meant to split into words
[ $# -gt 0 ] || set -- $all_targets

source_of() {
  case $1 in
    claims-reader) echo "$root/fuzz/ClaimsReaderFuzz.swift" ;;
    trailer) echo "$root/fuzz/TrailerFuzz.swift" ;;
    *)
      echo "fuzz.sh: unknown target '$1' (known: $all_targets)" >&2
      exit 2
      ;;
  esac
}

mkdir -p "$fuzz_dir/module"
# The C module LedgerCore imports, compiled once, instrumented like the rest.
cat >"$fuzz_dir/module/module.modulemap" <<EOF
module CPlatform {
  header "$root/Sources/CPlatform/include/CPlatform.h"
  export *
}
EOF
"$clang" -c -O1 -g -fsanitize=fuzzer-no-link,address \
  -I "$root/Sources/CPlatform/include" \
  "$root/Sources/CPlatform/CPlatform.c" -o "$fuzz_dir/module/CPlatform.o"

# Every LedgerCore source, NUL-safe, in a stable order.
sources_list=$fuzz_dir/module/sources.txt
find "$root/Sources/LedgerCore" -name '*.swift' | LC_ALL=C sort >"$sources_list"

build() {
  target=$1
  source=$(source_of "$target")
  binary=$fuzz_dir/$target
  echo "fuzz.sh: building $target"
  # shellcheck disable=SC2046 # one word per source file; paths have no spaces under Sources
  "$swiftc" -O -g -sanitize=fuzzer,address -parse-as-library -module-name LedgerFuzz \
    -use-ld=lld -Xcc -fmodule-map-file="$fuzz_dir/module/module.modulemap" \
    -I "$root/Sources/CPlatform/include" \
    $(cat "$sources_list") "$source" "$fuzz_dir/module/CPlatform.o" -o "$binary"
}

status=0
for target in "$@"; do
  build "$target"
  [ "$build_only" -eq 1 ] && continue
  corpus=$fuzz_dir/corpus/$target
  artifacts=$fuzz_dir/artifacts/$target
  mkdir -p "$corpus" "$artifacts"
  seeds=$root/fuzz/seeds/$target
  if [ -d "$seeds" ]; then cp -n "$seeds"/* "$corpus"/ 2>/dev/null || true; fi
  echo "fuzz.sh: running $target for ${seconds}s (corpus $corpus)"
  log=$fuzz_dir/$target.log
  parallel=""
  # libFuzzer writes fuzz-N.log files of its workers into the current directory.
  [ "$jobs" -gt 1 ] && parallel="-jobs=$jobs -workers=$jobs"
  # shellcheck disable=SC2086 # $parallel is empty or two options
  if (cd "$fuzz_dir" && "$fuzz_dir/$target" -max_total_time="$seconds" -timeout=10 \
    -rss_limit_mb=2048 -max_len=8192 -print_final_stats=1 $parallel \
    -dict="$root/fuzz/$target.dict" -artifact_prefix="$artifacts/" "$corpus") >"$log" 2>&1; then
    runs=$(grep -E 'stat::number_of_executed_units' "$log" | awk '{ s += $2 } END { print s + 0 }')
    echo "fuzz.sh: $target: no crash in ${seconds}s, $runs inputs run, corpus $(find "$corpus" -type f | wc -l) files"
  else
    status=1
    echo "fuzz.sh: $target: CRASH — see $log; inputs:" >&2
    find "$artifacts" -type f >&2
  fi
done
exit "$status"
