/// Merges AgentLedger's hook handlers into an agent's JSON hooks file — Claude Code's
/// `.claude/settings.json`, Codex's `.codex/hooks.json`, Gemini CLI's `.gemini/settings.json` —
/// all of which share one shape: `hooks.<Event>[] = {matcher?, hooks: [{type: "command",
/// command, timeout}]}`. Every key and hook already there is kept; a handler whose command is
/// already wired is left as it is, so a second run changes nothing, not even a byte.
public enum HooksSettingsMerge {
  /// One handler to wire: the event, its matcher (`nil`: every occurrence), the command and its
  /// timeout in the agent's unit (seconds for Claude and Codex, milliseconds for Gemini).
  public struct Handler: Sendable, Equatable {
    public var event: String
    public var matcher: String?
    public var command: String
    public var timeout: Int

    /// A handler.
    public init(event: String, matcher: String?, command: String, timeout: Int) {
      self.event = event
      self.matcher = matcher
      self.command = command
      self.timeout = timeout
    }
  }

  /// How a hook command names `ledger` at `executable`: as it is when the shell reads it
  /// unchanged, shell-quoted otherwise.
  public static func ledgerWord(_ executable: String) -> String {
    HookShim.shellQuoted(executable) == "'\(executable)'" && !executable.contains(" ")
      ? executable : HookShim.shellQuoted(executable)
  }

  /// The settings with the handlers merged in, and a line per change (empty: nothing to do).
  public static func merge(_ settings: JSONValue, handlers: [Handler]) throws(LedgerError)
    -> (JSONValue, [String])
  {
    guard settings.objectValue != nil else {
      throw LedgerError(.badInput, "the file does not hold a JSON object")
    }
    var hooks = settings["hooks"] ?? .object([])
    guard hooks.objectValue != nil else {
      throw LedgerError(.badInput, "the file's \"hooks\" is not an object")
    }
    var changes: [String] = []
    for handler in handlers {
      var groups = hooks[handler.event] ?? .array([])
      guard var list = groups.arrayValue else {
        throw LedgerError(.badInput, "the file's hooks.\(handler.event) is not an array")
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

  /// The snippet `ledger setup AGENT --print` shows: the handlers merged into an empty file.
  public static func snippet(_ handlers: [Handler]) throws(LedgerError) -> String {
    JSONWriter.pretty(try merge(.object([]), handlers: handlers).0)
  }

  /// Merges the handlers into the file at `path` (created with its folder when missing),
  /// keeping its indentation; the changes made (empty: the file was left untouched).
  ///
  /// - Throws: `.badInput` naming the file when it is not valid JSON or not shaped as a hooks
  ///   file (the file is left as it was; `rerun` is the command to run once it is fixed);
  ///   `.environment` when it cannot be written.
  public static func apply(_ handlers: [Handler], to path: String, rerun: String)
    throws(LedgerError) -> [String]
  {
    let hint = "Fix the file, then run `\(rerun)` again (or see the snippet with --print)."
    var settings = JSONValue.object([])
    var indent = 2
    if let bytes = try? FileSystem.readIfPresent(path) {
      do {
        settings = try JSONParser.parse(bytes)
      } catch {
        throw LedgerError(
          .badInput, "\(path) is not valid JSON (\(error)); it was left as it was", hint: hint)
      }
      indent = indentation(of: String(decoding: bytes, as: UTF8.self))
    }
    let merged: JSONValue
    let changes: [String]
    do {
      (merged, changes) = try merge(settings, handlers: handlers)
    } catch {
      throw LedgerError(.badInput, "\(path): \(error.message); it was left as it was", hint: hint)
    }
    guard !changes.isEmpty else { return [] }
    do {
      try FileSystem.createDirectory(FileSystem.directoryName(of: path))
      try FileSystem.writeAtomically(path, Array(JSONWriter.pretty(merged, indent: indent).utf8))
    } catch {
      throw .system(error)
    }
    return changes
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
