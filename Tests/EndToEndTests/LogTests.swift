import Foundation
import Testing

@Suite("ledger log")
struct LogTests {
  /// alice claims at t0, bob claims at +1h, alice releases at +2h, carol steals from bob at +3h.
  private func history() async throws -> TempRepository {
    let repo = try await TempRepository()
    expectExit(0, try await repo.ledger("claim", "a.txt", session: "alice", now: Clock.t0))
    expectExit(0, try await repo.ledger("claim", "b.txt", session: "bob", now: Clock.hours(1)))
    expectExit(0, try await repo.ledger("release", "a.txt", session: "alice", now: Clock.hours(2)))
    expectExit(
      0,
      try await repo.ledger(
        "claim", "--steal", "--reason", "bob is gone", "b.txt", session: "carol",
        now: Clock.hours(3)))
    return repo
  }

  @Test("--json prints one event object a line, oldest first")
  func jsonLines() async throws {
    let repo = try await history()
    let result = try await repo.ledger("log", "--json")
    expectExit(0, result)
    #expect(result.lines.count == 4, "\(result)")
    let events = try LogEvent.parse(result.stdout)
    #expect(events.map(\.event) == ["claim", "claim", "release", "steal"])
    #expect(events.map(\.session) == ["alice", "bob", "alice", "carol"])
    #expect(events.map(\.time) == [Clock.t0, Clock.hours(1), Clock.hours(2), Clock.hours(3)])
    #expect(events.map { $0["spec"] } == ["a.txt", "b.txt", "a.txt", "b.txt"])
    #expect(events[3]["from"] == "bob" && events[3]["reason"] == "bob is gone")
  }

  @Test("the text log lists every event")
  func textLog() async throws {
    let repo = try await history()
    let result = try await repo.ledger("log")
    expectExit(0, result)
    #expect(result.lines.count == 4, "\(result)")
    for fragment in ["claim", "release", "steal", "alice", "bob", "carol", "bob is gone"] {
      #expect(result.stdout.contains(fragment), "\(fragment)\n\(result)")
    }
  }

  @Test("--session keeps one session's events")
  func filterBySession() async throws {
    let repo = try await history()
    let events = try await repo.log(["--session", "alice"])
    #expect(events.map(\.event) == ["claim", "release"])
    #expect(events.allSatisfy { $0.session == "alice" })
  }

  @Test("--since keeps events at or after an RFC 3339 time or a duration ago")
  func filterBySince() async throws {
    let repo = try await history()
    let absolute = try await repo.log(["--since", Clock.hours(2)])
    #expect(absolute.map(\.event) == ["release", "steal"])
    let relative = try await repo.log(["--since", "90m"], now: Clock.hours(3))
    #expect(relative.map(\.event) == ["release", "steal"])
  }

  @Test("a bad --since is a usage error")
  func badSince() async throws {
    let repo = try await history()
    expectError(2, try await repo.ledger("log", "--since", "yesterday-ish"))
  }

  @Test("an empty log prints no JSON lines and exits 0")
  func emptyLog() async throws {
    let repo = try await TempRepository()
    let json = try await repo.ledger("log", "--json")
    expectExit(0, json)
    #expect(json.stdout.isEmpty, "\(json)")
    expectExit(0, try await repo.ledger("log"))
  }

  @Test("the audit log is append-only: earlier lines are never rewritten")
  func appendOnly() async throws {
    let repo = try await TempRepository()
    expectExit(0, try await repo.ledger("claim", "a.txt", session: "alice", now: Clock.t0))
    let first = try #require(repo.bytes(repo.logFile))
    expectExit(
      0, try await repo.ledger("release", "a.txt", session: "alice", now: Clock.minutes(1)))
    let second = try #require(repo.bytes(repo.logFile))
    #expect(second.count > first.count)
    #expect(second.prefix(first.count) == first)
  }
}

@Suite("ledger log input")
struct LogInputTests {
  @Test(
    "log --session with an invalid id exits 2 like every other command",
    arguments: [
      "bad id", "-dash", "", "a\nb",
    ])
  func invalidSession(id: String) async throws {
    let repo = try await TempRepository()
    expectExit(0, try await repo.ledger("claim", "a.txt", session: "alice"))
    let result = try await repo.ledger("log", "--session", id)
    expectError(2, result, mentioning: ["not a valid session id"])
    #expect(result.stdout.isEmpty, "\(result)")
    expectError(2, try await repo.ledger("log", "--json", "--session", id))
    // A valid one still filters.
    let alice = try await repo.log(["--session", "alice"])
    #expect(alice.map(\.event) == ["claim"])
  }
}
