import Foundation
import Testing

/// Gemini CLI's hook JSON, shaped as google-gemini/gemini-cli sends it
/// (`packages/core/src/hooks/hookEventHandler.ts` `createBaseInput` and `fireBeforeToolEvent`;
/// `docs/hooks/reference.md`): `session_id`, `transcript_path`, `cwd`, `hook_event_name`,
/// `timestamp`, then `tool_name` and `tool_input` (the model's arguments: `write_file` takes
/// `file_path` and `content`, `replace` takes `file_path`, `old_string`, `new_string`,
/// `run_shell_command` takes `command`).
private func geminiPayload(
  session: String?, event: String, tool: String? = nil, input: [String: Any]? = nil, cwd: String,
  extra: [String: Any] = [:]
) -> String {
  var object: [String: Any] = [
    "transcript_path": "/home/u/.gemini/tmp/chats/session.json", "cwd": cwd,
    "hook_event_name": event, "timestamp": "2030-01-01T00:00:00.000Z",
  ]
  if let session { object["session_id"] = session }
  if let tool { object["tool_name"] = tool }
  if let input { object["tool_input"] = input }
  if event == "AfterTool" {
    object["tool_response"] = ["llmContent": "Successfully wrote the file.", "returnDisplay": ""]
  }
  for (key, value) in extra { object[key] = value }
  let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
  return String(decoding: data, as: UTF8.self)
}

private func json(_ result: CommandResult) -> [String: Any]? {
  let text = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
  guard !text.isEmpty else { return nil }
  return try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
}

@Suite("Gemini CLI hook handlers")
struct GeminiHookTests {
  static let id = "8f14e45f-ceea-467a-9575-6c4b7e3f2a10"
  static let me = "gemini:" + id

  func hook(_ repo: TempRepository, _ event: String, _ payload: String) async throws
    -> CommandResult
  {
    try await repo.ledger(["hook", "gemini", event], now: Clock.t0, stdin: payload)
  }

  func edit(
    _ repo: TempRepository, _ event: String, file: String, tool: String = "write_file",
    session: String? = id
  ) async throws -> CommandResult {
    var input: [String: Any] = ["file_path": file]
    if tool == "write_file" {
      input["content"] = "new\n"
    } else {
      input["old_string"] = "a"
      input["new_string"] = "b"
    }
    let name = event == "BeforeTool" ? "pre-edit" : "post-edit"
    return try await hook(
      repo, name,
      geminiPayload(
        session: session, event: event, tool: tool, input: input, cwd: repo.path.path))
  }

  @Test("an edit of a free file is allowed silently and claimed as gemini:<session_id>")
  func freeFileClaimed() async throws {
    let repo = try await TempRepository(files: ["src/a.ts": "a\n"])
    let result = try await edit(repo, "BeforeTool", file: repo.url("src/a.ts").path)
    expectExit(0, result)
    #expect(result.stdout.isEmpty, "Gemini parses standard output: nothing means allow")
    let claims = try await repo.claims(now: Clock.t0)
    #expect(claims.map(\.session) == [Self.me] && claims.map(\.spec) == ["src/a.ts"])
    // A relative path is the project's; a new file is claimed too, after the write.
    expectExit(0, try await edit(repo, "AfterTool", file: "src/new.ts"))
    #expect(Set(try await repo.claims(now: Clock.t0).map(\.spec)) == ["src/a.ts", "src/new.ts"])
  }

  @Test("an edit of another session's file is denied, naming the holder; nothing is claimed")
  func otherSessionsFileDenied() async throws {
    let repo = try await TempRepository(files: ["src/a.ts": "a\n"])
    expectExit(
      0,
      try await repo.ledger(
        "claim", "--note", "refactor", "src/", session: "claude:other", now: Clock.t0))
    for tool in ["replace", "write_file"] {
      let result = try await edit(repo, "BeforeTool", file: repo.url("src/a.ts").path, tool: tool)
      expectExit(0, result)
      let answer = try #require(json(result), "\(result)")
      #expect(answer["decision"] as? String == "deny")
      let reason = answer["reason"] as? String ?? ""
      #expect(reason.contains("src/a.ts: claimed by claude:other (as src/)"), "\(reason)")
      #expect(reason.contains("refactor"))
    }
    #expect(try await repo.claims(now: Clock.t0).map(\.session) == ["claude:other"])
  }

  @Test("a broken ledger.* setting denies the edit, naming the setting")
  func brokenSetting() async throws {
    let repo = try await TempRepository(files: ["a.ts": "a\n"])
    expectExit(0, try await repo.git("config", "ledger.ttl", "bogus"))
    let result = try await edit(repo, "BeforeTool", file: repo.url("a.ts").path)
    expectExit(0, result)
    let answer = try #require(json(result), "\(result)")
    #expect(answer["decision"] as? String == "deny")
    #expect((answer["reason"] as? String ?? "").contains("ledger.ttl"))
  }

  @Test(
    "a malformed payload exits 1 (Gemini's warning), never 2 or 3, which Gemini reads as a block",
    arguments: ["", "not json", "[1,2]", "\"text\""])
  func malformed(input: String) async throws {
    let repo = try await TempRepository()
    for event in ["session-start", "pre-edit", "post-edit", "pre-shell", "session-end"] {
      let result = try await hook(repo, event, input)
      expectExit(1, result)
      #expect(result.stderr.contains("AgentLedger (gemini \(event))"), "\(event): \(result)")
      #expect(result.stdout.isEmpty)
    }
  }

  @Test("no session_id: another session's file is still denied; a free file is a warning, no claim")
  func noSession() async throws {
    let repo = try await TempRepository(files: ["a.ts": "a\n", "b.ts": "b\n"])
    expectExit(0, try await repo.ledger("claim", "a.ts", session: "other", now: Clock.t0))
    let denied = try await edit(repo, "BeforeTool", file: repo.url("a.ts").path, session: nil)
    #expect(json(denied)?["decision"] as? String == "deny", "\(denied)")
    let free = try await edit(repo, "BeforeTool", file: repo.url("b.ts").path, session: nil)
    expectExit(1, free)
    #expect(free.stderr.contains("session_id"))
    #expect(try await repo.claims(now: Clock.t0).map(\.spec) == ["a.ts"])
  }

  @Test("post-edit tells the agent, beside the tool's result, when another session won the file")
  func postEditLostRace() async throws {
    let repo = try await TempRepository(files: ["a.ts": "a\n"])
    expectExit(0, try await repo.ledger("claim", "a.ts", session: "other", now: Clock.t0))
    let result = try await edit(repo, "AfterTool", file: repo.url("a.ts").path)
    expectExit(0, result)
    let output = try #require(json(result)?["hookSpecificOutput"] as? [String: Any], "\(result)")
    #expect((output["additionalContext"] as? String ?? "").contains("Revert your change"))
  }

  @Test("pre-shell runs every shell command as the session, once; its git commit is the session's")
  func shellCommitsAsSession() async throws {
    let repo = try await hookedRepository(files: ["a.ts": "a\n"])
    expectExit(0, try await edit(repo, "BeforeTool", file: repo.url("a.ts").path))
    try repo.write("a.ts", "gemini's work\n")
    let command = "git add a.ts && git commit -q -m 'gemini edit'"
    let shell = try await hook(
      repo, "pre-shell",
      geminiPayload(
        session: Self.id, event: "BeforeTool", tool: "run_shell_command",
        input: ["command": command, "description": "commit"], cwd: repo.path.path))
    expectExit(0, shell)
    let output = try #require(json(shell)?["hookSpecificOutput"] as? [String: Any], "\(shell)")
    let rewritten = try #require((output["tool_input"] as? [String: Any])?["command"] as? String)
    #expect(rewritten == "export LEDGER_SESSION='\(Self.me)'; " + command)
    // Already prefixed: nothing more to do.
    let again = try await hook(
      repo, "pre-shell",
      geminiPayload(
        session: Self.id, event: "BeforeTool", tool: "run_shell_command",
        input: ["command": rewritten], cwd: repo.path.path))
    expectExit(0, again)
    #expect(again.stdout.isEmpty)
    // Without the prefix the commit is unscoped and refused; with it, it is the session's.
    let head = try await repo.revision()
    let unscoped = try await repo.commitAs(["-c", "core.editor=true", "commit", "-a", "-m", "x"])
    try await expectBlocked(unscoped, headBefore: head, repo: repo, mentioning: ["a.ts"])
    let run = try await repo.runner.run(
      ["-c", rewritten], in: repo.path, environment: ["GIT_EDITOR": "false"],
      executable: URL(fileURLWithPath: "/bin/bash"))
    expectExit(0, run)
    #expect(try await repo.trailerValues() == [Self.me])
  }

  @Test("session-start registers the session; session-end releases its clean claims")
  func lifecycle() async throws {
    let repo = try await TempRepository(files: ["a.ts": "a\n", "b.ts": "b\n"])
    let start = try await hook(
      repo, "session-start",
      geminiPayload(
        session: Self.id, event: "SessionStart", cwd: repo.path.path,
        extra: ["source": "startup"]))
    expectExit(0, start)
    #expect(try await repo.log().contains { $0.event == "session-start" && $0.session == Self.me })
    expectExit(0, try await edit(repo, "BeforeTool", file: repo.url("a.ts").path))
    expectExit(0, try await edit(repo, "BeforeTool", file: repo.url("b.ts").path))
    try repo.write("b.ts", "unfinished\n")
    let end = try await hook(
      repo, "session-end",
      geminiPayload(
        session: Self.id, event: "SessionEnd", cwd: repo.path.path, extra: ["reason": "exit"]))
    expectExit(0, end)
    #expect(try await repo.claims(now: Clock.t0).map(\.spec) == ["b.ts"])
  }

  @Test("tools that edit nothing are ignored by pre-edit")
  func otherTools() async throws {
    let repo = try await TempRepository(files: ["a.ts": "a\n"])
    expectExit(0, try await repo.ledger("claim", "a.ts", session: "other", now: Clock.t0))
    let result = try await hook(
      repo, "pre-edit",
      geminiPayload(
        session: Self.id, event: "BeforeTool", tool: "read_file",
        input: ["file_path": repo.url("a.ts").path], cwd: repo.path.path))
    expectExit(0, result)
    #expect(result.stdout.isEmpty)
  }
}

@Suite("ledger setup gemini")
struct GeminiSetupTests {
  func settings(_ repo: TempRepository) throws -> String {
    String(decoding: try Data(contentsOf: repo.url(".gemini/settings.json")), as: UTF8.self)
  }

  @Test("creates .gemini/settings.json, saying what it added; a second run changes no byte")
  func createsIdempotent() async throws {
    let repo = try await TempRepository()
    let first = try await repo.ledger("setup", "gemini")
    expectExit(0, first)
    #expect(
      first.stdout.contains("BeforeTool (write_file|replace): ledger hook gemini pre-edit")
        || first.stdout.contains("hook gemini pre-edit"), "\(first)")
    #expect(first.stdout.contains("LEDGER_SESSION"), "\(first)")
    let text = try settings(repo)
    for event in ["session-start", "pre-edit", "post-edit", "pre-shell", "session-end"] {
      #expect(text.contains("hook gemini \(event)"), "\(event)")
    }
    #expect(text.contains("10000"), "Gemini's timeouts are milliseconds")
    let second = try await repo.ledger("setup", "gemini")
    expectExit(0, second)
    #expect(second.stdout.contains("nothing changed"))
    #expect(try settings(repo) == text)
  }

  @Test("keeps every existing key and hook; --print writes nothing; a malformed file is left")
  func keepsExisting() async throws {
    let repo = try await TempRepository()
    let existing = """
      {
          "theme": "GitHub",
          "hooksConfig": { "notifications": false },
          "hooks": {
              "BeforeTool": [
                  { "matcher": "run_shell_command", "hooks": [ { "type": "command", "command": "./guard.sh", "timeout": 3000 } ] }
              ]
          }
      }
      """
    try repo.write(".gemini/settings.json", existing)
    expectExit(0, try await repo.ledger("setup", "gemini"))
    let data = try Data(contentsOf: repo.url(".gemini/settings.json"))
    let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    #expect(object["theme"] as? String == "GitHub")
    #expect((object["hooksConfig"] as? [String: Any])?["notifications"] as? Bool == false)
    let text = try settings(repo)
    #expect(text.contains("./guard.sh") && text.contains("hook gemini pre-shell"))
    #expect(text.contains("\n        \"theme\"") || text.contains("\n    \"theme\""))
    let printed = try await repo.ledger("setup", "gemini", "--print")
    expectExit(0, printed)
    #expect(printed.stdout.contains("hook gemini pre-edit"))
    try repo.write(".gemini/settings.json", "{ not json")
    expectError(2, try await repo.ledger("setup", "gemini"), mentioning: ["settings.json"])
    #expect(try settings(repo) == "{ not json")
  }
}
