import Foundation

/// The real Claude Code CLI (the binary PyPI's claude-agent-sdk wheel bundles, installed by
/// `scripts/get-claude-code.sh`) driven offline: `../shared/tools/fake-anthropic-api.py` plays a
/// scripted conversation on 127.0.0.1, and the CLI runs the hooks `ledger setup claude` wired in
/// a temporary repository, with the built `ledger` on its `PATH`. No network, no key.
enum ClaudeCLI {
  /// The package root, found from this file's path.
  static let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  /// Something a test needs that is not on this machine, and how to get it.
  struct Missing: Error, CustomStringConvertible {
    var description: String
  }

  /// `LEDGER_TEST_CLAUDE`, else `$AGENTLEDGER_TOOLS/claude/claude` (where
  /// `scripts/get-claude-code.sh` puts it). A missing CLI fails the test, never skips it.
  static func require() throws -> URL {
    let candidates = [
      ProcessInfo.processInfo.environment["LEDGER_TEST_CLAUDE"],
      HookTools.directory + "/claude/claude",
    ]
    guard
      let path = candidates.compactMap({ $0 }).first(where: {
        FileManager.default.isExecutableFile(atPath: $0)
      })
    else {
      throw Missing(
        description:
          "the Claude Code CLI is not installed: run scripts/get-claude-code.sh (it caches the"
          + " binary under \(HookTools.directory)/claude), or set LEDGER_TEST_CLAUDE to a claude"
          + " binary")
    }
    return URL(fileURLWithPath: path)
  }

  /// `$AGENTLEDGER_SHARED/tools/fake-anthropic-api.py`, else the one in `../shared` beside the
  /// package (as CI lays it out).
  static func fakeAPIScript() throws -> URL {
    let candidates = [ProcessInfo.processInfo.environment["AGENTLEDGER_SHARED"], "../shared"]
      .compactMap { $0 }.map { folder in
        URL(fileURLWithPath: folder, relativeTo: packageRoot)
          .appendingPathComponent("tools/fake-anthropic-api.py").standardizedFileURL
      }
    guard let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0.path) })
    else {
      throw Missing(
        description:
          "no fake-anthropic-api.py in \(candidates.map(\.path)): set AGENTLEDGER_SHARED to the"
          + " shared folder (the one holding tools/fake-anthropic-api.py)")
    }
    return found
  }

  // MARK: The scripted Messages API

  /// One model turn: call tools (in parallel when several), or end the turn with a text.
  enum Turn {
    case tools([(name: String, input: [String: Any])])
    case text(String)

    /// One tool call.
    static func tool(_ name: String, _ input: [String: Any]) -> Turn { .tools([(name, input)]) }

    var json: [String: Any] {
      switch self {
      case .tools(let calls): return ["tools": calls.map { ["name": $0.name, "input": $0.input] }]
      case .text(let text): return ["text": text]
      }
    }
  }

  /// One request the fake API received, as it logs it.
  struct Request {
    /// The start of the conversation's first user message.
    var first: String
    /// The names of the tools the request offered.
    var tools: [String]
    /// The start (800 characters) of the request's last message, as JSON: the tool results the
    /// model reads (for the main agent; a subagent's requests end with a system message).
    var last: String
  }

  /// A running `fake-anthropic-api.py`: each conversation (`match`: a text its first user
  /// message contains) plays its turns in order, one per request.
  final class API {
    let process = Process()
    let port: Int
    let log: URL

    init(_ conversations: [(match: String, turns: [Turn])], in directory: URL) throws {
      let script = directory.appendingPathComponent("fake-api-script.json")
      let document: [String: Any] = [
        "conversations": conversations.map { ["match": $0.match, "turns": $0.turns.map(\.json)] }
      ]
      try JSONSerialization.data(withJSONObject: document).write(to: script)
      log = directory.appendingPathComponent("fake-api-requests.jsonl")
      process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
      process.arguments = ["python3", try ClaudeCLI.fakeAPIScript().path]
      var environment = ProcessInfo.processInfo.environment
      environment["FAKE_SCRIPT"] = script.path
      environment["FAKE_LOG"] = log.path
      environment["FAKE_PORT"] = "0"
      process.environment = environment
      let output = Pipe()
      process.standardOutput = output
      try process.run()
      // The port is the first line (read from the pipe: under load Python takes seconds).
      var line = Data()
      while !line.contains(UInt8(ascii: "\n")) {
        let chunk = output.fileHandleForReading.availableData
        if chunk.isEmpty { break }
        line.append(chunk)
      }
      guard
        let port = Int(
          String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
      else {
        kill(process.processIdentifier, SIGKILL)
        throw ShapeError("fake-anthropic-api.py did not start (no port on its first line)")
      }
      self.port = port
    }

    /// The requests received so far, in order.
    var requests: [Request] {
      let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
      return text.split(separator: "\n").compactMap { line in
        guard let value = try? JSON.parse(String(line)) else { return nil }
        return Request(
          first: value["first"]?.stringValue ?? "",
          tools: value["tools"]?.arrayValue?.compactMap(\.stringValue) ?? [],
          last: value["last"]?.stringValue ?? "")
      }
    }

    deinit {
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
    }
  }

  // MARK: A wired repository

  /// Wires `repo` as a user would (`ledger setup claude`, `ledger install`), plus a hook in
  /// `.claude/settings.local.json` that keeps every payload Claude sends (one file each, named
  /// so that they sort in arrival order) in `payloadFolder(repo)`.
  static func wire(_ repo: TempRepository) async throws {
    for arguments in [["setup", "claude"], ["install"]] {
      let result = try await repo.ledger(arguments)
      guard result.exited(0) else { throw CommandFailure(result: result) }
    }
    let folder = payloadFolder(repo)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let command = "cat > \"\(folder.path)/$(date +%s%N)-$$.json\""
    var hooks: [String: Any] = [:]
    for event in ["SessionStart", "PreToolUse", "PostToolUse", "SubagentStart", "SubagentStop"] {
      hooks[event] = [["matcher": "*", "hooks": [["type": "command", "command": command]]]]
    }
    for event in ["SessionEnd"] {
      hooks[event] = [["hooks": [["type": "command", "command": command]]]]
    }
    try JSONSerialization.data(withJSONObject: ["hooks": hooks], options: [.prettyPrinted])
      .write(to: repo.url(".claude/settings.local.json"))
  }

  /// Where `wire` keeps the payloads (outside the work tree).
  static func payloadFolder(_ repo: TempRepository) -> URL {
    repo.root.appendingPathComponent("claude-payloads")
  }

  /// What one `claude -p` run left behind.
  struct Run: CustomStringConvertible {
    /// The process's exit and output.
    var result: CommandResult
    /// Every hook payload Claude sent, in arrival order.
    var payloads: [JSON]
    /// Claude's `HOME` (it keeps the transcripts under `.claude/projects`).
    var home: URL

    /// The `session_id` of the run (from its SessionStart payload).
    var sessionID: String? {
      payloads.first { $0["hook_event_name"]?.stringValue == "SessionStart" }?["session_id"]?
        .stringValue
    }

    /// The payloads of `event` (and of `tool`, when given).
    func payloads(_ event: String, tool: String? = nil) -> [JSON] {
      payloads.filter {
        $0["hook_event_name"]?.stringValue == event
          && (tool == nil || $0["tool_name"]?.stringValue == tool)
      }
    }

    /// The transcript of subagent `agentID` (`…/subagents/agent-<id>.jsonl`): the messages it
    /// read, tool results (and so deny reasons) included.
    func subagentTranscript(_ agentID: String) -> String {
      let projects = home.appendingPathComponent(".claude/projects")
      let files = FileManager.default.enumerator(atPath: projects.path)?.allObjects as? [String]
      guard let file = files?.first(where: { $0.hasSuffix("/agent-\(agentID).jsonl") }) else {
        return ""
      }
      return (try? String(contentsOf: projects.appendingPathComponent(file), encoding: .utf8))
        ?? ""
    }

    var description: String {
      "\(result)\npayloads:\n" + payloads.map(\.description).joined(separator: "\n")
    }
  }

  /// Runs `claude -p PROMPT` in `repo` against `api`, non-interactive and as root allows it:
  /// `--permission-mode acceptEdits --allowedTools Bash`. The built `ledger` is first on `PATH`;
  /// `HOME` is the sandbox's, so no user setting or login is read.
  static func run(_ claude: URL, in repo: TempRepository, api: API, prompt: String)
    async throws -> Run
  {
    let path = Executables.directory.path + ":" + Executables.searchPath
    // Claude keeps task output and sockets under $TMPDIR/claude-UID: keep them in the sandbox.
    let temporary = repo.root.appendingPathComponent("tmp")
    try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
    let result = try await repo.runner.run(
      [
        "90", claude.path, "-p", prompt, "--permission-mode", "acceptEdits", "--allowedTools",
        "Bash",
      ], in: repo.path,
      environment: [
        "PATH": path, "ANTHROPIC_BASE_URL": "http://127.0.0.1:\(api.port)",
        "ANTHROPIC_API_KEY": "offline", "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC": "1",
        "DISABLE_AUTOUPDATER": "1", "TMPDIR": temporary.path,
      ], stdin: "", executable: URL(fileURLWithPath: "/usr/bin/timeout"))
    let folder = payloadFolder(repo)
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    let payloads = names.sorted().compactMap { name -> JSON? in
      guard let text = try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
      else { return nil }
      return try? JSON.parse(text)
    }
    return Run(result: result, payloads: payloads, home: repo.home)
  }
}
