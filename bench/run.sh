#!/bin/sh
# AgentLedger's benchmarks: what the hooks cost per commit, against a bare commit, no-op hooks,
# a naive shell guard and MCP Agent Mail's guard; each hook alone; pre-commit against the number
# of claims; peak memory. Builds the release binaries, builds synthetic repositories in a
# temporary folder (deleted at the end), and writes a Markdown report.
#
#   bench/run.sh                        # full run: 5k, 20k and 100k files, 30 rounds; report on stdout
#   bench/run.sh --out docs/BENCHMARKS.md
#   bench/run.sh --quick                # smoke run: 2,000 files, 100 claims, 5 rounds
set -eu

usage() {
  cat <<'EOF'
usage: bench/run.sh [--quick] [--sizes LIST] [--runs N] [--out FILE] [--no-agent-mail]

  --quick          smoke run: size 2k, 5 rounds (unless --sizes/--runs say otherwise)
  --sizes LIST     comma-separated sizes: 2k (2,000 files, 20 folders, 100 claims),
                   5k (5,000 files, 50 folders, 250 claims), 20k (20,000 files, 200 folders, 1,000 claims),
                   100k (100,000 files, 1,000 folders, 10,000 claims), or FILES/FOLDERS/CLAIMS;
                   default 5k,20k,100k
  --runs N         timed rounds of the commit comparison (each command alone: 2N); default 30
  --out FILE       write the Markdown report to FILE (default: standard output)
  --no-agent-mail  do not download MCP Agent Mail 0.1.0 from PyPI to measure its guard
                   (its ratio from the notes is reported instead)

Needs swift, git, python3 (standard library) and GNU time (/usr/bin/time, Debian: time).
Progress goes to standard error. A full run takes about 20 minutes on a 2-core VM, most of it
spent writing and deleting the 100k-file repositories; --quick takes under a minute.
EOF
}

root=$(cd "$(dirname "$0")/.." && pwd)
command_line="bench/run.sh"
for argument in "$@"; do
  case $argument in
    *[!A-Za-z0-9_./,=-]*) command_line="$command_line '$argument'" ;;
    *) command_line="$command_line $argument" ;;
  esac
done

quick=""
sizes=""
runs=""
out=""
agent_mail=1
while [ $# -gt 0 ]; do
  case $1 in
    --quick) quick=1 ;;
    --sizes) [ $# -ge 2 ] || { usage >&2; exit 2; }; sizes=$2; shift ;;
    --sizes=*) sizes=${1#--sizes=} ;;
    --runs) [ $# -ge 2 ] || { usage >&2; exit 2; }; runs=$2; shift ;;
    --runs=*) runs=${1#--runs=} ;;
    --out) [ $# -ge 2 ] || { usage >&2; exit 2; }; out=$2; shift ;;
    --out=*) out=${1#--out=} ;;
    --no-agent-mail) agent_mail="" ;;
    -h | --help) usage; exit 0 ;;
    *) echo "bench/run.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
  shift
done
case $runs in
  "") ;;
  *[!0-9]* | 0) echo "bench/run.sh: --runs needs a positive number, not '$runs'" >&2; exit 2 ;;
esac
if [ -n "$out" ]; then
  case $out in
    /*) ;;
    *) out="$(pwd)/$out" ;;
  esac
fi

missing=""
for tool in swift git python3; do
  command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
[ -x /usr/bin/time ] || missing="$missing /usr/bin/time(Debian package: time)"
if [ -n "$missing" ]; then
  echo "bench/run.sh: missing:$missing" >&2
  exit 3
fi

say() { echo "[bench] $*" >&2; }

say "building the release binaries (swift build -c release --static-swift-stdlib --scratch-path .build-bench)"
(cd "$root" && swift build -c release --static-swift-stdlib --scratch-path .build-bench >&2)
bin=$(cd "$root" && swift build -c release --static-swift-stdlib --scratch-path .build-bench --show-bin-path)

work=$(mktemp -d "${TMPDIR:-/tmp}/agentledger-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
say "repositories in $work (deleted at the end)"

set -- --bin "$bin" --work "$work" --command "$command_line"
if [ -n "$quick" ]; then set -- "$@" --quick; fi
if [ -n "$sizes" ]; then set -- "$@" --sizes "$sizes"; fi
if [ -n "$runs" ]; then set -- "$@" --runs "$runs"; fi
if [ -n "$out" ]; then set -- "$@" --out "$out"; fi
if [ -n "$agent_mail" ]; then
  say "downloading MCP Agent Mail 0.1.0 (pip download --no-deps) to measure its guard"
  if python3 -m pip download --no-deps --quiet --disable-pip-version-check \
    -d "$work/agent-mail" mcp-agent-mail==0.1.0 >&2; then
    for wheel in "$work"/agent-mail/mcp_agent_mail-0.1.0-*.whl; do
      if [ -f "$wheel" ]; then set -- "$@" --agent-mail-wheel "$wheel"; fi
    done
  else
    say "could not download MCP Agent Mail; its ratio from the notes is reported instead"
  fi
fi

# The hooks of one commit find their shared note through the git process running them (its
# pid, start time and /proc). "Each hook alone" runs the hooks from the harness, so the harness
# runs as a process whose executable is named git: a copy of the Python interpreter.
python=$(python3 -c 'import os, sys; print(os.path.realpath(sys.executable))')
mkdir "$work/as-git"
cp "$python" "$work/as-git/git"
PYTHONHOME=$(python3 -c 'import sys; print(sys.base_prefix)') \
  "$work/as-git/git" "$root/bench/suite.py" "$@"
