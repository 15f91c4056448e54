#!/bin/sh
# Two agents in one checkout, start to finish, in a throw-away repository.
#
#   examples/two-agents.sh            uses `ledger` from PATH
#   LEDGER_BIN=DIR examples/two-agents.sh   uses DIR/ledger (e.g. .build/debug)
#
# Agent A is a Claude Code session (its hooks get JSON with session_id "A1"; its Bash tool has
# CLAUDE_CODE_SESSION_ID=A1). Agent B is another tool that sets LEDGER_SESSION=agent-b.
set -eu

if [ -n "${LEDGER_BIN:-}" ]; then PATH="$LEDGER_BIN:$PATH"; export PATH; fi
command -v ledger >/dev/null 2>&1 || { echo "two-agents.sh: ledger is not on PATH (set LEDGER_BIN)" >&2; exit 3; }

repo=$(mktemp -d "${TMPDIR:-/tmp}/two-agents.XXXXXX")
trap 'rm -rf "$repo"' EXIT
cd "$repo"
unset LEDGER_SESSION CLAUDE_CODE_SESSION_ID CODEX_THREAD_ID GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE

if [ -t 1 ]; then bold=$(printf '\033[1m'); plain=$(printf '\033[0m'); else bold=; plain=; fi
step() { printf '\n%s== %s%s\n' "$bold" "$*" "$plain"; }
as_a() { CLAUDE_CODE_SESSION_ID=A1 "$@"; }
as_b() { LEDGER_SESSION=agent-b "$@"; }
claude_edit() {  # claude_edit HANDLER EVENT FILE: what Claude Code sends its hooks around an Edit
  printf '{"session_id":"A1","cwd":"%s","hook_event_name":"%s","tool_name":"Edit","tool_input":{"file_path":"%s/%s"}}' \
    "$repo" "$2" "$repo" "$3" | ledger hook claude "$1"
}

step "A repository with AgentLedger's hooks"
git init -q .
git config user.name "Example"
git config user.email "example@example.invalid"
mkdir -p src docs
printf 'parse\n' > src/parser.c
printf 'lex\n' > src/lexer.c
printf '# Guide\n' > docs/guide.md
git add -A && git commit -q -m "Initial commit"
ledger install

step "Agent A (Claude Code) edits src/parser.c: its pre-edit hook claims the file"
claude_edit pre-edit PreToolUse src/parser.c
printf 'parse faster\n' >> src/parser.c
claude_edit post-edit PostToolUse src/parser.c
ledger status

step "Agent B claims docs/ and edits the guide"
as_b ledger claim docs/ --note "write the guide"
printf 'How to use it.\n' >> docs/guide.md

step "Another Claude Code session (B2) tries to edit src/parser.c: its pre-edit hook denies it"
printf '{"session_id":"B2","cwd":"%s","hook_event_name":"PreToolUse","tool_name":"Edit","tool_input":{"file_path":"%s/src/parser.c"}}' "$repo" "$repo" \
  | ledger hook claude pre-edit
echo

step "Agent B sweeps everything into one commit: refused"
git add -A
if as_b git commit -q -m "Docs and whatever else" 2>&1; then
  echo "two-agents.sh: the sweeping commit was NOT refused" >&2; exit 1
fi
echo "(refused, exit 1)"

step "Agent B commits only its own work; A's staged file stays staged"
as_b ledger commit -q -m "Docs: explain usage"
git status --short

step "Agent A commits its work from its Bash tool"
as_a ledger commit -q -m "Parser: go faster"

step "History, one session per commit"
git log --format='%h %<(22)%s %(trailers:key=Agent-Session,valueonly,separator=)'

step "Audit log"
ledger log

count=$(git log --format='%(trailers:key=Agent-Session,valueonly)' | grep -c .)
[ "$count" -eq 2 ] || { echo "two-agents.sh: expected 2 stamped commits, found $count" >&2; exit 1; }
echo
echo "two-agents.sh: done: each agent committed only its own files, stamped with its session."
