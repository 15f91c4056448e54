import LedgerCore

/// `ledger setup AGENT`: wire an agent's hook handlers into the project's hooks file.
enum SetupCommand {
  static let spec = CommandSpec(
    name: "setup",
    summary: "Wire the Claude Code, Codex CLI or Gemini CLI hook handlers into the project",
    usage: AgentIntegration.all.map {
      "setup \($0.name) [--print]\($0.localSettingsFile == nil ? "" : " [--local]")"
    },
    discussion: """
      Merges AgentLedger's hook handlers into the agent's project file — Claude Code: \
      .claude/settings.json (--local: .claude/settings.local.json), with SessionStart, \
      PreToolUse and PostToolUse on Edit|Write|MultiEdit|NotebookEdit, SubagentStop and \
      SessionEnd; Codex CLI: .codex/hooks.json, with SessionStart, PreToolUse and PostToolUse \
      on apply_patch|Edit|Write, SubagentStop and Stop; Gemini CLI: .gemini/settings.json, with \
      SessionStart, BeforeTool and AfterTool on write_file|replace, BeforeTool on \
      run_shell_command (which runs each command as the session) and SessionEnd — creating it \
      if needed and keeping \
      every key and hook already there, and says what it added. A second run changes \
      nothing. --print shows the snippet without writing. Codex may also need \
      `[features] hooks = true` in its config.toml.
      """,
    examples: [
      ("ledger setup claude", "wire this repository's Claude Code sessions"),
      ("ledger setup claude --print", "just show the JSON"),
      ("ledger setup codex", "wire this repository's Codex CLI sessions"),
      ("ledger setup gemini", "wire this repository's Gemini CLI sessions"),
    ],
    options: [
      .flag("print", "Print the hooks snippet instead of writing it."),
      .flag("local", "Write .claude/settings.local.json (not committed) instead."),
    ],
    positionals: (1, 1),
    completes: .words(AgentIntegration.all.map(\.name)),
    run: run)

  static func run(_ invocation: Invocation) throws(LedgerError) -> ExitCode {
    let name = invocation.arguments[0]
    guard let agent = AgentIntegration.named(name) else {
      throw .usage(
        "unknown agent '\(name)'; `ledger setup` supports \(AgentIntegration.names)",
        command: "setup")
    }
    let local = invocation.flag("local")
    if local && agent.localSettingsFile == nil {
      throw .usage("--local is for `ledger setup claude` only", command: "setup")
    }
    let handlers = agent.handlers(ledgerCommand(invocation.context))
    if invocation.flag("print") {
      invocation.output.write(try HooksSettingsMerge.snippet(handlers))
      return .success
    }
    let workspace = try Workspace.open(invocation.context)
    let file = local ? agent.localSettingsFile ?? agent.settingsFile : agent.settingsFile
    let path = FileSystem.join(workspace.repository.workTree, file)
    let changes = try HooksSettingsMerge.apply(
      handlers, to: path, rerun: "ledger setup \(agent.name)")
    guard !changes.isEmpty else {
      invocation.output.line(
        "\(path): AgentLedger's \(agent.displayName) hooks are already there; nothing changed.")
      return .success
    }
    invocation.output.line("\(path): added")
    for change in changes { invocation.output.line("  " + change) }
    invocation.output.line(agent.afterword)
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
