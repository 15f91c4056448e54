import Foundation
import Testing

@Suite("ledger release")
struct ReleaseTests {
  @Test("releasing one's claim drops it and logs a release event")
  func releaseOwnClaim() async throws {
    let repo = try await TempRepository()
    expectExit(0, try await repo.ledger("claim", "a.txt", "b.txt", session: "alice"))
    let result = try await repo.ledger("release", "a.txt", session: "alice")
    expectExit(0, result)
    #expect(result.stdout.contains("a.txt"), "\(result)")
    #expect(try await repo.claims().map(\.spec) == ["b.txt"])
    let releases = try await repo.log().filter { $0.event == "release" }
    #expect(releases.map { $0["spec"] } == ["a.txt"])
    #expect(releases.first?.session == "alice")
    // Once released, another session may take it.
    expectExit(0, try await repo.ledger("claim", "a.txt", session: "bob"))
  }

  @Test("releasing something not held exits 1 and changes nothing")
  func releaseNotHeld() async throws {
    let repo = try await TempRepository()
    expectExit(0, try await repo.ledger("claim", "a.txt", session: "alice"))
    let claimsBefore = repo.bytes(repo.claimsFile)
    let logBefore = repo.bytes(repo.logFile)

    expectError(
      1, try await repo.ledger("release", "zzz.txt", session: "alice"), mentioning: ["zzz.txt"])
    // Another session's claim is not ours to release.
    expectError(1, try await repo.ledger("release", "a.txt", session: "bob"), mentioning: ["a.txt"])
    // One held and one not held: all or nothing.
    expectError(1, try await repo.ledger("release", "a.txt", "zzz.txt", session: "alice"))

    #expect(repo.bytes(repo.claimsFile) == claimsBefore)
    #expect(repo.bytes(repo.logFile) == logBefore)
    #expect(try await repo.claims().map(\.spec) == ["a.txt"])
  }

  @Test("a file inside a claimed directory must be released as the directory")
  func releaseMustMatchClaimedSpec() async throws {
    let repo = try await TempRepository()
    expectExit(0, try await repo.ledger("claim", "src/", session: "alice"))
    let result = try await repo.ledger("release", "src/a.swift", session: "alice")
    expectError(1, result, mentioning: ["src/a.swift"])
    #expect(try await repo.claims().map(\.spec) == ["src/"])
    expectExit(0, try await repo.ledger("release", "src/", session: "alice"))
    #expect(try await repo.claims().isEmpty)
  }

  @Test("release --all drops every claim of the session and only those")
  func releaseAll() async throws {
    let repo = try await TempRepository()
    expectExit(0, try await repo.ledger("claim", "a.txt", "dir/", "g/*.c", session: "alice"))
    expectExit(0, try await repo.ledger("claim", "b.txt", session: "bob"))
    let result = try await repo.ledger("release", "--all", session: "alice")
    expectExit(0, result)
    let claims = try await repo.claims()
    #expect(claims.map(\.spec) == ["b.txt"])
    #expect(claims.map(\.session) == ["bob"])
    #expect(try await repo.log().filter { $0.event == "release" }.count == 3)
  }

  @Test("release with both --all and specs, or with neither, is a usage error")
  func releaseUsage() async throws {
    let repo = try await TempRepository()
    expectExit(0, try await repo.ledger("claim", "a.txt", session: "alice"))
    expectError(2, try await repo.ledger("release", "--all", "a.txt", session: "alice"))
    expectError(2, try await repo.ledger("release", session: "alice"))
    #expect(try await repo.claims().count == 1)
  }

  @Test("release without a session exits 2")
  func releaseNeedsSession() async throws {
    let repo = try await TempRepository()
    expectExit(0, try await repo.ledger("claim", "a.txt", session: "alice"))
    expectError(2, try await repo.ledger("release", "a.txt"), mentioning: ["session"])
    expectError(2, try await repo.ledger("release", "--all"), mentioning: ["session"])
    #expect(try await repo.claims().count == 1)
  }

  @Test("release takes paths relative to the current directory")
  func releaseFromSubdirectory() async throws {
    let repo = try await TempRepository()
    try repo.makeDirectory("src/deep")
    expectExit(0, try await repo.ledger("claim", "src/deep/x.c", "top.txt", session: "alice"))
    let deep = repo.url("src/deep")
    expectExit(
      0, try await repo.ledger("release", "x.c", "../../top.txt", session: "alice", in: deep))
    #expect(try await repo.claims().isEmpty)
  }

  @Test("an expired claim cannot be released: it is no longer held")
  func releaseExpired() async throws {
    let repo = try await TempRepository()
    expectExit(
      0, try await repo.ledger("claim", "--ttl", "10m", "a.txt", session: "alice", now: Clock.t0))
    expectError(
      1, try await repo.ledger("release", "a.txt", session: "alice", now: Clock.minutes(11)))
  }
}

/// A claim protects uncommitted work: releasing it would let another session sweep that work
/// into its own commit, so a release that would leave a changed path unprotected is refused
/// unless forced.
@Suite("releasing claims on uncommitted work")
struct UncommittedReleaseTests {
  /// alice holds mod.txt (modified), staged.txt (staged), new.txt (untracked), clean.txt.
  private func aliceAtWork() async throws -> TempRepository {
    let repo = try await TempRepository(files: [
      "mod.txt": "m\n", "staged.txt": "s\n", "clean.txt": "c\n",
    ])
    expectExit(
      0,
      try await repo.ledger(
        "claim", "mod.txt", "staged.txt", "new.txt", "clean.txt", session: "alice"))
    try repo.write("mod.txt", "alice\n")
    try repo.write("staged.txt", "alice\n")
    try await repo.git("add", "staged.txt")
    try repo.write("new.txt", "alice\n")
    return repo
  }

  @Test(
    "release of a claim on a modified, staged or untracked path exits 1, names it, changes nothing",
    arguments: ["mod.txt", "staged.txt", "new.txt"])
  func refused(path: String) async throws {
    let repo = try await aliceAtWork()
    let claimsBefore = repo.bytes(repo.claimsFile)
    let result = try await repo.ledger("release", path, session: "alice")
    expectError(1, result, mentioning: [path, "--force"])
    #expect(result.stdout.isEmpty, "\(result)")
    #expect(repo.bytes(repo.claimsFile) == claimsBefore)
    #expect(try await repo.log().filter { $0.event == "release" }.isEmpty)
    // Still protected: another session cannot take it.
    expectError(1, try await repo.ledger("claim", path, session: "bob"))
  }

  @Test("a clean claim is released as before; one dirty spec refuses the whole call")
  func allOrNothing() async throws {
    let repo = try await aliceAtWork()
    let mixed = try await repo.ledger("release", "clean.txt", "mod.txt", session: "alice")
    expectError(1, mixed, mentioning: ["mod.txt"])
    #expect(!mixed.stderr.contains("clean.txt"), "only the dirty path is named\n\(mixed)")
    #expect(try await repo.claims().count == 4)
    expectExit(0, try await repo.ledger("release", "clean.txt", session: "alice"))
    #expect(try await repo.claims().count == 3)
  }

  @Test("--force releases a dirty claim and warns, naming each uncommitted path")
  func forced() async throws {
    let repo = try await aliceAtWork()
    let result = try await repo.ledger("release", "--force", "mod.txt", session: "alice")
    expectExit(0, result)
    #expect(result.stderr.contains("mod.txt"), "\(result)")
    #expect(result.stderr.contains("warning"), "\(result)")
    #expect(!(try await repo.claims().map(\.spec).contains("mod.txt")))
    expectExit(0, try await repo.ledger("claim", "mod.txt", session: "bob"))
  }

  @Test("a dirty path still covered by another claim of the session may be released")
  func stillCovered() async throws {
    let repo = try await TempRepository(files: ["src/a.txt": "a\n"])
    expectExit(0, try await repo.ledger("claim", "src/", "src/a.txt", session: "alice"))
    try repo.write("src/a.txt", "alice\n")
    expectExit(0, try await repo.ledger("release", "src/a.txt", session: "alice"))
    expectError(
      1, try await repo.ledger("release", "src/", session: "alice"), mentioning: ["src/a.txt"])
    #expect(try await repo.claims().map(\.spec) == ["src/"])
  }

  @Test("a directory or glob claim over uncommitted work is refused, naming the paths")
  func directoryAndGlob() async throws {
    let repo = try await TempRepository(files: ["src/a.c": "a\n", "lib/b.c": "b\n"])
    expectExit(0, try await repo.ledger("claim", "src/", "lib/*.c", session: "alice"))
    try repo.write("src/deep/new.c", "new\n")
    try FileManager.default.removeItem(at: repo.url("lib/b.c"))
    let result = try await repo.ledger("release", "src/", "lib/*.c", session: "alice")
    expectError(1, result, mentioning: ["src/deep/new.c", "lib/b.c"])
    #expect(try await repo.claims().count == 2)
  }

  @Test("release --all refuses while any claim covers uncommitted work; --force releases all")
  func releaseAll() async throws {
    let repo = try await aliceAtWork()
    let refused = try await repo.ledger("release", "--all", session: "alice")
    expectError(1, refused, mentioning: ["mod.txt", "staged.txt", "new.txt"])
    #expect(try await repo.claims().count == 4)
    let forced = try await repo.ledger("release", "--all", "--force", session: "alice")
    expectExit(0, forced)
    #expect(forced.stderr.contains("mod.txt"), "\(forced)")
    #expect(try await repo.claims().isEmpty)
  }

  @Test("session end keeps claims on uncommitted work (marked ended), like Claude's SessionEnd")
  func sessionEndKeeps() async throws {
    let repo = try await aliceAtWork()
    let result = try await repo.ledger("session", "end", session: "alice")
    expectExit(0, result)
    for path in ["mod.txt", "staged.txt", "new.txt"] {
      #expect(result.stderr.contains(path), "the kept path \(path) is named\n\(result)")
    }
    let claims = try await repo.claims()
    #expect(Set(claims.map(\.spec)) == ["mod.txt", "staged.txt", "new.txt"])
    #expect(claims.allSatisfy { $0.session == "alice" })
    let status = try await repo.ledger("status")
    #expect(status.stdout.contains("ended"), "\(status)")
    // Still protected.
    expectError(1, try await repo.ledger("claim", "new.txt", session: "bob"))
    // --force ends everything, with a warning.
    let forced = try await repo.ledger("session", "end", "--force", session: "alice")
    expectExit(0, forced)
    #expect(forced.stderr.contains("mod.txt"), "\(forced)")
    #expect(try await repo.claims().isEmpty)
  }
}
