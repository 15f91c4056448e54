import Foundation
import Testing

/// Codex subagents (thread-spawned, `spawn_agent`): since openai/codex PR #22268 every hook of a
/// subagent carries the root session's `session_id`, and since PR #22882 its tool hooks add the
/// optional top-level `agent_id` (the child thread id) and `agent_type` (its role);
/// `SubagentStop` carries both as required fields
/// (`codex-rs/hooks/schema/generated/subagent-stop.command.input.schema.json`). The edits of
/// each are held by the sub-session `codex:<session_id>/<agent_id>`.
@Suite("Codex subagents: sub-sessions")
struct CodexSubagentTests {
  static let root = "019b2d10-7a3e-7c41-9a55-0f1e2d3c4b5a"
  static let childA = "019b2d11-0c2f-7d10-8b44-1a2b3c4d5e6f"
  static let childB = "019b2d11-5e6d-7aa0-9c33-6f5e4d3c2b1a"

  /// A PreToolUse/PostToolUse apply_patch payload, in Codex's serialization order, as a
  /// subagent's tool hook sends it (`agent` nil: the root thread's own call).
  func payload(event: String, patch: String, agent: String?, type: String = "worker", cwd: String)
    -> String
  {
    let subagent =
      agent.map { #","agent_id":"\#($0)","agent_type":"\#(type)""# } ?? ""
    let escaped = patch.replacing("\n", with: "\\n")
    let response = event == "PostToolUse" ? #","tool_response":"Success.""# : ""
    return """
      {"session_id":"\(Self.root)","turn_id":"019b2d12-0001","transcript_path":null,\
      "cwd":"\(cwd)","hook_event_name":"\(event)","model":"gpt-5.5-codex",\
      "permission_mode":"default","tool_name":"apply_patch","tool_input":{"command":\
      "*** Begin Patch\\n\(escaped)\\n*** End Patch\\n"},"tool_use_id":"call_7"\(response)\(subagent)}
      """
  }

  func pre(_ repo: TempRepository, _ patch: String, agent: String?, type: String = "worker")
    async throws -> CommandResult
  {
    try await repo.ledger(
      ["hook", "codex", "pre-edit"], now: Clock.t0,
      stdin: payload(
        event: "PreToolUse", patch: patch, agent: agent, type: type, cwd: repo.path.path))
  }

  func reason(_ result: CommandResult) -> String? {
    guard
      let object = try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
        as? [String: Any],
      let output = object["hookSpecificOutput"] as? [String: Any],
      output["permissionDecision"] as? String == "deny"
    else { return nil }
    return output["permissionDecisionReason"] as? String
  }

  @Test("two subagents of one Codex session conflict at edit time; the session itself does not")
  func siblingsConflict() async throws {
    let repo = try await TempRepository(files: ["a.txt": "a\n"])
    let first = try await pre(repo, "*** Delete File: a.txt", agent: Self.childA, type: "explorer")
    expectExit(0, first)
    #expect(reason(first) == nil, "\(first)")
    #expect(
      try await repo.claims(now: Clock.t0).map(\.session) == ["codex:\(Self.root)/\(Self.childA)"])
    let sibling = try await pre(repo, "*** Delete File: a.txt", agent: Self.childB)
    expectExit(0, sibling)
    let denied = try #require(reason(sibling), "\(sibling)")
    #expect(denied.contains("another subagent of this session, \(Self.childA)"), "\(denied)")
    #expect(denied.contains("explorer"), "names the sibling's type: \(denied)")
    let own = try await pre(repo, "*** Delete File: a.txt", agent: nil)
    #expect(reason(own) == nil, "the session may use its subagents' claims: \(own)")
    #expect(
      try await repo.claims(now: Clock.t0).map(\.session).sorted()
        == ["codex:\(Self.root)", "codex:\(Self.root)/\(Self.childA)"])
  }

  @Test("another session sees the Codex session as the owner, and is denied")
  func otherSessionDenied() async throws {
    let repo = try await TempRepository(files: ["a.txt": "a\n"])
    expectExit(0, try await pre(repo, "*** Delete File: a.txt", agent: Self.childA))
    let claude =
      #"{"session_id":"c1","hook_event_name":"PreToolUse","tool_name":"Edit","#
      + #""tool_input":{"file_path":"\#(repo.url("a.txt").path)"},"cwd":"\#(repo.path.path)"}"#
    let result = try await repo.ledger(
      ["hook", "claude", "pre-edit"], now: Clock.t0, stdin: claude)
    let denied = try #require(reason(result), "\(result)")
    #expect(denied.contains("claimed by codex:\(Self.root)/\(Self.childA)"), "\(denied)")
  }

  @Test("SubagentStop hands the subagent's claims to its session")
  func stopHandsOver() async throws {
    let repo = try await TempRepository(files: ["a.txt": "a\n", "b.txt": "b\n"])
    expectExit(0, try await pre(repo, "*** Delete File: a.txt", agent: Self.childA))
    expectExit(0, try await pre(repo, "*** Delete File: b.txt", agent: Self.childB))
    // As codex-rs/hooks/schema/generated/subagent-stop.command.input.schema.json defines it.
    let stop = """
      {"session_id":"\(Self.root)","turn_id":"019b2d12-0009","transcript_path":null,\
      "cwd":"\(repo.path.path)","hook_event_name":"SubagentStop","model":"gpt-5.5-codex",\
      "permission_mode":"default","agent_id":"\(Self.childA)","agent_type":"worker",\
      "agent_transcript_path":null,"last_assistant_message":"done","stop_hook_active":false}
      """
    let result = try await repo.ledger(
      ["hook", "codex", "subagent-stop"], now: Clock.t0, stdin: stop)
    expectExit(0, result)
    let owners = Dictionary(
      uniqueKeysWithValues: try await repo.claims(now: Clock.t0).map { ($0.spec, $0.session) })
    #expect(owners["a.txt"] == "codex:\(Self.root)", "\(owners)")
    #expect(owners["b.txt"] == "codex:\(Self.root)/\(Self.childB)", "\(owners)")
  }

  @Test("the subagent's own shell (CODEX_THREAD_ID = its thread) and its session may commit")
  func commits() async throws {
    let repo = try await hookedRepository(files: ["a.txt": "a\n", "b.txt": "b\n"])
    expectExit(0, try await pre(repo, "*** Update File: a.txt\n@@\n-a\n+a2", agent: Self.childA))
    expectExit(0, try await pre(repo, "*** Update File: b.txt\n@@\n-b\n+b2", agent: Self.childB))
    try repo.write("a.txt", "a2\n")
    try repo.write("b.txt", "b2\n")
    try await repo.git("add", "a.txt")
    var head = try await repo.revision()
    // A sibling's shell cannot commit the other subagent's file.
    let sibling = try await repo.commit(
      "-q", "-m", "sweep", now: Clock.t0, environment: ["CODEX_THREAD_ID": Self.childB])
    try await expectBlocked(sibling, headBefore: head, repo: repo, mentioning: ["a.txt"])
    let own = try await repo.commit(
      "-q", "-m", "a", now: Clock.t0, environment: ["CODEX_THREAD_ID": Self.childA])
    expectExit(0, own)
    #expect(try await repo.trailerValues() == ["codex:\(Self.childA)"])
    // The root thread commits its other subagent's file; another session cannot.
    try await repo.git("add", "b.txt")
    head = try await repo.revision()
    let other = try await repo.commit(
      "-q", "-m", "b", now: Clock.t0, environment: ["CODEX_THREAD_ID": "someone-else"])
    try await expectBlocked(other, headBefore: head, repo: repo, mentioning: ["b.txt"])
    let root = try await repo.commit(
      "-q", "-m", "b", now: Clock.t0, environment: ["CODEX_THREAD_ID": Self.root])
    expectExit(0, root)
  }

  @Test("ledger setup codex wires SubagentStop to hand a subagent's claims over")
  func setupWiresSubagentStop() async throws {
    let repo = try await TempRepository()
    let first = try await repo.ledger("setup", "codex")
    expectExit(0, first)
    #expect(first.stdout.contains("SubagentStop: "), "\(first)")
    let text = String(decoding: try Data(contentsOf: repo.url(".codex/hooks.json")), as: UTF8.self)
    #expect(text.contains("hook codex subagent-stop"))
  }
}
