import Foundation
import Testing

/// `RepositoryCache`: a command in a repository it has seen asks git nothing for the layout and
/// configuration, and any change to what git's answer came from is seen at once.
@Suite("remembered repository layout and configuration")
struct RepositoryCacheTests {
  /// An environment in which `git` cannot be found: a command succeeds only from the cache.
  private func withoutGit(_ repo: TempRepository) throws -> [String: String?] {
    let empty = repo.root.appendingPathComponent("no-git-here")
    try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
    return ["PATH": empty.path]
  }

  /// `LEDGER_NOW` seconds from now: files written less than two seconds before the command's
  /// clock are not trusted yet (git's racy rule), so a clock a few seconds ahead lets the
  /// command remember what it just asked git, and one behind never does — with no sleep.
  private func clock(_ offset: TimeInterval) -> String {
    let formatter = ISO8601DateFormatter()
    return formatter.string(from: Date().addingTimeInterval(offset))
  }

  @Test("remembered: no git needed; a config change, an include or another cwd asks git again")
  func rememberedAndInvalidated() async throws {
    let repo = try await TempRepository(files: ["a.txt": "a\n", "sub/b.txt": "b\n"])
    let noGit = try withoutGit(repo)
    // Config files changed within a second of the clock (one behind): asks git, remembers
    // nothing — however slowly the machine runs the test.
    expectExit(0, try await repo.ledger("claim", "a.txt", session: "alice", now: clock(-60)))
    expectExit(0, try await repo.ledger("who", "a.txt", now: clock(-60)))
    expectError(3, try await repo.ledger("who", "a.txt", environment: noGit), mentioning: ["git"])
    expectExit(0, try await repo.ledger("who", "a.txt", now: clock(5)))  // asks git, remembers
    let remembered = try await repo.ledger("who", "a.txt", environment: noGit)
    expectExit(0, remembered)
    #expect(remembered.stdout.contains("alice"), "\(remembered)")
    // git -c is part of the key: not remembered, so git is needed.
    let overridden = try await repo.ledger(
      "who", "a.txt",
      environment: noGit.merging(["GIT_CONFIG_PARAMETERS": "'ledger.x'='1'"]) {
        $1
      })
    expectError(3, overridden, mentioning: ["git"])
    // Another directory is another entry.
    expectError(
      3, try await repo.ledger("who", "b.txt", in: repo.url("sub"), environment: noGit),
      mentioning: ["git"])

    // Changing the repository's config file is seen at once.
    try await repo.git("config", "ledger.unscoped", "warn")
    expectError(3, try await repo.ledger("who", "a.txt", environment: noGit), mentioning: ["git"])

    // A configuration with an include is never remembered.
    let extra = repo.root.appendingPathComponent("extra.gitconfig")
    try "[ledger]\n\tunscoped = allow\n".write(to: extra, atomically: true, encoding: .utf8)
    try await repo.git("config", "include.path", extra.path)
    expectExit(0, try await repo.ledger("who", "a.txt", now: clock(5)))
    expectError(3, try await repo.ledger("who", "a.txt", environment: noGit), mentioning: ["git"])
  }

  @Test("a ledger setting changed in the global config takes effect on the next commit")
  func globalConfigChange() async throws {
    let repo = try await hookedRepository(files: ["a.txt": "a\n"])
    expectExit(0, try await repo.ledger("claim", "a.txt", session: "bob"))
    try repo.write("a.txt", "swept\n")
    try await repo.git("add", "a.txt")
    let head = try await repo.revision()
    try await expectBlocked(
      try await repo.commit("-m", "sweep", session: "alice", now: clock(5)), headBefore: head,
      repo: repo)
    // The hooks remembered the repository (a command without git works from the cache).
    expectExit(0, try await repo.ledger("who", "a.txt", environment: try withoutGit(repo)))
    // Turned off for this user: the next commit must not be judged by a remembered config.
    try await repo.git("config", "--global", "ledger.enabled", "false")
    expectExit(0, try await repo.commit("-q", "-m", "sweep", session: "alice"))
  }
}
