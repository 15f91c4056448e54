#!/bin/sh
# Lays out built binaries as AgentLedger installs them, in DEST:
#
#   scripts/stage.sh BIN_DIR DEST
#
#   DEST/bin/ledger, ledger-hook, ledger-doctor    copied from BIN_DIR, stripped
#   DEST/bin/git-ledger                            -> ledger (`git ledger …`)
#   DEST/share/man/man1/ledger.1                   `ledger help --man`
#   DEST/share/bash-completion/completions/ledger  `ledger completions bash`
#   DEST/share/zsh/site-functions/_ledger          `ledger completions zsh`
#   DEST/share/fish/vendor_completions.d/ledger.fish
#   DEST/share/doc/agentledger/README.md, hooks/   the README and the hook templates
#   DEST/install.sh, DEST/README.md                so an unpacked archive installs itself
#   DEST/SHA256SUMS                                every file above
#
# The release archive is this tree; install.sh installs bin/ and share/ of it under a prefix
# whether it built the binaries or unpacked them, so both ways end in the same layout.
set -eu
[ $# -eq 2 ] || { echo "usage: scripts/stage.sh BIN_DIR DEST" >&2; exit 2; }
bin_dir=$1
dest=$2
root=$(cd "$(dirname "$0")/.." && pwd)

for tool in ledger ledger-hook ledger-doctor; do
  [ -x "$bin_dir/$tool" ] || { echo "stage.sh: $bin_dir/$tool is missing; build it first (swift build -c release)" >&2; exit 3; }
done
rm -rf "$dest"
mkdir -p "$dest/bin" "$dest/share/man/man1" "$dest/share/bash-completion/completions" \
  "$dest/share/zsh/site-functions" "$dest/share/fish/vendor_completions.d" \
  "$dest/share/doc/agentledger/hooks"
# Installed binaries carry no symbol tables or debug sections: half the size (ledger-hook
# 18 MB -> 10 MB), the same start-up (bench/startup.sh); a crash report shows addresses only.
command -v strip >/dev/null 2>&1 || {
  echo "stage.sh: strip is missing; install binutils (apt-get install binutils)" >&2; exit 3; }
for tool in ledger ledger-hook ledger-doctor; do
  cp "$bin_dir/$tool" "$dest/bin/$tool"
  strip --strip-all "$dest/bin/$tool"
  chmod 755 "$dest/bin/$tool"
done
ln -s ledger "$dest/bin/git-ledger"

ledger="$dest/bin/ledger"
"$ledger" help --man >"$dest/share/man/man1/ledger.1"
"$ledger" completions bash >"$dest/share/bash-completion/completions/ledger"
"$ledger" completions zsh >"$dest/share/zsh/site-functions/_ledger"
"$ledger" completions fish >"$dest/share/fish/vendor_completions.d/ledger.fish"
cp "$root/README.md" "$dest/share/doc/agentledger/README.md"
cp "$root/README.md" "$dest/README.md"
for hook in "$root"/hooks/*; do cp "$hook" "$dest/share/doc/agentledger/hooks/"; done
cp "$root/install.sh" "$dest/install.sh"
chmod 755 "$dest/install.sh"
find "$dest/share" "$dest/README.md" -type f -exec chmod 644 {} +
find "$dest" -type d -exec chmod 755 {} +

# The checksums are written beside the tree and moved in, so the list never reads itself.
sums=$(mktemp "${TMPDIR:-/tmp}/agentledger-sums.XXXXXX")
(cd "$dest" && find . -type f | LC_ALL=C sort | sed 's|^\./||' \
  | while IFS= read -r file; do sha256sum "$file"; done) >"$sums"
mv "$sums" "$dest/SHA256SUMS"
chmod 644 "$dest/SHA256SUMS"
