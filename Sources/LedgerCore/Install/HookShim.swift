/// The small files `ledger install` writes into a repository's hooks folder (the same text is
/// kept in the top-level `hooks/` folder, with the binary path as `@LEDGER_HOOK@`).
///
/// pre-commit, prepare-commit-msg and post-commit are *direct*: their first line is
/// `#!/path/to/ledger-hook --run=HOOK`, so git's exec starts `ledger-hook` itself, with no shell
/// in between (a shell costs about a millisecond per hook, on every commit). `ledger-hook` then
/// runs the hook that was there before (kept as `HOOK.pre-ledger`, with the same arguments and
/// standard input; its failure still fails the commit) and AgentLedger's check.
///
/// commit-msg is a POSIX `sh` shim: it skips the check without starting `ledger-hook` when no
/// editor runs (`GIT_EDITOR=:`, every agent commit), and runs AgentLedger first, so a trailer
/// it removes is gone before the other hook looks. A path that a `#!` line cannot hold (with a
/// space, or too long) gets the `sh` shim for every hook; the shim also finds `ledger-hook` on
/// `PATH` when the baked-in path is gone, and fails the commit with a clear message when
/// neither exists (post-commit only warns).
public enum HookShim {
  /// The marker that identifies AgentLedger's files; only files containing it are ever replaced
  /// or removed.
  public static let marker = HookFile.marker
  /// The shim format version; a different version is upgraded in place by `ledger install`.
  /// (3: the `sh` shim chains `$0.pre-ledger`, the file beside the one git or a hook manager
  /// ran, as the direct hooks do; 2 built the path from the hook's name, which re-entered the
  /// pre-commit framework's script when that tool had renamed the shim `HOOK.legacy`.)
  public static let version = 3
  /// The longest interpreter path a `#!` line is trusted to carry (Linux reads 256 bytes since
  /// 5.1, 128 before).
  public static let shebangLimit = 100
  /// The suffix of a pre-existing hook kept and chained by the shim.
  public static let chainedSuffix = HookFile.chainedSuffix

  /// True when `hookBinary` can be a `#!` interpreter: absolute, no white space, short.
  static func canRunDirectly(_ hookBinary: String) -> Bool {
    hookBinary.hasPrefix("/") && hookBinary.utf8.count <= shebangLimit
      && !hookBinary.unicodeScalars.contains { $0 == " " || $0 == "\t" || $0.value < 0x20 }
  }

  /// The file for `hook` running the `ledger-hook` at `hookBinary`.
  public static func render(hook: String, hookBinary: String) -> String {
    if hook != "commit-msg" && (canRunDirectly(hookBinary) || hookBinary == "@LEDGER_HOOK@") {
      return """
        #!\(hookBinary) --run=\(hook)
        # \(marker) v\(version): AgentLedger's \(hook) hook, written by `ledger install`.
        # git starts ledger-hook directly (no shell); it runs the hook this replaced, kept as
        # \(hook)\(chainedSuffix), then AgentLedger's check. `ledger uninstall` puts that one back.

        """
    }
    return shell(hook: hook, hookBinary: hookBinary)
  }

  /// The interpreter a direct hook file names, if `text` is one.
  public static func interpreter(of text: String) -> String? {
    guard text.hasPrefix("#!/"), let line = text.split(separator: "\n").first,
      let space = line.firstIndex(of: " "), line[space...].hasPrefix(" --run=")
    else { return nil }
    return String(line[line.index(line.startIndex, offsetBy: 2)..<space])
  }

  /// The `sh` shim for `hook`.
  static func shell(hook: String, hookBinary: String) -> String {
    let quoted = shellQuoted(hookBinary)
    let missing: String
    if HookRunner.recordingHooks.contains(hook) {
      missing = """
            echo "AgentLedger: \(hook) not recorded: ledger-hook is not at $expected and not on PATH." >&2
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
      // Without an editor (GIT_EDITOR=:) nothing writes the message after prepare-commit-msg,
      // whose stamp is then final (and which leaves an empty message or a template git will
      // refuse as it is), so the check is skipped: agents commit with -m, and pay only for
      // this shell.
      run = """
        if [ "${GIT_EDITOR-}" != ":" ]; then
          LEDGER_GIT_PID=$PPID "$ledger_hook" \(hook) "$@" || exit $?
        fi
        if [ -x "$previous" ]; then exec "$previous" "$@"; fi
        """
    } else if HookRunner.inputHooks.contains(hook) {
      // Both hooks read the same standard input (post-rewrite's OLD NEW lines).
      run = """
        input=$(cat; echo .)
        input=${input%.}
        if [ -x "$previous" ]; then printf '%s' "$input" | "$previous" "$@"; fi
        printf '%s' "$input" | LEDGER_GIT_PID=$PPID "$ledger_hook" \(hook) "$@"
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
      case $0 in */*) previous="$0\(chainedSuffix)" ;; *) previous="./$0\(chainedSuffix)" ;; esac
      \(run)

      """
  }

  /// The `ledger-hook` the shims should run: `LEDGER_HOOK_BIN`, else the one beside the running
  /// executable (`ledger` and `ledger-hook` are installed together).
  public static func installedBinary(_ context: ProcessContext) -> String {
    if let explicit = context.environment["LEDGER_HOOK_BIN"], !explicit.isEmpty { return explicit }
    guard let executable = context.executablePath else { return "ledger-hook" }
    return FileSystem.join(FileSystem.directoryName(of: executable), "ledger-hook")
  }

  /// True when `text` is one of AgentLedger's shims.
  public static func isShim(_ text: String) -> Bool { HookFile.isOurs(text) }

  /// `text` as one word of a POSIX shell command: as it is when that is safe, else quoted.
  public static func shellWord(_ text: String) -> String {
    let safe =
      !text.isEmpty
      && text.unicodeScalars.allSatisfy { scalar in
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
          || "/._-+@:,=".unicodeScalars.contains(scalar)
      }
    return safe ? text : shellQuoted(text)
  }

  /// `text` quoted for a POSIX shell: single quotes, with embedded ones spliced in.
  public static func shellQuoted(_ text: String) -> String {
    "'" + text.replacing("'", with: "'\\''") + "'"
  }
}
