import Foundation
import Testing

@Suite("Leases and ledger gc")
struct GCTests {
  @Test("gc drops expired claims, reports them and logs expire events")
  func gcReportsExpired() async throws {
    let repo = try await TempRepository()
    expectExit(
      0,
      try await repo.ledger("claim", "--ttl", "30m", "short.txt", session: "alice", now: Clock.t0))
    expectExit(0, try await repo.ledger("claim", "forever.txt", session: "bob", now: Clock.t0))

    let result = try await repo.ledger("gc", now: Clock.minutes(31))
    expectExit(0, result)
    #expect(result.stdout.contains("short.txt") && result.stdout.contains("alice"), "\(result)")
    #expect(!result.stdout.contains("forever.txt"), "\(result)")

    let text = String(decoding: repo.bytes(repo.claimsFile) ?? Data(), as: UTF8.self)
    #expect(!text.contains("short.txt"), "gc must drop the expired claim from the file")
    #expect(text.contains("forever.txt"))
    let expired = try await repo.log().filter { $0.event == "expire" }
    #expect(expired.map { $0["spec"] } == ["short.txt"])
    #expect(expired.first?.session == "alice")
  }

  @Test("gc --json lists the expired claims")
  func gcJSON() async throws {
    let repo = try await TempRepository()
    expectExit(
      0, try await repo.ledger("claim", "--ttl", "1h", "x.txt", session: "alice", now: Clock.t0))
    let result = try await repo.ledger("gc", "--json", now: Clock.hours(2))
    expectExit(0, result)
    let document = try JSON.parse(result.stdout)
    #expect(result.stdout.contains("x.txt"), "\(document)")
  }

  @Test("gc with nothing expired changes nothing")
  func gcNothing() async throws {
    let repo = try await TempRepository()
    expectExit(
      0, try await repo.ledger("claim", "--ttl", "1h", "x.txt", session: "alice", now: Clock.t0))
    let claimsBefore = repo.bytes(repo.claimsFile)
    let logBefore = repo.bytes(repo.logFile)
    let result = try await repo.ledger("gc", now: Clock.minutes(59))
    expectExit(0, result)
    #expect(!result.stdout.contains("x.txt"), "\(result)")
    #expect(repo.bytes(repo.claimsFile) == claimsBefore)
    #expect(repo.bytes(repo.logFile) == logBefore)
    // And in an empty repository, gc is harmless.
    let empty = try await TempRepository()
    expectExit(0, try await empty.ledger("gc"))
  }

  @Test("an expired claim does not conflict, and is dropped at the next write")
  func expiredDoesNotConflict() async throws {
    let repo = try await TempRepository()
    expectExit(
      0,
      try await repo.ledger(
        "claim", "--ttl", "30m", "--note", "quick fix", "a.txt", session: "alice", now: Clock.t0))
    expectError(
      1, try await repo.ledger("claim", "a.txt", session: "bob", now: Clock.minutes(29)),
      mentioning: ["alice"])
    expectExit(0, try await repo.ledger("claim", "a.txt", session: "bob", now: Clock.minutes(31)))

    let claims = try await repo.claims(now: Clock.minutes(31))
    #expect(claims.map(\.session) == ["bob"])
    let text = String(decoding: repo.bytes(repo.claimsFile) ?? Data(), as: UTF8.self)
    #expect(!text.contains("alice"), "the expired claim is dropped at the next write")
    #expect(try await repo.log().contains { $0.event == "expire" && $0.session == "alice" })
    // Nothing is left for gc.
    let gc = try await repo.ledger("gc", now: Clock.minutes(31))
    expectExit(0, gc)
    #expect(!gc.stdout.contains("a.txt"), "\(gc)")
  }

  @Test("LEDGER_NOW accepts epoch seconds as well as RFC 3339")
  func epochClock() async throws {
    let repo = try await TempRepository()
    expectExit(
      0,
      try await repo.ledger(
        "claim", "--ttl", "1h", "a.txt", session: "alice", now: "\(Clock.epoch)"))
    let claims = try await repo.claims(now: Clock.t0)
    #expect(claims.first?.since == Clock.t0)
    #expect(claims.first?.expires == Clock.hours(1))
  }
}
