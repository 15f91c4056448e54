/// A faithful equivalent of Gerrit Code Review's commit-msg hook (written for these tests, not
/// copied; Gerrit's documented install is `curl -Lo .git/hooks/commit-msg
/// https://REVIEW/tools/hooks/commit-msg; chmod +x .git/hooks/commit-msg`). Like Gerrit's, it
/// needs exactly one argument, skips when `gerrit.createChangeId` is false or the subject is a
/// `fixup!`-style one, derives a deterministic id from the committer, HEAD and the message,
/// refuses an empty message (after the scissors line and comments are stripped), leaves a
/// message that already has a Change-Id alone, and otherwise adds `Change-Id: I<40 hex>` with
/// `git interpret-trailers`, replacing the file through a temporary one.
enum GerritCommitMsg {
  static let script = #"""
    #!/bin/sh
    # Equivalent of Gerrit's commit-msg hook: adds a Change-Id trailer.
    set -u
    if test "$#" != 1; then
      echo "$0 requires an argument."
      exit 1
    fi
    if test ! -f "$1"; then
      echo "file does not exist: $1"
      exit 1
    fi
    case "$(git config --get gerrit.createChangeId)" in false) exit 0 ;; esac
    if head -n1 "$1" | LC_ALL=C grep -q '^[a-z][a-z]*! '; then
      exit 0
    fi
    refhash=$(git rev-parse HEAD 2>/dev/null || git hash-object -t tree /dev/null)
    random=$({ git var GIT_COMMITTER_IDENT; echo "$refhash"; cat "$1"; } | git hash-object --stdin)
    dest="$1.tmp.${random}"
    trap 'rm -f "$dest" "$dest-2"' EXIT
    if ! sed -e '/^# -\{24\} >8 -\{24\}$/,$d' < "$1" | git stripspace --strip-comments > "$dest"; then
      echo "cannot strip comments from $1"
      exit 1
    fi
    if test ! -s "$dest"; then
      echo "file is empty: $1"
      exit 1
    fi
    if git interpret-trailers --parse < "$1" | grep -qi '^Change-Id: I[0-9a-f]'; then
      exit 0
    fi
    if ! git -c trailer.ifexists=doNothing interpret-trailers \
        --trailer "Change-Id: I${random}" < "$1" > "$dest-2"; then
      echo "cannot insert change-id line in $1"
      exit 1
    fi
    if ! mv "$dest-2" "$1"; then
      echo "cannot mv $dest-2 to $1"
      exit 1
    fi
    """#
}
