import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

@Suite("Corrupt ledger and locks")
struct CorruptionTests {
  /// Ways a claims file can be damaged, each from a valid file with two claims.
  enum Damage: String, CaseIterable, Sendable {
    case garbage, truncated, lastLineCut, emptyFile, notJSON, countMismatch, futureVersion, binary

    func apply(to valid: Data) -> Data {
      let text = String(decoding: valid, as: UTF8.self)
      var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
      switch self {
      case .garbage: return Data("this is not a ledger\n".utf8)
      case .truncated: return valid.prefix(valid.count / 2)
      case .lastLineCut:
        lines.removeLast(2)
        return Data((lines.joined(separator: "\n") + "\n").utf8)
      case .emptyFile: return Data()
      case .notJSON:
        lines[1] = "{\"spec\": oops"
        return Data(lines.joined(separator: "\n").utf8)
      case .countMismatch:
        lines.remove(at: 1)
        return Data(lines.joined(separator: "\n").utf8)
      case .futureVersion:
        return Data(text.replacingOccurrences(of: "\"version\":1", with: "\"version\":99").utf8)
      case .binary: return Data([0x00, 0xFF, 0xFE, 0x0A, 0x7B, 0x00, 0x0A])
      }
    }
  }

  @Test(
    "a corrupt claims file: every command exits 3 naming it and leaves it byte-for-byte",
    arguments: Damage.allCases)
  func corruptClaims(_ damage: Damage) async throws {
    let repo = try await TempRepository()
    expectExit(
      0, try await repo.ledger("claim", "a.txt", "--ttl", "1h", session: "alice", now: Clock.t0))
    expectExit(0, try await repo.ledger("claim", "b/", session: "bob", now: Clock.t0))
    let valid = try #require(repo.bytes(repo.claimsFile))
    let damaged = damage.apply(to: valid)
    #expect(damaged != valid)
    try damaged.write(to: repo.claimsFile)
    let logBefore = repo.bytes(repo.logFile)

    let commands: [(arguments: [String], session: String?)] = [
      (["claim", "c.txt"], "carol"), (["claim", "--steal", "--reason", "x", "a.txt"], "carol"),
      (["release", "a.txt"], "alice"), (["release", "--all"], "alice"), (["status"], nil),
      (["status", "--json"], nil), (["who", "a.txt"], nil), (["gc"], nil),
      (["session", "end"], "bob"),
    ]
    for command in commands {
      let result = try await repo.ledger(
        command.arguments, session: command.session, now: Clock.hours(2))
      expectError(3, result, mentioning: [repo.claimsFile.path])
    }
    #expect(repo.bytes(repo.claimsFile) == damaged, "the corrupt file must be left as it was")
    #expect(repo.bytes(repo.logFile) == logBefore, "a refused write must not log")
  }

  @Test("a leftover claims.jsonl.lock from a dead writer is recovered")
  func staleLockFile() async throws {
    let repo = try await TempRepository()
    expectExit(0, try await repo.ledger("claim", "a.txt", session: "alice"))
    let stale = repo.claimsFile.appendingPathExtension("lock")
    try Data("half-written".utf8).write(to: stale)
    let result = try await repo.ledger(
      "claim", "b.txt", session: "alice", environment: ["LEDGER_LOCK_TIMEOUT": "5"])
    expectExit(0, result)
    #expect(!repo.exists(stale))
    #expect(Set(try await repo.claims().map(\.spec)) == ["a.txt", "b.txt"])
  }

  @Test("a lock held by a live process: exit 3 after LEDGER_LOCK_TIMEOUT, and nothing changes")
  func lockTimeout() async throws {
    let repo = try await TempRepository()
    expectExit(0, try await repo.ledger("claim", "a.txt", session: "alice"))
    let before = repo.bytes(repo.claimsFile)
    // The writers' lock of this implementation: an flock on ledger/lock.
    let fd = open(
      repo.ledgerDirectory.appendingPathComponent("lock").path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
    try #require(fd >= 0)
    #expect(flock(fd, LOCK_EX) == 0)
    let blocked = try await repo.ledger(
      "claim", "b.txt", session: "bob", environment: ["LEDGER_LOCK_TIMEOUT": "1"])
    flock(fd, LOCK_UN)
    close(fd)
    expectError(3, blocked, mentioning: ["lock"])
    #expect(blocked.elapsed >= 0.9 && blocked.elapsed < 10, "\(blocked)")
    #expect(repo.bytes(repo.claimsFile) == before)
    // Readers never wait for the lock; once it is free, writers proceed.
    expectExit(0, try await repo.ledger("claim", "b.txt", session: "bob"))
  }

  @Test("a torn last line in the audit log does not stop claims or the log")
  func tornLogLine() async throws {
    let repo = try await TempRepository()
    expectExit(0, try await repo.ledger("claim", "a.txt", session: "alice"))
    let handle = try FileHandle(forWritingTo: repo.logFile)
    try handle.seekToEnd()
    try handle.write(contentsOf: Data("{\"time\":\"2030-01-01T00:0".utf8))
    try handle.close()
    expectExit(0, try await repo.ledger("claim", "b.txt", session: "alice"))
    let result = try await repo.ledger("log", "--json")
    expectExit(0, result)
    let events = result.lines.compactMap { try? LogEvent.parse($0) }.flatMap { $0 }
    #expect(events.filter { $0.event == "claim" }.count == 2, "\(result)")
  }
}
