import LedgerCore

/// `ledger setup (claude|codex)`: wire the Claude Code hook handlers into
/// `.claude/settings.json`, or the Codex CLI ones into `.codex/hooks.json`.
enum SetupCommand {
  static let spec = CommandSpec(
    name: "setup",
    summary: "Wire the Claude Code (or Codex CLI) hook handlers into the project",
    usage: ["setup claude [--print] [--local]", "setup codex [--print]"],
    discussion: """
      Merges AgentLedger's four Claude Code hooks (SessionStart, PreToolUse and PostToolUse on \
      Edit|Write|MultiEdit|NotebookEdit, SessionEnd) into the repository's \
      .claude/settings.json (--local: .claude/settings.local.json), creating it if needed and \
      keeping every key and hook already there. A second run changes nothing. --print shows \
      the snippet without writing. `setup codex` merges the Codex CLI handlers (SessionStart, \
      PreToolUse and PostToolUse on apply_patch|Edit|Write, Stop) into .codex/hooks.json the \
      same way; Codex may also need `[features] hooks = true` in its config.toml.
      """,
    examples: [
      ("ledger setup claude", "wire this repository's Claude Code sessions"),
      ("ledger setup claude --print", "just show the JSON"),
      ("ledger setup codex", "wire this repository's Codex CLI sessions"),
    ],
    options: [
      .flag("print", "Print the hooks snippet instead of writing it."),
      .flag("local", "Write .claude/settings.local.json (not committed) instead."),
    ],
    positionals: (1, 1),
    completes: .words(["claude", "codex"]),
    run: run)

  static func run(_ invocation: Invocation) throws(LedgerError) -> ExitCode {
    if invocation.arguments[0] == "codex" { return try codex(invocation) }
    guard invocation.arguments[0] == "claude" else {
      throw .usage(
        "unknown agent '\(invocation.arguments[0])'; `ledger setup` supports claude and codex",
        command: "setup")
    }
    let handlers = ClaudeSettings.handlers(executable: ledgerCommand(invocation.context))
    if invocation.flag("print") {
      let (snippet, _) = try ClaudeSettings.merge(.object([]), handlers: handlers)
      invocation.output.write(JSONWriter.pretty(snippet))
      return .success
    }
    let workspace = try Workspace.open(invocation.context)
    let directory = FileSystem.join(workspace.repository.workTree, ".claude")
    let path = FileSystem.join(
      directory, invocation.flag("local") ? "settings.local.json" : "settings.json")
    var settings = JSONValue.object([])
    var indent = 2
    if let bytes = try? FileSystem.readIfPresent(path) {
      do {
        settings = try JSONParser.parse(bytes)
      } catch {
        throw LedgerError(
          .badInput, "\(path) is not valid JSON (\(error)); it was left as it was",
          hint:
            "Fix the file, then run `ledger setup claude` again (or see the snippet with --print).")
      }
      indent = ClaudeSettings.indentation(of: String(decoding: bytes, as: UTF8.self))
    }
    let (merged, changes) = try ClaudeSettings.merge(settings, handlers: handlers)
    guard !changes.isEmpty else {
      invocation.output.line(
        "\(path): AgentLedger's Claude Code hooks are already there; nothing changed.")
      return .success
    }
    do {
      try FileSystem.createDirectory(directory)
      try FileSystem.writeAtomically(path, Array(JSONWriter.pretty(merged, indent: indent).utf8))
    } catch {
      throw .system(error)
    }
    invocation.output.line("\(path): added")
    for change in changes { invocation.output.line("  " + change) }
    invocation.output.line("Claude Code picks the hooks up in new sessions (or via /hooks).")
    return .success
  }

  /// `ledger setup codex`: the Codex handlers merged into the project's `.codex/hooks.json`.
  static func codex(_ invocation: Invocation) throws(LedgerError) -> ExitCode {
    if invocation.flag("local") {
      throw .usage("--local is for `ledger setup claude` only", command: "setup")
    }
    let handlers = CodexHooksFile.handlers(executable: ledgerCommand(invocation.context))
    if invocation.flag("print") {
      let (snippet, _) = try ClaudeSettings.merge(.object([]), handlers: handlers)
      invocation.output.write(JSONWriter.pretty(snippet))
      return .success
    }
    let workspace = try Workspace.open(invocation.context)
    let directory = FileSystem.join(workspace.repository.workTree, ".codex")
    let path = FileSystem.join(directory, "hooks.json")
    var file = JSONValue.object([])
    var indent = 2
    if let bytes = try? FileSystem.readIfPresent(path) {
      do {
        file = try JSONParser.parse(bytes)
      } catch {
        throw LedgerError(
          .badInput, "\(path) is not valid JSON (\(error)); it was left as it was",
          hint:
            "Fix the file, then run `ledger setup codex` again (or see the snippet with --print).")
      }
      indent = ClaudeSettings.indentation(of: String(decoding: bytes, as: UTF8.self))
    }
    let merged: JSONValue
    let changes: [String]
    do {
      (merged, changes) = try ClaudeSettings.merge(file, handlers: handlers)
    } catch {
      throw LedgerError(
        .badInput, "\(path): " + error.message.replacing("the settings file", with: "the file"),
        hint: "Fix the file, then run `ledger setup codex` again (or see the snippet with --print)."
      )
    }
    guard !changes.isEmpty else {
      invocation.output.line(
        "\(path): AgentLedger's Codex hooks are already there; nothing changed.")
      return .success
    }
    do {
      try FileSystem.createDirectory(directory)
      try FileSystem.writeAtomically(path, Array(JSONWriter.pretty(merged, indent: indent).utf8))
    } catch {
      throw .system(error)
    }
    invocation.output.line("\(path): added")
    for change in changes { invocation.output.line("  " + change) }
    invocation.output.line(
      "Codex runs project hooks once the project is trusted; older Codex versions also need `[features] hooks = true` in ~/.codex/config.toml. Codex asks you to trust new or changed hooks before it runs them."
    )
    return .success
  }

  /// `ledger` when the `ledger` on PATH is this one; otherwise this executable's absolute path.
  static func ledgerCommand(_ context: ProcessContext) -> String {
    guard let executable = context.executablePath else { return "ledger" }
    for directory in (context.environment["PATH"] ?? "").split(separator: ":") {
      let candidate = FileSystem.join(String(directory), "ledger")
      if FileSystem.isExecutable(candidate) {
        return FileSystem.realPath(candidate) == executable ? "ledger" : executable
      }
    }
    return executable
  }
}
