#!/bin/sh
# Installs the Claude Code CLI that the end-to-end tests drive (Tests/EndToEndTests/Agents/
# ClaudeCLITests.swift): the binary PyPI's claude-agent-sdk wheel bundles, extracted by
# ../shared/tools/get-claude-code.sh, into DIR (default:
# ${AGENTLEDGER_TOOLS:-/opt/agentledger-tools}/claude). Prints the binary's path.
# Kept between runs: nothing is downloaded when the pinned version is already there.
set -eu
sdk=0.2.184
tools=${AGENTLEDGER_TOOLS:-/opt/agentledger-tools}
dir=${1:-$tools/claude}
if [ -x "$dir/claude" ] && [ "$(cat "$dir/sdk-version" 2>/dev/null)" = "$sdk" ] &&
  "$dir/claude" --version >/dev/null 2>&1; then
  echo "$dir/claude"
  exit 0
fi
here=$(cd "$(dirname "$0")/.." && pwd)
getter=""
for shared in "${AGENTLEDGER_SHARED:-}" "$here/../shared"; do
  if [ -n "$shared" ] && [ -f "$shared/tools/get-claude-code.sh" ]; then
    getter="$shared/tools/get-claude-code.sh"
    break
  fi
done
if [ -z "$getter" ]; then
  echo "get-claude-code.sh: no ../shared/tools/get-claude-code.sh (set AGENTLEDGER_SHARED)" >&2
  exit 3
fi
# A different pinned version: start clean, so the shared script does not keep the old binary.
rm -f "$dir/claude" "$dir/sdk-version"
# The shared script runs `python3 -m pip`; Debian's python3 has no pip, the tools' venv
# (.ci/run makes it) has.
if [ -x "$tools/venv/bin/python3" ]; then PATH="$tools/venv/bin:$PATH"; fi
CLAUDE_AGENT_SDK_VERSION=$sdk sh "$getter" "$dir" >/dev/null
echo "$sdk" >"$dir/sdk-version"
echo "$dir/claude"
