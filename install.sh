#!/bin/sh
# AgentLedger installer: builds the release binaries (or takes them from a release archive),
# installs them, and wires the hooks.
#
#   ./install.sh [--prefix DIR] [REPO…]    build, install into DIR (default ~/.local: bin/,
#                                          share/ man page and completions), then wire the
#                                          hooks into each REPO (default: the repository of
#                                          the current directory, if any)
#   ./install.sh --from ARCHIVE [--prefix DIR] [REPO…]
#                                          the same from a release archive (.tar.gz, or the
#                                          folder it unpacks to): no Swift needed
#   ./install.sh --uninstall [REPO…]       remove the hooks, restoring any hook they replaced
#
# Needs git 2.31+, and Swift 6 to build; installs libgit2-dev with apt-get when it is missing.
set -eu

prefix="${HOME:-/root}/.local"
uninstall=0
from=""
while [ $# -gt 0 ]; do
  case $1 in
    --prefix) [ $# -ge 2 ] || { echo "install.sh: --prefix needs a directory" >&2; exit 2; }
              prefix=$2; shift 2 ;;
    --prefix=*) prefix=${1#--prefix=}; shift ;;
    --from) [ $# -ge 2 ] || { echo "install.sh: --from needs a release archive" >&2; exit 2; }
            from=$2; shift 2 ;;
    --from=*) from=${1#--from=}; shift ;;
    --uninstall) uninstall=1; shift ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
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
  say "hooks removed; the binaries stay in $(dirname "$ledger"), the man page and completions in $(dirname "$(dirname "$ledger")")/share (delete them by hand if you wish)."
  exit 0
fi

# The install.sh inside an unpacked release archive installs that archive.
if [ -z "$from" ] && [ ! -f "$here/Package.swift" ] && [ -f "$here/SHA256SUMS" ]; then from=$here; fi

work=$(mktemp -d "${TMPDIR:-/tmp}/agentledger-install.XXXXXX")
trap 'rm -rf "$work"' EXIT

# Installs a package with apt-get when we may (root, or sudo), else says what to run.
apt_install() {
  if [ "$(id -u)" = 0 ]; then
    say "installing $* with apt-get"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
  elif command -v sudo >/dev/null 2>&1; then
    say "installing $* with sudo apt-get"
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
  else
    return 1
  fi
}

if [ -n "$from" ]; then
  # 1. A release archive: unpack it (or take the unpacked folder) and check its checksums.
  if [ -d "$from" ]; then
    tree=$(cd "$from" && pwd)
  elif [ -f "$from" ]; then
    tar -xzf "$from" -C "$work" || { echo "install.sh: cannot unpack $from (a .tar.gz release archive is expected)" >&2; exit 3; }
    tree=$(find "$work" -mindepth 1 -maxdepth 1 -type d | head -n 1)
  else
    echo "install.sh: no release archive at $from" >&2; exit 3
  fi
  if [ ! -f "$tree/SHA256SUMS" ] || [ ! -x "$tree/bin/ledger" ]; then
    echo "install.sh: $from is not an AgentLedger release archive (no bin/ledger, no SHA256SUMS)" >&2; exit 3
  fi
  (cd "$tree" && sha256sum --quiet -c SHA256SUMS) || {
    echo "install.sh: $from is damaged: files differ from its SHA256SUMS; download it again" >&2; exit 3; }
  "$tree/bin/ledger" --version >/dev/null 2>&1 || {
    echo "install.sh: the binaries in $from do not run on this machine ($(uname -sm)); use the archive for it, or build from source (./install.sh without --from)" >&2; exit 3; }
  # ledger and ledger-hook are static; ledger-doctor loads libgit2 (Debian: libgit2-1.5).
  missing=$(ldd "$tree/bin/ledger-doctor" 2>/dev/null | sed -n 's/^[[:space:]]*\(libgit2[^ ]*\) => not found.*/\1/p' | head -n 1)
  if [ -n "$missing" ]; then
    package="libgit2-${missing#libgit2.so.}"
    apt_install "$package" || say "warning: ledger-doctor needs $missing: run as root: apt-get install -y $package (ledger and the hooks work without it)"
  fi
else
  # 1. The system library libgit2 (for ledger-doctor).
  if ! pkg-config --exists libgit2 2>/dev/null && [ ! -e /usr/include/git2.h ]; then
    apt_install libgit2-dev pkg-config || {
      echo "install.sh: libgit2-dev is missing and I cannot install it (not root, no sudo)." >&2
      echo "install.sh: run as root: apt-get install -y libgit2-dev pkg-config" >&2
      echo "install.sh: or install a release archive, which needs no compiler: ./install.sh --from ARCHIVE" >&2
      exit 3
    }
  fi

  # 2. Release binaries with the Swift runtime linked in, so they do not depend on the
  # toolchain, stamped with the version and commit, laid out as a release archive is.
  command -v swift >/dev/null 2>&1 || { echo "install.sh: swift is not on PATH (Swift 6 is needed to build; or install a release archive: ./install.sh --from ARCHIVE)" >&2; exit 3; }
  "$here/scripts/stamp.sh" >/dev/null
  say "building release binaries (a few minutes on a small machine)"
  (cd "$here" && swift build -c release --static-swift-stdlib --product ledger >/dev/null \
    && swift build -c release --static-swift-stdlib --product ledger-hook >/dev/null \
    && swift build -c release --static-swift-stdlib --product ledger-doctor >/dev/null)
  bin_dir=$(cd "$here" && swift build -c release --static-swift-stdlib --show-bin-path)
  tree="$work/tree"
  "$here/scripts/stage.sh" "$bin_dir" "$tree"
fi

# 3. Install them: bin/ and share/ of the tree, each file replaced atomically (a hook may be
# running the old binary).
(cd "$tree" && find bin share ! -type d) | while IFS= read -r file; do
  mkdir -p "$prefix/$(dirname "$file")"
  if [ -L "$tree/$file" ]; then
    ln -sfn "$(readlink "$tree/$file")" "$prefix/$file"
  else
    cp "$tree/$file" "$prefix/$file.tmp.$$"
    chmod "$(case $file in bin/*) echo 755 ;; *) echo 644 ;; esac)" "$prefix/$file.tmp.$$"
    mv -f "$prefix/$file.tmp.$$" "$prefix/$file"
  fi
done
say "installed $("$prefix/bin/ledger" --version): ledger, git-ledger, ledger-hook and ledger-doctor in $prefix/bin, the man page and bash/zsh/fish completions in $prefix/share"

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
case $prefix in
  /usr | /usr/local) ;;
  *) say "zsh: add $prefix/share/zsh/site-functions to fpath before compinit for completions" ;;
esac
say "next: in each agent's shell, claim before editing (ledger claim PATH) and commit with ledger commit -m MSG"
