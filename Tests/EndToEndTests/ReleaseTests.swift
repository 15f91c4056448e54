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
