/// The small POSIX shell scripts `ledger install` writes into a repository's hooks folder (the
/// same text is kept in the top-level `hooks/` folder, with the binary path as `@LEDGER_HOOK@`).
///
/// Each shim runs the hook that was there before it (kept as `HOOK.pre-ledger`, with the same
/// arguments and standard input, its failure still failing the commit), then `ledger-hook HOOK`;
/// commit-msg runs AgentLedger first, so a trailer it removes is gone before the other hook
/// looks. The shim finds `ledger-hook` at the path baked in at install time, else on `PATH`, and
/// fails the commit with a clear message when neither exists (post-commit only warns).
public enum HookShim {
  /// The marker that identifies AgentLedger's files; only files containing it are ever replaced
  /// or removed.
  public static let marker = "agentledger-shim"
  /// The shim format version; a different version is upgraded in place by `ledger install`.
  public static let version = 1
  /// The suffix of a pre-existing hook kept and chained by the shim.
  public static let chainedSuffix = ".pre-ledger"

  /// The shim for `hook` running the `ledger-hook` at `hookBinary`.
  public static func render(hook: String, hookBinary: String) -> String {
    let quoted = shellQuoted(hookBinary)
    let missing: String
    if hook == "post-commit" {
      missing = """
            echo "AgentLedger: post-commit not recorded: ledger-hook is not at $expected and not on PATH." >&2
            exit 0
        """
    } else {
      missing = """
            echo "AgentLedger: cannot run the \(hook) check: ledger-hook is not at $expected and not on PATH." >&2
            echo "AgentLedger: reinstall AgentLedger (./install.sh), or remove its hooks with 'ledger uninstall'." >&2
            exit 1
        """
    }
    let run: String
    if hook == "commit-msg" {
      // Without an editor (GIT_EDITOR=:) no trailer can be left alone in an empty message, so
      // the check is skipped: agents commit with -m, and pay only for this shell.
      run = """
        if [ "${GIT_EDITOR-}" != ":" ]; then
          LEDGER_GIT_PID=$PPID "$ledger_hook" \(hook) "$@" || exit $?
        fi
        if [ -x "$previous" ]; then exec "$previous" "$@"; fi
        """
    } else {
      run = """
        if [ -x "$previous" ]; then "$previous" "$@" || exit $?; fi
        LEDGER_GIT_PID=$PPID exec "$ledger_hook" \(hook) "$@"
        """
    }
    return """
      #!/bin/sh
      # \(marker) v\(version): AgentLedger's \(hook) hook, written by `ledger install`.
      # `ledger uninstall` removes it and puts back the hook it replaced (\(hook)\(chainedSuffix)).
      expected=\(quoted)
      ledger_hook=$expected
      if [ ! -x "$ledger_hook" ]; then
        ledger_hook=$(command -v ledger-hook) || {
      \(missing)
        }
      fi
      case $0 in */*) previous="${0%/*}/\(hook)\(chainedSuffix)" ;; *) previous="./\(hook)\(chainedSuffix)" ;; esac
      \(run)

      """
  }

  /// True when `text` is one of AgentLedger's shims.
  public static func isShim(_ text: String) -> Bool { text.contains(marker) }

  /// `text` quoted for a POSIX shell: single quotes, with embedded ones spliced in.
  public static func shellQuoted(_ text: String) -> String {
    "'" + text.replacing("'", with: "'\\''") + "'"
  }
}
