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
        return Data(text.replacingOccurrences(of: "\"version\":2", with: "\"version\":99").utf8)
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

  // MARK: The hooks never trust more than the full reader

  /// A hooked repository where alice holds f00…f59.txt and carol f60.txt, all claimed at t0
  /// (so every claim line has the same length); alice has changed f60.txt and staged it. With
  /// more than 48 claims per staged path, the hooks look the path up by binary search.
  private func sameLengthLedger(carolArguments: [String] = []) async throws -> TempRepository {
    var files: [String: String] = [:]
    for number in 0...60 { files[String(format: "f%02d.txt", number)] = "\(number)\n" }
    let repo = try await hookedRepository(files: files)
    expectExit(
      0,
      try await repo.ledger(
        ["claim"] + (0...59).map { String(format: "f%02d.txt", $0) }, session: "alice",
        now: Clock.t0))
    expectExit(
      0,
      try await repo.ledger(
        ["claim"] + carolArguments + ["f60.txt"], session: "carol", now: Clock.t0))
    try repo.write("f60.txt", "alice's change\n")
    try await repo.git("add", "f60.txt")
    return repo
  }

  /// Every line of the claims file (without newlines).
  private func claimLines(_ repo: TempRepository) throws -> [String] {
    let text = String(decoding: try #require(repo.bytes(repo.claimsFile)), as: UTF8.self)
    return text.split(separator: "\n").map(String.init)
  }

  private func writeClaimLines(_ lines: [String], _ repo: TempRepository) throws {
    try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: repo.claimsFile)
  }

  /// What every reader of a damaged ledger must do: the hooks and `ledger check` refuse the
  /// commit (exit 1) naming the file and the repair; `ledger status` exits 3.
  private func expectRefusedEverywhere(
    _ repo: TempRepository, now: String, sourceLocation: SourceLocation = #_sourceLocation
  ) async throws {
    let head = try await repo.revision()
    let check = try await repo.ledger("check", session: "alice", now: now)
    expectError(
      1, check, mentioning: [repo.claimsFile.path, "ledger doctor --repair"],
      sourceLocation: sourceLocation)
    let commit = try await repo.commit("-q", "-m", "alice's commit", session: "alice", now: now)
    try await expectBlocked(
      commit, headBefore: head, repo: repo,
      mentioning: ["claims.jsonl", "ledger doctor --repair"], sourceLocation: sourceLocation)
    let noVerify = try await repo.commit(
      "-q", "--no-verify", "-m", "alice's commit", session: "alice", now: now)
    try await expectBlocked(
      noVerify, headBefore: head, repo: repo, mentioning: ["claims.jsonl"],
      sourceLocation: sourceLocation)
    expectError(
      3, try await repo.ledger("status", now: now), mentioning: [repo.claimsFile.path],
      sourceLocation: sourceLocation)
  }

  @Test("claim lines swapped by a same-length hand edit: the hooks refuse, like the full reader")
  func sameLengthReorder() async throws {
    let repo = try await sameLengthLedger()
    var lines = try claimLines(repo)
    #expect(lines.count == 63)
    #expect(lines[1].utf8.count == lines[61].utf8.count, "the lines must have one length")
    #expect(lines[61].contains("carol"))
    let size = try #require(repo.bytes(repo.claimsFile)).count
    lines.swapAt(1, 61)
    try writeClaimLines(lines, repo)
    #expect(try #require(repo.bytes(repo.claimsFile)).count == size)
    try await expectRefusedEverywhere(repo, now: Clock.minutes(5))

    // The repair sets the file aside and rebuilds it from the log: carol's claim is back, and
    // the commit is refused for what it is, a claimed file.
    let repair = try await repo.ledger("doctor", "--repair", now: Clock.minutes(6))
    #expect(repair.stdout.contains("rebuilt 61 claims"), "\(repair)")
    let head = try await repo.revision()
    let blocked = try await repo.commit(
      "-q", "-m", "alice's commit", session: "alice", now: Clock.minutes(7))
    try await expectBlocked(
      blocked, headBefore: head, repo: repo, mentioning: ["f60.txt", "carol"])
  }

  @Test("a header that understates a lease (until moved into the past): the hooks refuse")
  func understatedHeader() async throws {
    let repo = try await sameLengthLedger(carolArguments: ["--ttl", "8h"])
    var lines = try claimLines(repo)
    let until = "\"until\":\"\(Clock.hours(8))\""
    #expect(lines[0].contains(until), "\(lines[0])")
    lines[0] = lines[0].replacingOccurrences(
      of: until, with: "\"until\":\"\(Clock.minutes(30))\"")
    lines[0] = lines[0].replacingOccurrences(
      of: "\"next\":\"\(Clock.hours(8))\"", with: "\"next\":\"\(Clock.minutes(30))\"")
    try writeClaimLines(lines, repo)
    try await expectRefusedEverywhere(repo, now: Clock.hours(1))
  }

  @Test("claims.jsonl deleted while the log records claims: refused; doctor names it; repair")
  func deletedClaimsFile() async throws {
    let repo = try await sameLengthLedger()
    try FileManager.default.removeItem(at: repo.claimsFile)
    try await expectRefusedEverywhere(repo, now: Clock.minutes(5))
    let doctor = try await repo.ledger("doctor", now: Clock.minutes(5))
    #expect(doctor.exited(3), "\(doctor)")
    #expect(doctor.stdout.contains("missing") || doctor.stderr.contains("missing"), "\(doctor)")
    let repair = try await repo.ledger("doctor", "--repair", now: Clock.minutes(6))
    #expect(repair.stdout.contains("rebuilt 61 claims"), "\(repair)")
    #expect(
      try await repo.claims(now: Clock.minutes(6)).contains {
        $0.spec == "f60.txt" && $0.session == "carol"
      })
    let head = try await repo.revision()
    let blocked = try await repo.commit(
      "-q", "-m", "alice's commit", session: "alice", now: Clock.minutes(7))
    try await expectBlocked(
      blocked, headBefore: head, repo: repo, mentioning: ["f60.txt", "carol"])
  }

  @Test("an older claims.jsonl restored over the current one: refused until repaired")
  func rolledBackClaimsFile() async throws {
    var files: [String: String] = [:]
    for name in ["a.txt", "b.txt"] { files[name] = "\(name)\n" }
    let repo = try await hookedRepository(files: files)
    expectExit(0, try await repo.ledger("claim", "a.txt", session: "alice", now: Clock.t0))
    let older = try #require(repo.bytes(repo.claimsFile))
    expectExit(0, try await repo.ledger("claim", "b.txt", session: "carol", now: Clock.t0))
    try older.write(to: repo.claimsFile)
    try repo.write("b.txt", "alice's change\n")
    try await repo.git("add", "b.txt")
    try await expectRefusedEverywhere(repo, now: Clock.minutes(5))
    expectExit(0, try await repo.ledger("doctor", "--repair", now: Clock.minutes(6)))
    #expect(
      Set(try await repo.claims(now: Clock.minutes(6)).map(\.spec)) == ["a.txt", "b.txt"])
  }
}
