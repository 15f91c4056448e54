import Foundation
import Testing

@Suite("ledger.* configuration in the hooks")
struct ConfigTests {
  /// A hooked repository where bob claims `b.txt` and a change to it is staged.
  private func sweptRepository() async throws -> TempRepository {
    let repo = try await hookedRepository(files: ["b.txt": "b\n"])
    expectExit(0, try await repo.ledger("claim", "b.txt", session: "bob"))
    try repo.write("b.txt", "changed\n")
    try await repo.git("add", "b.txt")
    return repo
  }

  @Test(
    "an invalid setting refuses the commit, naming the key and how to fix it",
    arguments: [
      ("ledger.unscoped", "maybe"), ("ledger.noVerify", "sometimes"),
      ("ledger.trailer", "Bad Key"), ("ledger.enabled", "perhaps"),
      ("ledger.requireClaim", "often"), ("ledger.releaseOnCommit", "2x"),
    ])
  func invalidSetting(_ key: String, _ value: String) async throws {
    let repo = try await hookedRepository()
    try repo.write("a.txt")
    try await repo.git("add", "a.txt")
    try await repo.git("config", key, value)
    let head = try await repo.revision()
    let result = try await repo.commit("-m", "x", session: "alice")
    try await expectBlocked(
      result, headBefore: head, repo: repo, mentioning: [key, value, "git config"])
  }

  @Test("git -c overrides the config file both ways; keys ignore case; bool spellings")
  func commandLineWins() async throws {
    let repo = try await sweptRepository()
    try await repo.git("config", "ledger.unscoped", "allow")
    let head = try await repo.revision()
    let blocked = try await repo.commitAs(["-c", "ledger.unscoped=block", "commit", "-m", "x"])
    try await expectBlocked(blocked, headBefore: head, repo: repo, mentioning: ["b.txt"])

    try await repo.git("config", "ledger.unscoped", "block")
    for switchOff in ["Ledger.Enabled=off", "ledger.enabled=no", "LEDGER.ENABLED=0"] {
      try repo.write("b.txt", switchOff)
      try await repo.git("add", "b.txt")
      let result = try await repo.commitAs(
        ["-c", switchOff, "commit", "-q", "-m", switchOff], session: "alice")
      expectExit(0, result)
      #expect(try await repo.trailers().isEmpty, "\(switchOff)")
    }
  }

  @Test("the kill switch works even when another ledger.* setting is invalid")
  func killSwitchBeatsBadSetting() async throws {
    let repo = try await sweptRepository()
    try await repo.git("config", "ledger.unscoped", "maybe")
    let result = try await repo.commitAs(
      ["-c", "ledger.enabled=false", "commit", "-q", "-m", "emergency"], session: "alice")
    expectExit(0, result)
    #expect(try await repo.subject() == "emergency")
  }

  @Test("per-worktree config (extensions.worktreeConfig) switches one worktree off only")
  func worktreeConfig() async throws {
    let repo = try await sweptRepository()
    let linked = try await repo.addWorktree("quiet")
    try await repo.git("config", "extensions.worktreeConfig", "true")
    try await repo.git(["config", "--worktree", "ledger.enabled", "false"], in: linked)
    try Data("changed\n".utf8).write(to: linked.appendingPathComponent("b.txt"))
    try await repo.git(["add", "b.txt"], in: linked)
    expectExit(0, try await repo.commit("-q", "-m", "off here", session: "alice", in: linked))
    // Still on in the main worktree.
    let head = try await repo.revision()
    let main = try await repo.commit("-m", "on here", session: "alice")
    try await expectBlocked(main, headBefore: head, repo: repo, mentioning: ["b.txt"])
  }

  @Test("ledger.ttl gives new claims a lease, which the hooks then honour")
  func ttl() async throws {
    let repo = try await hookedRepository()
    try await repo.git("config", "ledger.ttl", "2h")
    expectExit(0, try await repo.ledger("claim", "b.txt", session: "bob", now: Clock.t0))
    #expect(try await repo.claims(now: Clock.t0).first?.expires == Clock.hours(2))
    try repo.write("b.txt")
    try await repo.git("add", "b.txt")
    let head = try await repo.revision()
    let early = try await repo.commit("-m", "x", session: "alice", now: Clock.hours(1))
    try await expectBlocked(early, headBefore: head, repo: repo, mentioning: ["b.txt"])
    expectExit(0, try await repo.commit("-q", "-m", "x", session: "alice", now: Clock.hours(3)))
  }
}
