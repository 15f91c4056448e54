#!/bin/sh
# CI step (as root): installs the Debian package system-wide with apt-get, checks what it
# installed, runs examples/two-agents.sh with the installed binaries while no swift is on
# PATH, removes the package, and checks that none of its files is left.
#
#   scripts/check-package.sh DEB        e.g. dist/agentledger_0.1.0_amd64.deb
set -eu
[ $# -eq 1 ] || { echo "usage: scripts/check-package.sh DEB" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "check-package.sh: run as root (it installs and removes a package)" >&2; exit 3; }
root=$(cd "$(dirname "$0")/.." && pwd)
deb=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
[ -f "$deb" ] || { echo "check-package.sh: no package at $1 (scripts/package.sh makes one)" >&2; exit 3; }
say() { printf 'check-package.sh: %s\n' "$*"; }
fail() { echo "check-package.sh: $*" >&2; exit 1; }

package=$(dpkg-deb -f "$deb" Package)
if dpkg -s "$package" >/dev/null 2>&1; then
  fail "$package is already installed here; remove it first (dpkg -r $package)"
fi
# Every path the package ships (directories end in /), absolute.
files=$(dpkg-deb -c "$deb" | sed -e 's/^.* \.\//\//' -e 's/ -> .*//' | grep -v '/$')

work=$(mktemp -d "${TMPDIR:-/tmp}/agentledger-check.XXXXXX")
cleanup() {
  if dpkg -s "$package" >/dev/null 2>&1; then dpkg -r "$package" >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

say "installing $deb with apt-get (its Depends: $(dpkg-deb -f "$deb" Depends))"
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$deb" >"$work/apt.log" 2>&1 \
  || { cat "$work/apt.log" >&2; fail "apt-get install $deb failed"; }
for file in $files; do
  [ -e "$file" ] || fail "the package did not install $file"
done
/usr/bin/ledger --version | grep -q "^ledger $(dpkg-deb -f "$deb" Version) (commit [0-9a-f]" \
  || fail "/usr/bin/ledger --version does not name the package's version and a commit"
/usr/bin/ledger-doctor --help >/dev/null || fail "/usr/bin/ledger-doctor does not start (libgit2?)"
man -w ledger >/dev/null 2>&1 || fail "man cannot find ledger(1)"

# A PATH with every program of this one except Swift's.
mkdir "$work/bin"
old_ifs=$IFS
IFS=:
for dir in $PATH; do
  for program in "$dir"/*; do
    name=${program##*/}
    case $name in swift | swiftc | swift-*) continue ;; esac
    case $name in ledger | ledger-* | git-ledger) [ "$dir" = /usr/bin ] || continue ;; esac
    if [ -x "$program" ] && [ ! -e "$work/bin/$name" ]; then ln -s "$program" "$work/bin/$name"; fi
  done
done
IFS=$old_ifs
if PATH="$work/bin" command -v swift >/dev/null 2>&1; then fail "swift is still on PATH"; fi
[ "$(readlink "$work/bin/ledger")" = /usr/bin/ledger ] || fail "another ledger comes before /usr/bin on PATH"
say "running examples/two-agents.sh with /usr/bin/ledger and no swift on PATH"
env -u LEDGER_BIN PATH="$work/bin" TMPDIR="$work" sh "$root/examples/two-agents.sh" >"$work/example.log" 2>&1 \
  || { cat "$work/example.log" >&2; fail "examples/two-agents.sh failed with the installed package"; }
grep -q "two-agents.sh: done" "$work/example.log" || fail "examples/two-agents.sh did not finish"

say "removing $package"
DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq "$package" >"$work/apt.log" 2>&1 \
  || { cat "$work/apt.log" >&2; fail "apt-get remove $package failed"; }
dpkg -s "$package" >/dev/null 2>&1 && fail "$package is still installed after apt-get remove"
for file in $files; do
  if [ -e "$file" ] || [ -L "$file" ]; then fail "$file is left after apt-get remove"; fi
done
say "$package installed, ran two-agents.sh without swift, and removed cleanly"
