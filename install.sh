#!/bin/sh
# AgentLedger installer: builds the release binaries, installs them, and wires the hooks.
#
#   ./install.sh [--prefix DIR] [REPO…]    build, install into DIR/bin (default ~/.local),
#                                          then wire the hooks into each REPO (default: the
#                                          repository of the current directory, if any)
#   ./install.sh --uninstall [REPO…]       remove the hooks, restoring any hook they replaced
#
# Needs Swift 6 and git 2.31+; installs libgit2-dev with apt-get when it is missing.
set -eu

prefix="${HOME:-/root}/.local"
uninstall=0
while [ $# -gt 0 ]; do
  case $1 in
    --prefix) [ $# -ge 2 ] || { echo "install.sh: --prefix needs a directory" >&2; exit 2; }
              prefix=$2; shift 2 ;;
    --prefix=*) prefix=${1#--prefix=}; shift ;;
    --uninstall) uninstall=1; shift ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    --) shift; break ;;
    -*) echo "install.sh: unknown option $1 (see ./install.sh --help)" >&2; exit 2 ;;
    *) break ;;
  esac
done

say() { printf 'install.sh: %s\n' "$*"; }
here=$(cd "$(dirname "$0")" && pwd)

if [ "$uninstall" -eq 1 ]; then
  ledger=$(command -v ledger || true)
  [ -n "$ledger" ] || ledger="$prefix/bin/ledger"
  [ -x "$ledger" ] || { echo "install.sh: no installed ledger found (looked on PATH and in $prefix/bin)" >&2; exit 3; }
  "$ledger" uninstall "$@"
  say "hooks removed; the binaries stay in $(dirname "$ledger") (delete them by hand if you wish)."
  exit 0
fi

# 1. The system library libgit2 (for ledger-doctor).
if ! pkg-config --exists libgit2 2>/dev/null && [ ! -e /usr/include/git2.h ]; then
  if [ "$(id -u)" = 0 ]; then
    say "installing libgit2-dev and pkg-config with apt-get"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libgit2-dev pkg-config
  elif command -v sudo >/dev/null 2>&1; then
    say "installing libgit2-dev and pkg-config with sudo apt-get"
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libgit2-dev pkg-config
  else
    echo "install.sh: libgit2-dev is missing and I cannot install it (not root, no sudo)." >&2
    echo "install.sh: run as root: apt-get install -y libgit2-dev pkg-config" >&2
    exit 3
  fi
fi

# 2. Release binaries with the Swift runtime linked in, so they do not depend on the toolchain.
command -v swift >/dev/null 2>&1 || { echo "install.sh: swift is not on PATH (Swift 6 is needed to build)" >&2; exit 3; }
say "building release binaries (a few minutes on a small machine)"
(cd "$here" && swift build -c release --static-swift-stdlib --product ledger >/dev/null \
  && swift build -c release --static-swift-stdlib --product ledger-hook >/dev/null \
  && swift build -c release --static-swift-stdlib --product ledger-doctor >/dev/null)
bin_dir=$(cd "$here" && swift build -c release --static-swift-stdlib --show-bin-path)

# 3. Install them.
mkdir -p "$prefix/bin"
for tool in ledger ledger-hook ledger-doctor; do
  cp "$bin_dir/$tool" "$prefix/bin/$tool.tmp.$$"
  chmod 755 "$prefix/bin/$tool.tmp.$$"
  mv -f "$prefix/bin/$tool.tmp.$$" "$prefix/bin/$tool"
done
ln -sf ledger "$prefix/bin/git-ledger"
say "installed ledger, git-ledger, ledger-hook and ledger-doctor in $prefix/bin"

# 4. Wire the hooks.
if [ $# -eq 0 ]; then
  if git rev-parse --git-dir >/dev/null 2>&1; then
    set -- .
  else
    say "not inside a git repository, so no hooks were wired; run: $prefix/bin/ledger install REPO"
  fi
fi
if [ $# -gt 0 ]; then
  "$prefix/bin/ledger" install "$@"
fi

case ":${PATH:-}:" in
  *":$prefix/bin:"*) ;;
  *) say "add $prefix/bin to your PATH, e.g.: export PATH=\"$prefix/bin:\$PATH\"" ;;
esac
say "next: in each agent's shell, claim before editing (ledger claim PATH) and commit with ledger commit -m MSG"
