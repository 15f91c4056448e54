#!/bin/sh
# Runs AgentLedger's reliability suites at higher counts than CI does, then the fuzzers, and
# collects the measurements for docs/RELIABILITY.md.
#
#   scripts/reliability.sh [options]
#
#   --claimers N      sessions claiming at once in the load tests        (CI: 100)
#   --rounds N        commits per committer in the one-checkout test      (CI: 3)
#   --churners N      sessions claiming/releasing beside the committers   (CI: 4)
#   --agents N        agents claiming and committing in one checkout      (CI: 30)
#   --agent-rounds N  rounds of claim, edit, ledger commit per agent      (CI: 3)
#   --kill-rounds N   rounds of 8 writers killed at random moments        (CI: 3)
#   --hook-kills N    commits whose hook is killed at a random moment     (CI: 20)
#   --repeat N        run the suites N times                              (default 1)
#   --fuzz-seconds N  seconds per fuzz target, 0 to skip fuzzing          (default 120)
#   --scratch-path D  SwiftPM build folder                                (default .build)
#   --report FILE     where the JSON measurements go        (default .build-reliability/report.jsonl)
#   --skip REGEX      tests to skip (e.g. the known-bug tests)
#
# Exit status: 0 when every test passed and no fuzzer crashed, 1 otherwise (the report and
# the logs say which).
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
claimers=100
rounds=3
churners=4
agents=30
agent_rounds=3
kill_rounds=3
hook_kills=20
repeat=1
fuzz_seconds=120
scratch=$root/.build
report=$root/.build-reliability/report.jsonl
skip=""

need() {
  [ $# -ge 2 ] || {
    echo "reliability.sh: $1 needs a value" >&2
    exit 2
  }
}
while [ $# -gt 0 ]; do
  case $1 in
    --claimers) need "$@"; claimers=$2; shift 2 ;;
    --rounds) need "$@"; rounds=$2; shift 2 ;;
    --churners) need "$@"; churners=$2; shift 2 ;;
    --agents) need "$@"; agents=$2; shift 2 ;;
    --agent-rounds) need "$@"; agent_rounds=$2; shift 2 ;;
    --kill-rounds) need "$@"; kill_rounds=$2; shift 2 ;;
    --hook-kills) need "$@"; hook_kills=$2; shift 2 ;;
    --repeat) need "$@"; repeat=$2; shift 2 ;;
    --fuzz-seconds) need "$@"; fuzz_seconds=$2; shift 2 ;;
    --scratch-path) need "$@"; scratch=$2; shift 2 ;;
    --report) need "$@"; report=$2; shift 2 ;;
    --skip) need "$@"; skip=$2; shift 2 ;;
    -h | --help)
      sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *)
      echo "reliability.sh: unknown option $1 (see --help)" >&2
      exit 2
      ;;
  esac
done
for number in "$claimers" "$rounds" "$churners" "$agents" "$agent_rounds" "$kill_rounds" "$hook_kills" "$repeat" "$fuzz_seconds"; do
  case $number in
    '' | *[!0-9]*)
      echo "reliability.sh: '$number' is not a count" >&2
      exit 2
      ;;
  esac
done

# The load tests run alone, so their throughput is not shared with the other suites.
load_suites='LoadTests|ManyAgentsTests'
other_suites='FaultTests|BadInputTests|ConcurrencyTests|CorruptionTests|TrailerPropertyTests|FuzzRegressionTests'
logs=$(dirname "$report")/reliability-logs
mkdir -p "$(dirname "$report")" "$logs"
: >"$report"

echo "reliability.sh: building the tests (scratch path $scratch)"
(cd "$root" && swift build --build-tests --scratch-path "$scratch") >"$logs/build.log" 2>&1 || {
  echo "reliability.sh: the build failed; see $logs/build.log" >&2
  exit 1
}

status=0
run=1
while [ "$run" -le "$repeat" ]; do
  echo "reliability.sh: run $run of $repeat: claimers=$claimers rounds=$rounds churners=$churners agents=$agents agent-rounds=$agent_rounds kill-rounds=$kill_rounds hook-kills=$hook_kills"
  for part in load other; do
    if [ "$part" = load ]; then suites=$load_suites; else suites=$other_suites; fi
    log=$logs/tests-$run-$part.log
    started=$(date +%s)
    set -- --skip-build --scratch-path "$scratch" --filter "$suites"
    [ -z "$skip" ] || set -- "$@" --skip "$skip"
    if (cd "$root" && LEDGER_REL_CLAIMERS=$claimers LEDGER_REL_ROUNDS=$rounds \
      LEDGER_REL_CHURNERS=$churners LEDGER_REL_KILL_ROUNDS=$kill_rounds \
      LEDGER_REL_AGENTS=$agents LEDGER_REL_AGENT_ROUNDS=$agent_rounds \
      LEDGER_REL_HOOK_KILLS=$hook_kills LEDGER_REL_REPORT=$report swift test "$@") \
      >"$log" 2>&1; then
      result=passed
    else
      result=FAILED
      status=1
    fi
    summary=$(grep -E 'Test run with [0-9]+ tests' "$log" | tail -1 || true)
    echo "reliability.sh: run $run, $part suites, $result in $(($(date +%s) - started))s: ${summary:-see $log}"
    grep -E '✘ Test .* failed after' "$log" | cut -c1-160 | sed 's/^/  /' | sort -u || true
  done
  run=$((run + 1))
done

if [ "$fuzz_seconds" -gt 0 ]; then
  echo "reliability.sh: fuzzing each target for ${fuzz_seconds}s"
  "$root/scripts/fuzz.sh" "$fuzz_seconds" || status=1
fi

echo "reliability.sh: measurements in $report:"
sed 's/^/  /' "$report"
exit "$status"
