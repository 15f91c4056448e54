#!/bin/sh
# Stamps the version (the top-level VERSION file) and the commit (git rev-parse HEAD, plus
# "-dirty" when tracked files differ from it) into Sources/CBuildInfo/stamp.h, which
# `ledger --version` prints. Rewrites the file only when its contents change, so building the
# same commit twice compiles nothing again and gives the same binary; a new commit recompiles
# one C file and relinks. Run by scripts/package.sh and install.sh before they build.
#
#   scripts/stamp.sh          write the stamp, print "VERSION COMMIT"
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
version=$(tr -d ' \n' <"$root/VERSION")
case $version in
  '' | *[!0-9A-Za-z.~+-]*) echo "stamp.sh: $root/VERSION must hold one version like 1.2.3, not '$version'" >&2; exit 2 ;;
esac
commit=$(git -C "$root" rev-parse HEAD 2>/dev/null || true)
if [ -n "$commit" ] && ! git -C "$root" diff --quiet HEAD -- 2>/dev/null; then
  commit="$commit-dirty"
fi
stamp="$root/Sources/CBuildInfo/stamp.h"
new="$stamp.tmp.$$"
printf '// Written by scripts/stamp.sh; not checked in.\n#define AGENTLEDGER_VERSION "%s"\n#define AGENTLEDGER_COMMIT "%s"\n' \
  "$version" "$commit" >"$new"
if cmp -s "$new" "$stamp"; then
  rm -f "$new"
else
  created=0
  [ -e "$stamp" ] || created=1
  mv -f "$new" "$stamp"
  # A header that did not exist is not in the build's dependency list yet: touch the one file
  # that includes it so the build sees it.
  if [ "$created" -eq 1 ]; then touch "$root/Sources/CBuildInfo/build_info.c"; fi
fi
echo "$version ${commit:-unknown}"
