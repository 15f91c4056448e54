/// A coding agent AgentLedger wires into: its hook handlers (`ledger hook NAME EVENT`) and the
/// project file `ledger setup NAME` merges them into.
public struct AgentIntegration: Sendable {
  /// The name `ledger hook` and `ledger setup` take (`claude`, `codex`, `gemini`).
  public var name: String
  /// The agent's name for people (`Claude Code`).
  public var displayName: String
  /// The events `ledger hook NAME` handles.
  public var events: [String]
  /// The handler: the event, the payload read from standard input, the process context.
  public var handle: @Sendable (String, [UInt8], ProcessContext) -> AgentHookResponse
  /// The handlers to wire, running `ledger` as the given executable.
  public var handlers: @Sendable (String) -> [HooksSettingsMerge.Handler]
  /// The project file the handlers are merged into, relative to the work tree.
  public var settingsFile: String
  /// The file `--local` writes instead (not committed), when the agent has one.
  public var localSettingsFile: String?
  /// What `ledger setup NAME` tells the user after writing.
  public var afterword: String

  /// Every agent with edit-time hooks.
  public static let all: [AgentIntegration] = [
    AgentIntegration(
      name: "claude", displayName: "Claude Code", events: ClaudeHooks.events,
      handle: { ClaudeHooks.handle(event: $0, input: $1, context: $2) },
      handlers: { ClaudeSettings.handlers(executable: $0) },
      settingsFile: ".claude/settings.json", localSettingsFile: ".claude/settings.local.json",
      afterword: "Claude Code picks the hooks up in new sessions (or via /hooks)."),
    AgentIntegration(
      name: "codex", displayName: "Codex", events: CodexHooks.events,
      handle: { CodexHooks.handle(event: $0, input: $1, context: $2) },
      handlers: { CodexHooksFile.handlers(executable: $0) },
      settingsFile: ".codex/hooks.json", localSettingsFile: nil,
      afterword:
        "Codex runs project hooks once the project is trusted; older Codex versions also need `[features] hooks = true` in ~/.codex/config.toml. Codex asks you to trust new or changed hooks before it runs them."
    ),
    AgentIntegration(
      name: "gemini", displayName: "Gemini CLI", events: GeminiHooks.events,
      handle: { GeminiHooks.handle(event: $0, input: $1, context: $2) },
      handlers: { GeminiSettings.handlers(executable: $0) },
      settingsFile: ".gemini/settings.json", localSettingsFile: nil,
      afterword:
        "Gemini CLI picks the hooks up in new sessions (hooks are on unless hooksConfig.enabled is false); it asks you to trust project hooks that are new or changed. Each shell command Gemini runs is prefixed with export LEDGER_SESSION=gemini:<session>, so its commits are its session's."
    ),
  ]

  /// The agent called `name`, or `nil`.
  public static func named(_ name: String) -> AgentIntegration? {
    all.first { $0.name == name }
  }

  /// The names of every agent, for usage messages (`claude, codex and gemini`).
  public static var names: String {
    let names = all.map(\.name)
    guard names.count > 1 else { return names.joined() }
    return names.dropLast().joined(separator: ", ") + " and " + names[names.count - 1]
  }
}
