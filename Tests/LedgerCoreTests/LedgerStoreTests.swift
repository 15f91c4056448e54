import Foundation
import Testing

@testable import LedgerCore

private let alice = session("claude:alice")
private let bob = session("codex:bob")

private func claim(_ specs: [PathSpec], _ owner: SessionID, ttl: Duration? = nil)
  -> (inout Ledger) throws(LedgerError) -> Ledger.ClaimOutcome
{
  { (ledger: inout Ledger) throws(LedgerError) in
    try ledger.claim(specs, session: owner, ttl: ttl, note: nil, stealReason: nil)
  }
}

private func release(_ specs: [PathSpec], _ owner: SessionID)
  -> (inout Ledger) throws(LedgerError) -> Ledger.ClaimOutcome
{
  { (ledger: inout Ledger) throws(LedgerError) in
    Ledger.ClaimOutcome(added: try ledger.release(specs, session: owner))
  }
}

@Suite("LedgerStore: the ledger on disk")
struct LedgerStoreTests {
  let temporary: TemporaryDirectory
  let store: LedgerStore

  init() throws {
    temporary = try TemporaryDirectory()
    store = LedgerStore(commonDirectory: temporary.path)
  }

  private func update<R>(
    now: Timestamp = t0, timeout: Double = 2, _ change: (inout Ledger) throws(LedgerError) -> R
  ) throws(LedgerError) -> R {
    try store.update(now: now, ignoreCase: false, holder: "unit test", timeout: timeout, change)
  }

  @Test("the ledger lives in <common dir>/ledger")
  func layout() {
    #expect(store.directory == temporary.path + "/ledger")
    #expect(store.claimsPath == temporary.path + "/ledger/claims.jsonl")
    #expect(store.log.path == temporary.path + "/ledger/log.jsonl")
    #expect(store.runDirectory == temporary.path + "/ledger/run")
  }

  @Test("no ledger yet reads as no claims")
  func missing() throws {
    #expect(try store.loadClaims().isEmpty)
    #expect(try store.index().allClaims().isEmpty)
  }

  @Test("update persists the claims and appends its events to log.jsonl")
  func persists() throws {
    _ = try update(claim([file("a.txt"), directory("src/")], alice))
    _ = try update(now: Timestamp(seconds: t0.seconds + 10), claim([glob("*.md")], bob))
    let claims = try store.loadClaims()
    #expect(claims.map(\.spec.text).sorted() == ["*.md", "a.txt", "src/"])
    #expect(try ClaimsFile.decode(try temporary.bytes("ledger/claims.jsonl"), path: "x") == claims)
    let index = try store.index()
    let owners = try index.candidates(for: "src/x").filter {
      $0.spec.covers("src/x", ignoreCase: false)
    }
    #expect(owners.map(\.session) == [alice])
    let (events, unreadable) = try store.log.read()
    #expect(unreadable == 0)
    #expect(events.map(\.kind) == [.claim, .claim, .claim])
    #expect(events.map(\.session) == [alice.value, alice.value, bob.value])
    #expect(events.last?.time == Timestamp(seconds: t0.seconds + 10))
    // Nothing is left behind but the files of the ledger.
    let names = try FileManager.default.contentsOfDirectory(atPath: store.directory).sorted()
    #expect(names == ["claims.jsonl", "lock", "log.jsonl"])
  }

  @Test("an update that changes nothing writes nothing")
  func unchanged() throws {
    let count = try update { ledger in ledger.claims.count }
    #expect(count == 0)
    #expect(!FileManager.default.fileExists(atPath: store.claimsPath))
    #expect(try store.log.read().events.isEmpty)
  }

  @Test("a refused change writes nothing and passes its error on")
  func refusedChange() throws {
    _ = try update(claim([file("a.txt")], alice))
    let before = try temporary.bytes("ledger/claims.jsonl")
    let logBefore = try temporary.bytes("ledger/log.jsonl")
    expectError(.refused) { _ = try update(claim([file("b.txt"), file("a.txt")], bob)) }
    #expect(try temporary.bytes("ledger/claims.jsonl") == before)
    #expect(try temporary.bytes("ledger/log.jsonl") == logBefore)
  }

  @Test("expired claims are dropped at the next write, with expire events")
  func expiry() throws {
    _ = try update(claim([file("a.txt")], alice, ttl: Duration(seconds: 60)))
    _ = try update(now: Timestamp(seconds: t0.seconds + 60), claim([file("a.txt")], bob))
    let claims = try store.loadClaims()
    #expect(claims.map(\.session) == [bob])
    let kinds = try store.log.read().events.map(\.kind)
    #expect(kinds == [.claim, .expire, .claim])
  }

  @Test("a corrupt claims file fails the update with exit 3 and is left byte for byte")
  func corruptFile() throws {
    _ = try update(claim([file("a.txt"), file("b.txt")], alice))
    var bytes = try temporary.bytes("ledger/claims.jsonl")
    bytes.removeLast(7)  // a torn write
    try Data(bytes).write(to: URL(fileURLWithPath: store.claimsPath))
    let logBefore = try temporary.bytes("ledger/log.jsonl")
    let changes: [(inout Ledger) throws(LedgerError) -> Ledger.ClaimOutcome] = [
      claim([file("c.txt")], bob),
      release([file("a.txt")], alice),
    ]
    for change in changes {
      let error = expectError(.environment) { _ = try update(change) }
      #expect(error?.message.contains(store.claimsPath) == true)
      #expect(error?.hint?.contains("ledger doctor --repair") == true)
      #expect(try temporary.bytes("ledger/claims.jsonl") == bytes)
      #expect(try temporary.bytes("ledger/log.jsonl") == logBefore)
    }
    expectError(.environment) { _ = try store.loadClaims() }
    expectError(.environment) { _ = try store.index() }
  }

  @Test("a stale claims.jsonl.lock left by a dead writer is recovered")
  func staleLockFile() throws {
    _ = try update(claim([file("a.txt")], alice))
    try temporary.write("ledger/claims.jsonl.lock", "half a ledger {\"spec\":")
    _ = try update(claim([file("b.txt")], alice))
    #expect(try store.loadClaims().map(\.spec.text) == ["a.txt", "b.txt"])
    #expect(!FileManager.default.fileExists(atPath: store.claimsPath + ".lock"))
  }

  @Test("hooks append events without the lock")
  func record() throws {
    try store.record([
      AuditEvent(.commit, time: t0, session: nil, details: [("sha", .string("abc"))])
    ])
    let events = try store.log.read().events
    #expect(events.count == 1)
    #expect(events.first?["sha"]?.stringValue == "abc")
    #expect(events.first?.session == nil)
  }

  @Test("a torn last line of the log is skipped and counted")
  func tornLog() throws {
    _ = try update(claim([file("a.txt")], alice))
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: store.log.path))
    handle.seekToEndOfFile()
    handle.write(Data("{\"time\":\"2026-11-27T16:0".utf8))
    try handle.close()
    let (events, unreadable) = try store.log.read()
    #expect(events.count == 1)
    #expect(unreadable == 1)
  }

  /// Holds the writers' lock from another process, as a concurrent `ledger` would.
  private func holdLock() throws -> Process {
    try FileManager.default.createDirectory(
      atPath: store.directory, withIntermediateDirectories: true)
    let lockPath = store.directory + "/lock"
    let child = Process()
    child.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
    child.arguments = [
      "-c",
      "import fcntl, sys, time\nf = open(sys.argv[1], 'a')\nfcntl.flock(f, fcntl.LOCK_EX)\n"
        + "f.write('pid held by python\\n'); f.flush()\nprint('locked', flush=True)\ntime.sleep(60)",
      lockPath,
    ]
    let output = Pipe()
    child.standardOutput = output
    try child.run()
    // Wait until the child says it holds the lock.
    let line = output.fileHandleForReading.availableData
    #expect(String(decoding: line, as: UTF8.self).hasPrefix("locked"))
    return child
  }

  /// Kills the lock holder (SIGKILL: the child may inherit a mask that blocks SIGTERM).
  private func stop(_ child: Process) {
    if child.isRunning { kill(child.processIdentifier, SIGKILL) }
    child.waitUntilExit()
  }

  @Test("a writer gives up with exit 3 when another process holds the lock past the timeout")
  func lockTimeout() throws {
    let child = try holdLock()
    defer { stop(child) }
    let start = Date()
    let error = expectError(.environment) {
      _ = try update(timeout: 0.6, claim([file("a.txt")], alice))
    }
    let elapsed = Date().timeIntervalSince(start)
    #expect(elapsed >= 0.55)
    #expect(elapsed < 5)
    #expect(error?.message.contains("locked") == true)
    #expect(error?.message.contains(store.directory + "/lock") == true)
    #expect(!FileManager.default.fileExists(atPath: store.claimsPath))
  }

  @Test("the lock of a process that died is free again")
  func lockOfDeadProcess() throws {
    let child = try holdLock()
    stop(child)
    _ = try update(timeout: 2, claim([file("a.txt")], alice))
    #expect(try store.loadClaims().count == 1)
  }

  @Test("writers waiting for each other all get their turn")
  func concurrentWriters() async throws {
    let store = self.store
    try await withThrowingTaskGroup(of: Void.self) { group in
      for n in 0..<8 {
        group.addTask {
          _ = try store.update(now: t0, ignoreCase: false, holder: "task \(n)", timeout: 20) {
            (ledger: inout Ledger) throws(LedgerError) in
            try ledger.claim(
              [file("f\(n)")], session: session("s\(n)"), ttl: nil, note: nil, stealReason: nil)
          }
        }
      }
      try await group.waitForAll()
    }
    #expect(try store.loadClaims().count == 8)
    #expect(try store.log.read().events.count == 8)
  }
}
