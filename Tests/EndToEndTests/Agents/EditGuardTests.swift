import Foundation
import Testing

/// What every agent's pre-edit handler shares (`EditGuard`): a repository whose `ledger.*`
/// settings cannot be read refuses the edit, naming the setting, instead of letting it through
/// unchecked — for Claude Code exactly as for Codex.
@Suite("Edit guard shared by the agent hooks")
struct EditGuardTests {
  /// Claude Code's PreToolUse/PostToolUse JSON for an Edit of `file`.
  func claudePayload(event: String, file: String, cwd: String) -> String {
    let object: [String: Any] = [
      "session_id": "s1", "cwd": cwd, "hook_event_name": event, "tool_name": "Edit",
      "transcript_path": "/tmp/t.jsonl", "permission_mode": "default",
      "tool_input": ["file_path": file, "old_string": "a", "new_string": "b"],
    ]
    let data =
      (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
    return String(decoding: data, as: UTF8.self)
  }

  @Test(
    "Claude's pre-edit refuses an edit when a ledger.* setting is broken, naming it",
    arguments: [("ledger.codexTTL", "soon"), ("ledger.ttl", "bogus"), ("ledger.unscoped", "maybe")])
  func claudeFailsClosed(key: String, value: String) async throws {
    let repo = try await TempRepository(files: ["a.txt": "a\n"])
    expectExit(0, try await repo.ledger("claim", "a.txt", session: "other", now: Clock.t0))
    expectExit(0, try await repo.git("config", key, value))
    let result = try await repo.ledger(
      ["hook", "claude", "pre-edit"], now: Clock.t0,
      stdin: claudePayload(event: "PreToolUse", file: repo.url("a.txt").path, cwd: repo.path.path))
    expectExit(0, result)
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any],
      "\(result)")
    let output = try #require(object["hookSpecificOutput"] as? [String: Any])
    #expect(output["permissionDecision"] as? String == "deny")
    let reason = output["permissionDecisionReason"] as? String ?? ""
    #expect(reason.contains(key), "\(reason)")
    #expect(reason.contains("AgentLedger refused this edit"), "\(reason)")
  }

  @Test("Claude's post-edit reports a broken setting with exit 1, never 2, and claims nothing")
  func claudePostEditReports() async throws {
    let repo = try await TempRepository(files: ["a.txt": "a\n"])
    expectExit(0, try await repo.git("config", "ledger.ttl", "bogus"))
    let result = try await repo.ledger(
      ["hook", "claude", "post-edit"], now: Clock.t0,
      stdin: claudePayload(event: "PostToolUse", file: repo.url("a.txt").path, cwd: repo.path.path))
    expectExit(1, result)
    #expect(result.stderr.contains("ledger.ttl"), "\(result)")
    #expect(result.stdout.isEmpty)
    expectExit(0, try await repo.git("config", "--unset", "ledger.ttl"))
    #expect(try await repo.claims(now: Clock.t0).isEmpty)
  }
}
