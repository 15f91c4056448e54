import Foundation
import Testing

@Suite("--no-verify and LEDGER_OVERRIDE")
struct NoVerifyTests {
  /// A hooked repository where bob claims `b.txt` and alice has staged a change to it.
  private func sweptRepository() async throws -> TempRepository {
    let repo = try await hookedRepository(files: ["b.txt": "b\n"])
    expectExit(0, try await repo.ledger("claim", "b.txt", session: "bob"))
    try repo.write("b.txt", "alice's change\n")
    try await repo.git("add", "b.txt")
    return repo
  }

  @Test("ledger.noVerify=enforce (the default): prepare-commit-msg refuses the commit")
  func enforce() async throws {
    let repo = try await sweptRepository()
    let head = try await repo.revision()
    let result = try await repo.commit("--no-verify", "-m", "skip", session: "alice")
    try await expectBlocked(
      result, headBefore: head, repo: repo,
      mentioning: ["b.txt", "claimed by bob", "--no-verify", "ledger.noVerify=enforce"])
    let explicit = try await repo.commitAs(
      ["-c", "ledger.noVerify=enforce", "commit", "-n", "-m", "skip"], session: "alice")
    try await expectBlocked(explicit, headBefore: head, repo: repo, mentioning: ["b.txt"])
    // An unscoped --no-verify commit is held to the same rule (ledger.unscoped=block).
    let person = try await repo.commit("--no-verify", "-m", "skip")
    try await expectBlocked(person, headBefore: head, repo: repo, mentioning: ["b.txt"])
    #expect(try await repo.log().filter { $0.event == "commit" || $0.event == "bypass" }.isEmpty)
  }

  @Test("--no-verify of own work is not refused, and is stamped")
  func ownWork() async throws {
    let repo = try await sweptRepository()
    try await repo.git("restore", "--staged", "b.txt")
    try repo.write("a.txt")
    try await repo.git("add", "a.txt")
    expectExit(0, try await repo.commit("-q", "--no-verify", "-m", "mine", session: "alice"))
    #expect(try await repo.trailerValues() == ["alice"])
    #expect(try await repo.log().filter { $0.event == "bypass" }.isEmpty)
  }

  @Test("ledger.noVerify=audit: the commit goes through and a bypass event is logged")
  func audit() async throws {
    let repo = try await sweptRepository()
    try await repo.git("config", "ledger.noVerify", "audit")
    let result = try await repo.commit("-q", "--no-verify", "-m", "audited", session: "alice")
    expectExit(0, result)
    #expect(result.stderr.contains("b.txt") && result.stderr.contains("bypass"), "\(result)")
    let sha = try #require(try await repo.revision())
    #expect(try await repo.trailerValues() == ["alice"])
    let events = try await repo.log()
    let bypass = try #require(events.first { $0.event == "bypass" }, "\(events)")
    #expect(bypass["commit"] == sha && bypass.session == "alice" && bypass.paths == ["b.txt"])
    #expect(bypass.json["paths"]?.arrayValue?.first?["session"] == .string("bob"))
    #expect(events.contains { $0.event == "commit" && $0["commit"] == sha })
    // Without --no-verify, audit does not weaken pre-commit.
    try repo.write("b.txt", "more\n")
    try await repo.git("add", "b.txt")
    let blocked = try await repo.commit("-m", "plain", session: "alice")
    try await expectBlocked(blocked, headBefore: sha, repo: repo, mentioning: ["b.txt"])
  }

  @Test(
    "LEDGER_OVERRIDE lets the commit through with a Ledger-Override trailer and an override event",
    arguments: [false, true])
  func override(_ noVerify: Bool) async throws {
    let repo = try await sweptRepository()
    let reason = "hotfix for the release, bob agreed"
    let result = try await repo.commitAs(
      ["commit", "-q"] + (noVerify ? ["--no-verify"] : []) + ["-m", "Overridden"],
      session: "alice", environment: ["LEDGER_OVERRIDE": reason])
    expectExit(0, result)
    let sha = try #require(try await repo.revision())
    #expect(
      try await repo.trailers() == [
        Trailer(key: "Agent-Session", value: "alice"),
        Trailer(key: "Ledger-Override", value: reason),
      ])
    #expect(try await repo.subject() == "Overridden")
    let events = try await repo.log()
    let override = try #require(events.first { $0.event == "override" }, "\(events)")
    #expect(override["reason"] == reason && override.session == "alice")
    #expect(override.paths == ["b.txt"])
    let commit = try #require(events.first { $0.event == "commit" }, "\(events)")
    #expect(commit["commit"] == sha)
    #expect(commit["override"] == reason, "the commit event records the override: \(commit)")
    #expect(
      !events.contains { $0.event == "bypass" },
      "a deliberate, visible override is not a bypass: \(events)")
  }

  @Test(
    "an override whose commit aborts (empty message in the editor) logs no override event")
  func abortedOverride() async throws {
    let repo = try await sweptRepository()
    let head = try await repo.revision()
    // `true` leaves the message git prepared: nothing but comments and the trailers.
    let result = try await repo.commitAs(
      ["commit"], session: "alice", editor: "true",
      environment: ["LEDGER_OVERRIDE": "hotfix"])
    #expect(!result.exited(0), "git aborts a commit with an empty message: \(result)")
    #expect(try await repo.revision() == head)
    let events = try await repo.log()
    #expect(
      !events.contains { $0.event == "override" },
      "no commit was made, so nothing was overridden: \(events)")
  }

  @Test(
    "LEDGER_OVERRIDE with a newline is refused and injects no trailer", arguments: [false, true])
  func overrideWithNewline(_ noVerify: Bool) async throws {
    let repo = try await sweptRepository()
    let head = try await repo.revision()
    let result = try await repo.commitAs(
      ["commit"] + (noVerify ? ["--no-verify"] : []) + ["-m", "Injected"],
      session: "alice", environment: ["LEDGER_OVERRIDE": "ok\nAgent-Session: mallory"])
    try await expectBlocked(result, headBefore: head, repo: repo, mentioning: ["LEDGER_OVERRIDE"])
    #expect(try await repo.log().filter { $0.event == "override" }.isEmpty)
    // The same commit of own work with the bad variable is refused as well (never injected).
    try await repo.git("restore", "--staged", "b.txt")
    try repo.write("a.txt")
    try await repo.git("add", "a.txt")
    let own = try await repo.commitAs(
      ["commit", "-m", "Own"], session: "alice",
      environment: ["LEDGER_OVERRIDE": "ok\nAgent-Session: mallory"])
    if own.exited(0) {
      let message = try await repo.message()
      #expect(!message.contains("mallory"), "\(message)")
    }
  }
}
