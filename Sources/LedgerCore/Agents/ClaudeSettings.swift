/// Merges AgentLedger's hook handlers into a Claude Code settings file (`.claude/settings.json`),
/// keeping every key and hook already there. Idempotent: when everything is present, nothing
/// changes, not even a byte.
public enum ClaudeSettings {
  /// One handler to wire: the event, its matcher (`nil`: every occurrence) and the command.
  public struct Handler: Sendable, Equatable {
    public var event: String
    public var matcher: String?
    public var command: String
    public var timeout: Int
  }

  /// The tools whose edits are guarded.
  public static let editTools = "Edit|Write|MultiEdit|NotebookEdit"

  /// The handlers, running `ledger` as `executable`.
  public static func handlers(executable: String) -> [Handler] {
    let ledger =
      HookShim.shellQuoted(executable) == "'\(executable)'" && !executable.contains(" ")
      ? executable : HookShim.shellQuoted(executable)
    return [
      Handler(
        event: "SessionStart", matcher: nil, command: "\(ledger) hook claude session-start",
        timeout: 10),
      Handler(
        event: "PreToolUse", matcher: editTools, command: "\(ledger) hook claude pre-edit",
        timeout: 10),
      Handler(
        event: "PostToolUse", matcher: editTools, command: "\(ledger) hook claude post-edit",
        timeout: 10),
      Handler(
        event: "SubagentStop", matcher: nil, command: "\(ledger) hook claude subagent-stop",
        timeout: 10),
      Handler(
        event: "SessionEnd", matcher: nil, command: "\(ledger) hook claude session-end", timeout: 5),
    ]
  }

  /// The settings with the handlers merged in, and a line per change (empty: nothing to do).
  public static func merge(_ settings: JSONValue, handlers: [Handler]) throws(LedgerError)
    -> (JSONValue, [String])
  {
    guard settings.objectValue != nil else {
      throw LedgerError(.badInput, "the settings file does not hold a JSON object")
    }
    var hooks = settings["hooks"] ?? .object([])
    guard hooks.objectValue != nil else {
      throw LedgerError(.badInput, "the settings file's \"hooks\" is not an object")
    }
    var changes: [String] = []
    for handler in handlers {
      var groups = hooks[handler.event] ?? .array([])
      guard var list = groups.arrayValue else {
        throw LedgerError(.badInput, "the settings file's hooks.\(handler.event) is not an array")
      }
      let present = list.contains { group in
        group["hooks"]?.arrayValue?.contains { $0["command"]?.stringValue == handler.command }
          ?? false
      }
      if present { continue }
      let entry = JSONValue.object([
        ("type", .string("command")), ("command", .string(handler.command)),
        ("timeout", .integer(Int64(handler.timeout))),
      ])
      if let index = list.firstIndex(where: { $0["matcher"]?.stringValue == handler.matcher }),
        let existing = list[index]["hooks"]?.arrayValue
      {
        list[index] = list[index].setting("hooks", to: .array(existing + [entry]))
      } else {
        var group: [(key: String, value: JSONValue)] = []
        if let matcher = handler.matcher { group.append(("matcher", .string(matcher))) }
        group.append(("hooks", .array([entry])))
        list.append(.object(group))
      }
      groups = .array(list)
      hooks = hooks.setting(handler.event, to: groups)
      changes.append(
        "\(handler.event)\(handler.matcher.map { " (\($0))" } ?? ""): \(handler.command)")
    }
    return (settings.setting("hooks", to: hooks), changes)
  }

  /// The indentation a JSON file uses (the leading spaces of its first indented line), or 2.
  public static func indentation(of text: String) -> Int {
    for line in text.split(separator: "\n").dropFirst() {
      let spaces = line.prefix(while: { $0 == " " }).count
      if spaces > 0 { return spaces }
    }
    return 2
  }
}
