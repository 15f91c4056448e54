import Foundation
import Testing

/// Claude Code's hook JSON, shaped as Claude sends it.
private func payload(
  session: String, event: String, tool: String? = nil, file: String? = nil,
  notebook: String? = nil, cwd: String, extra: [String: Any] = [:]
) -> String {
  var object: [String: Any] = [
    "session_id": session, "cwd": cwd, "hook_event_name": event,
    "transcript_path": "/tmp/transcript-\(session).jsonl", "permission_mode": "default",
  ]
  if let tool { object["tool_name"] = tool }
  var input: [String: Any] = [:]
  if let file { input["file_path"] = file }
  if let notebook { input["notebook_path"] = notebook }
  if tool == "Edit" || tool == "MultiEdit" { input["old_string"] = "a"; input["new_string"] = "b" }
  if tool == "Write" { input["content"] = "new\n" }
  if !input.isEmpty { object["tool_input"] = input }
  for (key, value) in extra { object[key] = value }
  // A dictionary of strings and nested dictionaries always serialises.
  let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
  return String(decoding: data, as: UTF8.self)
}

/// The `permissionDecision` of a PreToolUse answer, or nil when the hook printed nothing.
private func decision(_ result: CommandResult) -> (decision: String, reason: String)? {
  let text = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
  guard !text.isEmpty,
    let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
    let output = object["hookSpecificOutput"] as? [String: Any]
  else { return nil }
  #expect(output["hookEventName"] as? String == "PreToolUse")
  return (
    output["permissionDecision"] as? String ?? "",
    output["permissionDecisionReason"] as? String ?? ""
  )
}

@Suite("Claude Code hook handlers")
struct ClaudeHookTests {
  func hook(
    _ repo: TempRepository, _ event: String, _ json: String, environment: [String: String?] = [:]
  )
    async throws -> CommandResult
  {
    try await repo.ledger(["hook", "claude", event], environment: environment, stdin: json)
  }

  @Test(
    "pre-edit denies an edit of another session's file, for every edit tool",
    arguments: ["Edit", "Write", "MultiEdit", "NotebookEdit"])
  func denies(tool: String) async throws {
    let repo = try await TempRepository(files: ["src/a.swift": "a\n", "nb.ipynb": "{}\n"])
    let target = tool == "NotebookEdit" ? "nb.ipynb" : "src/a.swift"
    expectExit(
      0, try await repo.ledger("claim", target, "--note", "refactor", session: "claude:other"))
    let path = repo.url(target).path
    let json = payload(
      session: "mine", event: "PreToolUse", tool: tool,
      file: tool == "NotebookEdit" ? nil : path, notebook: tool == "NotebookEdit" ? path : nil,
      cwd: repo.path.path)
    let result = try await hook(repo, "pre-edit", json)
    expectExit(0, result)
    let answer = try #require(decision(result))
    #expect(answer.decision == "deny")
    #expect(answer.reason.contains(target))
    #expect(answer.reason.contains("claude:other"))
    #expect(answer.reason.contains("refactor"))
    #expect(answer.reason.contains("since"))
    // Nothing was claimed for the denied session.
    #expect(try await repo.claims().allSatisfy { $0.session == "claude:other" })
  }

  @Test("pre-edit allows an unclaimed file silently and claims it for the session")
  func allowsAndClaims() async throws {
    let repo = try await TempRepository(files: ["src/a.swift": "a\n"])
    let json = payload(
      session: "s1", event: "PreToolUse", tool: "Edit", file: repo.url("src/a.swift").path,
      cwd: repo.path.path)
    let result = try await hook(repo, "pre-edit", json)
    expectExit(0, result)
    #expect(result.stdout.isEmpty)
    #expect(try await repo.claims().map(\.spec) == ["src/a.swift"])
    #expect(try await repo.claims().map(\.session) == ["claude:s1"])
    // The session's own file, or one under its own directory claim, stays allowed.
    expectExit(0, try await repo.ledger("claim", "lib/", session: "claude:s1"))
    for file in ["src/a.swift", "lib/new.swift"] {
      let again = try await hook(
        repo, "pre-edit",
        payload(
          session: "s1", event: "PreToolUse", tool: "Write", file: repo.url(file).path,
          cwd: repo.path.path))
      expectExit(0, again)
      #expect(again.stdout.isEmpty)
    }
    #expect(try await repo.claims().count == 2)
  }

  @Test("files outside any repository, or inside .git, are allowed silently")
  func outsideRepository() async throws {
    let repo = try await TempRepository()
    let outside = repo.root.appendingPathComponent("elsewhere/notes.txt").path
    for file in [outside, repo.url(".git/config").path, "/etc/hosts"] {
      let result = try await hook(
        repo, "pre-edit",
        payload(session: "s1", event: "PreToolUse", tool: "Edit", file: file, cwd: repo.path.path))
      expectExit(0, result)
      #expect(result.stdout.isEmpty, "\(file)")
    }
    #expect(try await repo.claims().isEmpty)
  }

  @Test(
    "malformed input is reported with exit 1, never 2 (which Claude reads as deny)",
    arguments: [
      "", "not json", "[1,2]", "{\"cwd\":\"/tmp\"}",
      "{\"session_id\":\"bad id\\nX\",\"tool_input\":{}}",
    ])
  func malformed(input: String) async throws {
    let repo = try await TempRepository()
    for event in ["pre-edit", "post-edit", "session-start", "session-end"] {
      let result = try await hook(repo, event, input)
      expectExit(1, result)
      #expect(result.stderr.contains("AgentLedger"), "\(event): \(result)")
      #expect(result.stdout.isEmpty)
    }
  }

  @Test("a wrong command line for the hook handler also exits 1, not 2")
  func usageIsNotDeny() async throws {
    let repo = try await TempRepository()
    expectExit(1, try await repo.ledger(["hook", "claude"], stdin: "{}"))
    expectExit(1, try await repo.ledger(["hook", "claude", "nonsense"], stdin: "{}"))
    expectExit(1, try await repo.ledger(["hook", "cursor", "pre-edit"], stdin: "{}"))
  }

  @Test(
    "post-edit claims a new file for the session; a file someone else holds is reported to the agent"
  )
  func postEdit() async throws {
    let repo = try await TempRepository()
    try repo.write("new/file.swift", "x\n")
    let mine = try await hook(
      repo, "post-edit",
      payload(
        session: "s1", event: "PostToolUse", tool: "Write", file: repo.url("new/file.swift").path,
        cwd: repo.path.path))
    expectExit(0, mine)
    #expect(try await repo.claims().map(\.spec) == ["new/file.swift"])
    expectExit(0, try await repo.ledger("claim", "taken.txt", session: "bob"))
    let raced = try await hook(
      repo, "post-edit",
      payload(
        session: "s1", event: "PostToolUse", tool: "Edit", file: repo.url("taken.txt").path,
        cwd: repo.path.path))
    expectExit(2, raced)
    #expect(raced.stderr.contains("taken.txt"))
  }

  @Test(
    "a Bash-tool git commit with CLAUDE_CODE_SESSION_ID is the same session as the hook payload")
  func bashCommitIsSameSession() async throws {
    let repo = try await TempRepository(files: ["a.txt": "a\n", "b.txt": "b\n"])
    expectExit(0, try await repo.ledger("install"))
    // The hook claims a.txt for session "abc" before the edit…
    expectExit(
      0,
      try await hook(
        repo, "pre-edit",
        payload(
          session: "abc", event: "PreToolUse", tool: "Edit", file: repo.url("a.txt").path,
          cwd: repo.path.path)))
    try repo.write("a.txt", "a2\n")
    // …so the commit from Claude's Bash tool (CLAUDE_CODE_SESSION_ID=abc) is that session's.
    let env: [String: String?] = ["CLAUDE_CODE_SESSION_ID": "abc"]
    let add = try await repo.runner.run(
      ["add", "a.txt"], in: repo.path, environment: env, executable: Executables.git)
    expectExit(0, add)
    let commit = try await repo.runner.run(
      ["commit", "-q", "-m", "edit a"], in: repo.path, environment: env, executable: Executables.git
    )
    expectExit(0, commit)
    let trailers = try await repo.runner.run(
      ["log", "-1", "--format=%(trailers:key=Agent-Session,valueonly)"], in: repo.path,
      executable: Executables.git)
    #expect(trailers.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "claude:abc")
    // Another Claude session cannot commit that file.
    try repo.write("a.txt", "a3\n")
    expectExit(
      0, try await repo.runner.run(["add", "a.txt"], in: repo.path, executable: Executables.git))
    let other = try await repo.runner.run(
      ["commit", "-q", "-m", "steal"], in: repo.path,
      environment: ["CLAUDE_CODE_SESSION_ID": "zzz"],
      executable: Executables.git)
    expectExit(1, other)
    #expect(other.stderr.contains("claude:abc"))
  }

  @Test("session-end releases clean claims and keeps those with uncommitted work, marked ended")
  func sessionEnd() async throws {
    let repo = try await TempRepository(files: ["clean.txt": "c\n", "dirty.txt": "d\n"])
    expectExit(0, try await repo.ledger("claim", "clean.txt", "dirty.txt", session: "claude:s1"))
    try repo.write("dirty.txt", "changed\n")
    let result = try await hook(
      repo, "session-end",
      payload(
        session: "s1", event: "SessionEnd", cwd: repo.path.path,
        extra: ["reason": "prompt_input_exit"]))
    expectExit(0, result)
    let claims = try await repo.claims()
    #expect(claims.map(\.spec) == ["dirty.txt"])
    let status = try await repo.ledger("status")
    #expect(status.stdout.contains("ended"))
    let json = try await repo.ledger("status", "--json")
    #expect(json.stdout.contains("\"ended\":\""))
    let log = try await repo.log()
    #expect(log.contains { $0.event == "session-end" })
    #expect(log.contains { $0.event == "release" && $0["spec"] == "clean.txt" })
  }

  @Test("session-end keeps claims over staged and untracked work as well as modified work")
  func sessionEndKeepsStagedAndUntracked() async throws {
    let repo = try await TempRepository(files: ["staged.txt": "s\n", "clean.txt": "c\n"])
    expectExit(
      0,
      try await repo.ledger(
        "claim", "staged.txt", "new.txt", "clean.txt", "dir/", session: "claude:s1"))
    try repo.write("staged.txt", "changed\n")
    try await repo.git("add", "staged.txt")
    try repo.write("new.txt", "new\n")
    try repo.write("dir/deep/untracked.txt", "new\n")
    let result = try await hook(
      repo, "session-end",
      payload(
        session: "s1", event: "SessionEnd", cwd: repo.path.path, extra: ["reason": "logout"]))
    expectExit(0, result)
    #expect(Set(try await repo.claims().map(\.spec)) == ["staged.txt", "new.txt", "dir/"])
    expectExit(1, try await repo.ledger("claim", "dir/deep/untracked.txt", session: "bob"))
  }

  @Test("ledger.sessionEnd=keep keeps every claim; /clear keeps them for the next session")
  func sessionEndKeeps() async throws {
    let repo = try await TempRepository(files: ["a.txt": "a\n"])
    expectExit(0, try await repo.ledger("claim", "a.txt", session: "claude:s1"))
    let clear = try await hook(
      repo, "session-end",
      payload(session: "s1", event: "SessionEnd", cwd: repo.path.path, extra: ["reason": "clear"]))
    expectExit(0, clear)
    #expect(try await repo.claims().count == 1)
    try await repo.git("config", "ledger.sessionEnd", "keep")
    let end = try await hook(
      repo, "session-end",
      payload(session: "s1", event: "SessionEnd", cwd: repo.path.path, extra: ["reason": "other"]))
    expectExit(0, end)
    #expect(try await repo.claims().count == 1)
  }

  @Test(
    "session-start registers the session and exports LEDGER_SESSION only for old Claude versions")
  func sessionStart() async throws {
    let repo = try await TempRepository()
    let envFile = repo.root.appendingPathComponent("claude-env")
    try Data().write(to: envFile)
    let json = payload(
      session: "s9", event: "SessionStart", cwd: repo.path.path, extra: ["source": "startup"])
    expectExit(
      0, try await hook(repo, "session-start", json, environment: ["CLAUDE_ENV_FILE": envFile.path])
    )
    #expect(
      String(decoding: try Data(contentsOf: envFile), as: UTF8.self)
        == "export LEDGER_SESSION='claude:s9'\n")
    try Data().write(to: envFile)
    expectExit(
      0,
      try await hook(
        repo, "session-start", json,
        environment: ["CLAUDE_ENV_FILE": envFile.path, "CLAUDE_CODE_SESSION_ID": "s9"]))
    #expect(try Data(contentsOf: envFile).isEmpty)
    #expect(try await repo.log().filter { $0.event == "session-start" }.count == 2)
  }

  @Test("session-start tells the agent when commits go unchecked (a hook lost its exec bit)")
  func sessionStartWarns() async throws {
    let repo = try await TempRepository()
    try await repo.installHooks(["--files"])
    let json = payload(
      session: "s9", event: "SessionStart", cwd: repo.path.path, extra: ["source": "startup"])
    let healthy = try await hook(repo, "session-start", json)
    expectExit(0, healthy)
    #expect(!healthy.stdout.contains("warning"), "\(healthy)")
    let hook = repo.hooksDirectory.appendingPathComponent("pre-commit")
    try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: hook.path)
    let broken = try await self.hook(repo, "session-start", json)
    expectExit(0, broken)
    #expect(
      broken.stdout.contains("pre-commit") && broken.stdout.contains("not executable")
        && broken.stdout.contains("ledger install"), "\(broken)")
  }

  @Test("after /clear in the same Claude process the new session takes over the old one's claims")
  func clearCarriesClaims() async throws {
    let repo = try await TempRepository(files: ["a.txt": "a\n"])
    let process: [String: String?] = ["CLAUDE_PID": "\(ProcessInfo.processInfo.processIdentifier)"]
    expectExit(
      0,
      try await hook(
        repo, "session-start",
        payload(
          session: "old", event: "SessionStart", cwd: repo.path.path, extra: ["source": "startup"]),
        environment: process))
    expectExit(0, try await repo.ledger("claim", "a.txt", session: "claude:old"))
    expectExit(
      0,
      try await hook(
        repo, "session-end",
        payload(
          session: "old", event: "SessionEnd", cwd: repo.path.path, extra: ["reason": "clear"]),
        environment: process))
    let start = try await hook(
      repo, "session-start",
      payload(
        session: "new", event: "SessionStart", cwd: repo.path.path, extra: ["source": "clear"]),
      environment: process)
    expectExit(0, start)
    #expect(try await repo.claims().map(\.session) == ["claude:new"])
    #expect(try await repo.log().contains { $0.event == "steal" && $0["from"] == "claude:old" })
  }
}

@Suite("ledger setup claude")
struct ClaudeSetupTests {
  func settings(_ repo: TempRepository) throws -> [String: Any] {
    let data = try Data(contentsOf: repo.url(".claude/settings.json"))
    return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
  }

  func commands(_ settings: [String: Any], _ event: String) -> [String] {
    let groups = (settings["hooks"] as? [String: Any])?[event] as? [[String: Any]] ?? []
    return groups.flatMap {
      ($0["hooks"] as? [[String: Any]] ?? []).compactMap { $0["command"] as? String }
    }
  }

  @Test("creates .claude/settings.json with the five handlers; a second run changes no byte")
  func createsAndIsIdempotent() async throws {
    let repo = try await TempRepository()
    let first = try await repo.ledger("setup", "claude")
    expectExit(0, first)
    let written = try Data(contentsOf: repo.url(".claude/settings.json"))
    let parsed = try settings(repo)
    #expect(commands(parsed, "SessionStart").count == 1)
    #expect(commands(parsed, "PreToolUse").first?.hasSuffix("hook claude pre-edit") == true)
    #expect(commands(parsed, "PostToolUse").first?.hasSuffix("hook claude post-edit") == true)
    #expect(commands(parsed, "SessionEnd").first?.hasSuffix("hook claude session-end") == true)
    #expect(
      commands(parsed, "SubagentStop").first?.hasSuffix("hook claude subagent-stop") == true)
    let matcher =
      ((parsed["hooks"] as? [String: Any])?["PreToolUse"] as? [[String: Any]])?.first?["matcher"]
      as? String
    #expect(matcher == "Edit|Write|MultiEdit|NotebookEdit")
    let second = try await repo.ledger("setup", "claude")
    expectExit(0, second)
    #expect(second.stdout.contains("nothing changed"))
    #expect(try Data(contentsOf: repo.url(".claude/settings.json")) == written)
  }

  @Test("keeps existing keys, permissions and other hooks")
  func merges() async throws {
    let repo = try await TempRepository()
    let existing = """
      {
          "permissions": { "allow": ["Bash(npm test:*)"], "deny": ["Read(./.env)"] },
          "model": "opus",
          "hooks": {
              "PreToolUse": [
                  { "matcher": "Bash", "hooks": [ { "type": "command", "command": "./scripts/check-bash.sh" } ] },
                  { "matcher": "Edit|Write|MultiEdit|NotebookEdit", "hooks": [ { "type": "command", "command": "prettier-check" } ] }
              ],
              "Stop": [ { "hooks": [ { "type": "command", "command": "notify-send done" } ] } ]
          }
      }
      """
    try repo.write(".claude/settings.json", existing)
    expectExit(0, try await repo.ledger("setup", "claude"))
    let parsed = try settings(repo)
    let permissions = parsed["permissions"] as? [String: Any]
    #expect(permissions?["allow"] as? [String] == ["Bash(npm test:*)"])
    #expect(permissions?["deny"] as? [String] == ["Read(./.env)"])
    #expect(parsed["model"] as? String == "opus")
    let pre = commands(parsed, "PreToolUse")
    #expect(pre.contains("./scripts/check-bash.sh"))
    #expect(pre.contains("prettier-check"))
    #expect(pre.contains { $0.hasSuffix("hook claude pre-edit") })
    #expect(commands(parsed, "Stop") == ["notify-send done"])
    // The file's own indentation (4 spaces) is kept.
    let text = String(
      decoding: try Data(contentsOf: repo.url(".claude/settings.json")), as: UTF8.self)
    #expect(text.contains("\n    \"permissions\""))
    let bytes = try Data(contentsOf: repo.url(".claude/settings.json"))
    expectExit(0, try await repo.ledger("setup", "claude"))
    #expect(try Data(contentsOf: repo.url(".claude/settings.json")) == bytes)
  }

  @Test("--print shows the snippet without writing; a malformed file is refused and left alone")
  func printAndMalformed() async throws {
    let repo = try await TempRepository()
    let printed = try await repo.ledger("setup", "claude", "--print")
    expectExit(0, printed)
    #expect(printed.stdout.contains("\"PreToolUse\""))
    #expect(!FileManager.default.fileExists(atPath: repo.url(".claude/settings.json").path))
    try repo.write(".claude/settings.json", "{ not json")
    let refused = try await repo.ledger("setup", "claude")
    expectError(2, refused, mentioning: ["settings.json"])
    #expect(
      String(decoding: try Data(contentsOf: repo.url(".claude/settings.json")), as: UTF8.self)
        == "{ not json")
  }
}

/// Claude Code subagents share their session's `session_id`; their tool calls add `agent_id`
/// and `agent_type` (2.1.69+). Each is a sub-session `claude:<session_id>/<agent_id>`.
@Suite("Claude Code subagents: sub-sessions")
struct ClaudeSubagentTests {
  func edit(
    _ repo: TempRepository, _ event: String, file: String, agent: String?, type: String = "Explore"
  ) async throws -> CommandResult {
    var extra: [String: Any] = [:]
    if let agent {
      extra["agent_id"] = agent
      extra["agent_type"] = type
    }
    let json = payload(
      session: "s1", event: event, tool: "Edit", file: repo.url(file).path, cwd: repo.path.path,
      extra: extra)
    let hook = event == "PreToolUse" ? "pre-edit" : "post-edit"
    return try await repo.ledger(["hook", "claude", hook], stdin: json)
  }

  @Test("two subagents of one session conflict at edit time; the session itself does not")
  func siblingsConflict() async throws {
    let repo = try await TempRepository(files: ["src/a.swift": "a\n"])
    let first = try await edit(repo, "PreToolUse", file: "src/a.swift", agent: "agent-a")
    expectExit(0, first)
    #expect(decision(first) == nil, "the first subagent may edit: \(first)")
    #expect(try await repo.claims().map(\.session) == ["claude:s1/agent-a"])
    let sibling = try await edit(
      repo, "PreToolUse", file: "src/a.swift", agent: "agent-b", type: "general-purpose")
    expectExit(0, sibling)
    let denied = try #require(decision(sibling), "\(sibling)")
    #expect(denied.decision == "deny")
    #expect(
      denied.reason.contains("another subagent of this session")
        && denied.reason.contains("agent-a") && denied.reason.contains("Explore"),
      "names the sibling and its type: \(denied.reason)")
    // The session's own (main agent's) edit is not refused: it may use its subagents' claims.
    let parent = try await edit(repo, "PreToolUse", file: "src/a.swift", agent: nil)
    #expect(decision(parent) == nil, "\(parent)")
  }

  @Test("the session commits its subagents' files; other sessions see them as its")
  func parentCommits() async throws {
    let repo = try await hookedRepository(files: ["src/a.swift": "a\n"])
    expectExit(0, try await edit(repo, "PreToolUse", file: "src/a.swift", agent: "agent-a"))
    try repo.write("src/a.swift", "the subagent's work\n")
    try await repo.git("add", "src/a.swift")
    let head = try await repo.revision()
    let other = try await repo.commit("-m", "sweep", claude: "s2")
    try await expectBlocked(
      other, headBefore: head, repo: repo, mentioning: ["src/a.swift", "claude:s1"])
    expectExit(0, try await repo.commit("-q", "-m", "subagent work", claude: "s1"))
    #expect(try await repo.trailerValues() == ["claude:s1"])
  }

  @Test("when a subagent stops, its claims pass to its session; status shows sub-sessions")
  func stopHandsOver() async throws {
    let repo = try await TempRepository(files: ["src/a.swift": "a\n", "src/b.swift": "b\n"])
    expectExit(0, try await edit(repo, "PreToolUse", file: "src/a.swift", agent: "agent-a"))
    expectExit(0, try await edit(repo, "PreToolUse", file: "src/b.swift", agent: nil))
    let status = try await repo.ledger("status", session: "claude:s1")
    expectExit(0, status)
    let lines = status.stdout.split(separator: "\n").map(String.init)
    let parentLine = try #require(lines.firstIndex { $0.hasPrefix("claude:s1") }, "\(status)")
    let subLine = try #require(lines.firstIndex { $0.contains("subagent agent-a") }, "\(status)")
    #expect(subLine > parentLine, "the sub-session is shown under its session:\n\(status.stdout)")
    let stop = payload(
      session: "s1", event: "SubagentStop", cwd: repo.path.path,
      extra: ["agent_id": "agent-a", "agent_type": "Explore"])
    expectExit(0, try await repo.ledger(["hook", "claude", "subagent-stop"], stdin: stop))
    let claims = try await repo.claims()
    #expect(Set(claims.map(\.session)) == ["claude:s1"], "\(claims)")
    #expect(Set(claims.map(\.spec)) == ["src/a.swift", "src/b.swift"])
  }

  @Test("an agent_id that is not a valid session part is refused, never a silent allow")
  func badAgentID() async throws {
    let repo = try await TempRepository(files: ["src/a.swift": "a\n"])
    let result = try await edit(repo, "PreToolUse", file: "src/a.swift", agent: "a/b\nc")
    expectExit(1, result)
    #expect(result.stderr.contains("agent_id"), "\(result)")
    #expect(try await repo.claims().isEmpty)
  }
}
