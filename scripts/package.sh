#!/bin/sh
# Builds the release archive and the Debian package from one set of release binaries:
#
#   scripts/package.sh [--out DIR] [--no-build | --bin-dir DIR]
#
#   DIR/agentledger-VERSION-linux-ARCH.tar.gz         the tree scripts/stage.sh lays out
#   DIR/agentledger-VERSION-linux-ARCH.tar.gz.sha256
#   DIR/agentledger_VERSION_DEBARCH.deb               /usr/bin/ledger…, man page, completions
#
# DIR defaults to dist/. --no-build packages the release binaries already built; --bin-dir
# packages the ones in DIR without running swift at all (tests do, while SwiftPM holds .build).
# Either way the binaries must say the version and commit of this checkout. The version
# comes from VERSION and the commit from git (scripts/stamp.sh); file dates are the commit's
# date and owners are root, so packaging one commit twice gives the same archive.
# `ledger` and `ledger-hook` are fully static; `ledger-doctor` loads Debian's libgit2 (the
# package depends on what dpkg-shlibdeps finds it loads, plus git, which every binary runs).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/dist"
build=1
bin_dir=""
while [ $# -gt 0 ]; do
  case $1 in
    --out) [ $# -ge 2 ] || { echo "package.sh: --out needs a directory" >&2; exit 2; }
           out=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    --bin-dir) [ $# -ge 2 ] || { echo "package.sh: --bin-dir needs a directory" >&2; exit 2; }
               bin_dir=$2; build=0; shift 2 ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "package.sh: unknown argument $1 (see scripts/package.sh --help)" >&2; exit 2 ;;
  esac
done
say() { printf 'package.sh: %s\n' "$*"; }
for tool in dpkg-deb dpkg-shlibdeps sha256sum; do
  command -v "$tool" >/dev/null 2>&1 || {
    echo "package.sh: $tool is missing; install it: apt-get install -y dpkg-dev coreutils" >&2
    exit 3
  }
done

stamp=$("$root/scripts/stamp.sh")
version=${stamp% *}
commit=${stamp#* }
case $(uname -m) in
  x86_64) arch=x86_64 deb_arch=amd64 ;;
  aarch64) arch=aarch64 deb_arch=arm64 ;;
  *) echo "package.sh: no package name for machine $(uname -m)" >&2; exit 3 ;;
esac
SOURCE_DATE_EPOCH=$(git -C "$root" log -1 --format=%ct 2>/dev/null || echo 0)
export SOURCE_DATE_EPOCH

cd "$root"
if [ "$build" -eq 1 ]; then
  say "building release binaries of $version ($commit)"
  for product in ledger ledger-hook ledger-doctor; do
    swift build -c release --static-swift-stdlib --product "$product" >/dev/null
  done
fi
[ -n "$bin_dir" ] || bin_dir=$(swift build -c release --static-swift-stdlib --show-bin-path)
stamped=$("$bin_dir/ledger" --version)
[ "$stamped" = "ledger $version (commit $commit)" ] || {
  echo "package.sh: $bin_dir/ledger says '$stamped', not $version ($commit); build them again (scripts/package.sh without --no-build or --bin-dir)" >&2
  exit 3
}

work=$(mktemp -d "${TMPDIR:-/tmp}/agentledger-package.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"
out=$(cd "$out" && pwd)

# 1. The archive.
name="agentledger-$version-linux-$arch"
"$root/scripts/stage.sh" "$bin_dir" "$work/$name"
find "$work/$name" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
archive="$out/$name.tar.gz"
tar -C "$work" --sort=name --owner=0 --group=0 --numeric-owner --format=gnu -cf - "$name" \
  | gzip -n -9 >"$archive"
(cd "$out" && sha256sum "$name.tar.gz" >"$name.tar.gz.sha256")
say "wrote $archive"

# 2. The Debian package, from the same staged files.
deb="$work/deb"
tree="$work/$name"
mkdir -p "$deb/DEBIAN" "$deb/usr/bin" "$deb/usr/share/man/man1" \
  "$deb/usr/share/bash-completion/completions" "$deb/usr/share/zsh/vendor-completions" \
  "$deb/usr/share/fish/vendor_completions.d" "$deb/usr/share/doc/agentledger"
for tool in ledger ledger-hook ledger-doctor; do cp -p "$tree/bin/$tool" "$deb/usr/bin/$tool"; done
ln -s ledger "$deb/usr/bin/git-ledger"
gzip -n -9 -c "$tree/share/man/man1/ledger.1" >"$deb/usr/share/man/man1/ledger.1.gz"
cp -p "$tree/share/bash-completion/completions/ledger" "$deb/usr/share/bash-completion/completions/"
cp -p "$tree/share/zsh/site-functions/_ledger" "$deb/usr/share/zsh/vendor-completions/"
cp -p "$tree/share/fish/vendor_completions.d/ledger.fish" "$deb/usr/share/fish/vendor_completions.d/"
gzip -n -9 -c "$tree/README.md" >"$deb/usr/share/doc/agentledger/README.md.gz"

# What the binaries load: dpkg-shlibdeps on each dynamic one (static ones load nothing).
mkdir -p "$work/shlibs/debian"
printf 'Source: agentledger\n\nPackage: agentledger\nArchitecture: any\n' >"$work/shlibs/debian/control"
dynamic=""
for tool in ledger ledger-hook ledger-doctor; do
  if readelf -d "$deb/usr/bin/$tool" 2>/dev/null | grep -q NEEDED; then dynamic="$dynamic $deb/usr/bin/$tool"; fi
done
shlibs=""
if [ -n "$dynamic" ]; then
  # shellcheck disable=SC2086
  shlibs=$(cd "$work/shlibs" && dpkg-shlibdeps -O $dynamic 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
fi
depends="git (>= 1:2.31)${shlibs:+, $shlibs}"
size=$(du -sk "$deb/usr" | cut -f1)
cat >"$deb/DEBIAN/control" <<CONTROL
Package: agentledger
Version: $version
Architecture: $deb_arch
Maintainer: AgentLedger maintainers <agentledger@example.invalid>
Installed-Size: $size
Depends: $depends
Section: vcs
Priority: optional
Description: claim files so parallel AI agents each commit only their own work
 Git hooks and a command line (ledger, git ledger) that let several AI coding
 agents work in one checkout while each commits only its own work: agents claim
 files, pre-commit rejects a commit staging another session's claimed file, and
 every commit is stamped with its session and recorded in an audit log.
 Built from commit $commit.
CONTROL
find "$deb" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
package="$out/agentledger_${version}_$deb_arch.deb"
dpkg-deb --root-owner-group -Zxz --build "$deb" "$package" >/dev/null
say "wrote $package (Depends: $depends)"
