import Foundation
import Testing

@Suite("Sessions")
struct SessionTests {
  @Test("the test environment itself resolves no session")
  func sandboxIsUnscoped() async throws {
    let repo = try await TempRepository()
    let result = try await repo.ledger("session")
    expectExit(0, result)
    #expect(
      result.stdout.lowercased().contains("unscoped")
        || result.stdout.lowercased().contains("none"), "\(result)")
  }

  @Test(
    "resolution order: --session, LEDGER_SESSION, CLAUDE_CODE_SESSION_ID, CODEX_THREAD_ID",
    arguments: [
      (
        ["--session", "flag-id"],
        ["LEDGER_SESSION": "env-id", "CLAUDE_CODE_SESSION_ID": "c1", "CODEX_THREAD_ID": "x1"],
        "flag-id", "--session"
      ),
      (
        [], ["LEDGER_SESSION": "env-id", "CLAUDE_CODE_SESSION_ID": "c1", "CODEX_THREAD_ID": "x1"],
        "env-id", "LEDGER_SESSION"
      ),
      (
        [], ["CLAUDE_CODE_SESSION_ID": "c1", "CODEX_THREAD_ID": "x1"], "claude:c1",
        "CLAUDE_CODE_SESSION_ID"
      ),
      (
        [], ["LEDGER_SESSION": "", "CLAUDE_CODE_SESSION_ID": "c1"], "claude:c1",
        "CLAUDE_CODE_SESSION_ID"
      ),
      ([], ["CODEX_THREAD_ID": "x1"], "codex:x1", "CODEX_THREAD_ID"),
    ] as [([String], [String: String], String, String)])
  func resolutionOrder(flags: [String], environment: [String: String], id: String, rule: String)
    async throws
  {
    let repo = try await TempRepository()
    let changes = environment.mapValues { Optional($0) }
    let shown = try await repo.ledger(["session"] + flags, environment: changes)
    expectExit(0, shown)
    #expect(shown.stdout.contains(id) && shown.stdout.contains(rule), "\(shown)")

    expectExit(0, try await repo.ledger(["claim"] + flags + ["owned.txt"], environment: changes))
    #expect(try await repo.claims().map(\.session) == [id])
  }

  @Test(
    "an invalid session id is refused with exit 2, never skipped",
    arguments: [
      (["--session", "a b"], [:]),
      (["--session", String(repeating: "a", count: 129)], [:]),
      (["--session=-leading-dash"], [:]),
      (["--session", ""], [:]),
      (["--session", "tab\there"], [:]),
      ([], ["LEDGER_SESSION": "line\nbreak"]),
      ([], ["LEDGER_SESSION": "Agent-Session: x"]),
      ([], ["CLAUDE_CODE_SESSION_ID": "has space"]),
      ([], ["CODEX_THREAD_ID": "new\nline"]),
      ([], ["LEDGER_SESSION": "bad id", "CLAUDE_CODE_SESSION_ID": "fine"]),
    ] as [([String], [String: String])])
  func invalidSession(flags: [String], environment: [String: String]) async throws {
    let repo = try await TempRepository()
    let changes = environment.mapValues { Optional($0) }
    let claim = try await repo.ledger(["claim"] + flags + ["a.txt"], environment: changes)
    expectError(2, claim, mentioning: ["session"])
    expectError(2, try await repo.ledger(["session"] + flags, environment: changes))
    expectError(2, try await repo.ledger(["release", "--all"] + flags, environment: changes))
    #expect(!repo.exists(repo.claimsFile), "an invalid id must not write the ledger")
  }

  @Test("a 128-character id with every allowed character class is accepted")
  func longestValidID() async throws {
    let repo = try await TempRepository()
    let prefix = "A9._:@+-z"
    let id = prefix + String(repeating: "x", count: 128 - prefix.count)
    expectExit(0, try await repo.ledger("claim", "a.txt", session: id))
    #expect(try await repo.claims().map(\.session) == [id])
  }

  @Test("session end releases every claim of the session, and only those")
  func sessionEnd() async throws {
    let repo = try await TempRepository()
    expectExit(0, try await repo.ledger("claim", "a.txt", "dir/", session: "alice"))
    expectExit(0, try await repo.ledger("claim", "b.txt", session: "bob"))
    let result = try await repo.ledger("session", "end", session: "alice")
    expectExit(0, result)
    #expect(result.stdout.contains("alice"), "\(result)")
    #expect(try await repo.claims().map(\.spec) == ["b.txt"])
    let released = try await repo.log().filter { $0.event == "release" && $0.session == "alice" }
    #expect(Set(released.compactMap { $0["spec"] }) == ["a.txt", "dir/"])
    expectExit(0, try await repo.ledger("claim", "a.txt", session: "bob"))
  }

  @Test("session end without a session exits 2; an unknown action exits 2")
  func sessionEndUsage() async throws {
    let repo = try await TempRepository()
    expectExit(0, try await repo.ledger("claim", "a.txt", session: "alice"))
    expectError(2, try await repo.ledger("session", "end"), mentioning: ["session"])
    expectError(2, try await repo.ledger("session", "finish", session: "alice"))
    #expect(try await repo.claims().count == 1)
  }
}
