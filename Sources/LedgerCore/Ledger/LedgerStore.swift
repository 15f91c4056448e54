/// The ledger on disk: `$(git rev-parse --git-common-dir)/ledger/`, shared by every worktree.
///
/// - `claims.jsonl` — the claims (see `ClaimsFile`), replaced atomically under the lock;
/// - `log.jsonl` — the append-only audit log (see `AuditLog`);
/// - `lock` — the writers' lock (see `LedgerLock`);
/// - `run/` — scratch files of `ledger commit` (its pathspec list); the notes the hooks of one
///   commit leave each other live in the private per-user folder (`PrivateFolder`, `attempts/`).
///
/// Readers never lock: they read `claims.jsonl`, which is always either the old or the new file.
public struct LedgerStore: Sendable {
  /// The ledger folder.
  public let directory: String
  /// A fault-injection point for the reliability tests (`LEDGER_TEST_CRASH`): the writer kills
  /// itself with SIGKILL when it reaches it. `nil` in normal use.
  public var crashPoint: CrashPoint?

  /// Where a writer can be made to crash, in the order it passes them.
  public enum CrashPoint: String, Sendable, CaseIterable {
    /// The lock is held; nothing is written yet.
    case locked
    /// `claims.jsonl.lock` is written and flushed; the audit events are not appended yet.
    case written
    /// The audit events are appended (the write's commit point); `claims.jsonl.lock` is not
    /// renamed yet.
    case logged
    /// `claims.jsonl` is replaced; the lock is not released yet.
    case renamed
  }

  /// This store, crashing at the point named by `name` (from `LEDGER_TEST_CRASH`), if any.
  public func crashing(at name: String?) -> LedgerStore {
    var store = self
    store.crashPoint = name.flatMap(CrashPoint.init(rawValue:))
    return store
  }

  func reached(_ point: CrashPoint) {
    if crashPoint == point { kill(getpid(), SIGKILL) }
  }

  /// The store in `directory`.
  public init(directory: String) { self.directory = directory }

  /// The store of a repository whose common git dir is `commonDirectory`.
  public init(commonDirectory: String) {
    self.directory = FileSystem.join(commonDirectory, "ledger")
  }

  /// The claims file.
  public var claimsPath: String { FileSystem.join(directory, "claims.jsonl") }
  /// The audit log.
  public var log: AuditLog { AuditLog(path: FileSystem.join(directory, "log.jsonl")) }
  /// The folder of per-commit notes.
  public var runDirectory: String { FileSystem.join(directory, "run") }

  /// A write's new claims file, until it is renamed into place (see `LedgerGeneration`).
  public var pendingPath: String { claimsPath + ".lock" }

  /// Reads and fully validates every claim (none when there is no ledger yet).
  public func loadClaims() throws(LedgerError) -> [Claim] { try loadState().claims }

  /// Every claim, fully validated, with the file's generation and what the log knows.
  func loadState() throws(LedgerError) -> (
    claims: [Claim], generation: Int64, logged: LedgerGeneration
  ) {
    let state = try resolve { (path) throws(LedgerError) -> (value: [Claim], generation: Int64)? in
      let bytes: [UInt8]?
      do throws(SystemError) {
        bytes = try FileSystem.readIfPresent(path)
      } catch {
        throw .system(error)
      }
      guard let bytes else { return nil }
      let (claims, generation) = try ClaimsFile.decodeFile(bytes, path: path)
      return (claims, generation)
    }
    return (state.value ?? [], state.generation, state.logged)
  }

  /// Opens the claims file for lookups without reading every claim (for the hooks), checked
  /// against the log as `loadClaims` checks it.
  public func index() throws(LedgerError) -> ClaimIndex {
    try openIndex().index
  }

  /// `index`, with what the reader knew: the generation of the file it read (`nil`: none) and
  /// what the log knows (for `record(_:known:)`'s anchor).
  func openIndex() throws(LedgerError)
    -> (index: ClaimIndex, known: (file: Int64?, logged: LedgerGeneration))
  {
    let state = try resolve {
      (path) throws(LedgerError) -> (value: ClaimIndex, generation: Int64)? in
      let file: MappedFile
      do throws(SystemError) {
        file = try MappedFile(path: path)
      } catch {
        if error.isNotFound { return nil }
        throw .system(error)
      }
      let index = try ClaimIndex(file: file, path: path)
      return (index, index.generation)
    }
    return (
      state.value ?? .empty, (state.value == nil ? nil : state.generation, state.logged)
    )
  }

  /// What the log knows about the claims file's generations.
  public func loggedGeneration(lookForOldClaims: Bool = false) throws(LedgerError)
    -> LedgerGeneration
  {
    do {
      return try LedgerGeneration.read(log: log.path, lookForOldClaims: lookForOldClaims)
    } catch {
      throw .system(error)
    }
  }

  /// Opens the claims with `open` (`nil` when there is no such file) and checks the file's
  /// generation against the log's. When the log is ahead — a writer between its log append
  /// and its rename, or one that died there — the complete new file is `claims.jsonl.lock`,
  /// read instead when its generation is the log's. A claims file the log disagrees with
  /// otherwise (missing, or older than the log says) is unreadable.
  func resolve<Value>(
    _ open: (String) throws(LedgerError) -> (value: Value, generation: Int64)?
  ) throws(LedgerError) -> (value: Value?, generation: Int64, logged: LedgerGeneration) {
    var attempt = 0
    while true {
      let current = try open(claimsPath)
      let logged = try loggedGeneration(lookForOldClaims: current == nil)
      if logged.accepts(file: current?.generation) {
        return (current?.value, current?.generation ?? 0, logged)
      }
      if let committed = logged.committed,
        let pending = try? open(pendingPath), pending.generation == committed
      {
        return (pending.value, pending.generation, logged)
      }
      // A writer may have renamed its file between the two reads: look once more.
      attempt += 1
      if attempt < 3 { continue }
      guard let current else {
        throw .corruptLedger(
          claimsPath,
          "it is missing, but the audit log \(log.path) records \(logged.committed.map { "generation \($0) of it" } ?? "claims made in it")"
        )
      }
      throw .corruptLedger(
        claimsPath,
        "it is generation \(current.generation), but the audit log \(log.path) records generation \(logged.committed ?? 0): it was deleted, replaced by an older copy, or a write stopped halfway"
      )
    }
  }

  /// Takes the writers' lock (creating the ledger folder if needed).
  func lock(holder: String, timeout: Double) throws(LedgerError) -> LedgerLock {
    do {
      try FileSystem.createDirectory(directory)
    } catch {
      throw .system(
        error, hint: "The ledger lives in the repository's git dir, which must be writable.")
    }
    let lock = try LedgerLock(directory: directory, timeout: timeout, holder: holder)
    reached(.locked)
    return lock
  }

  /// Writes `bytes` (a claims file of generation `generation`) with its `events`, passing the
  /// crash points: the file is written as `claims.jsonl.lock` and flushed; the events are
  /// appended, each tagged with the generation and the last marked complete (the commit
  /// point); then the file is renamed into place. A failure before the commit point changes
  /// nothing; after it, the change stands (readers take `claims.jsonl.lock` until the rename
  /// happens), so the claims file and the log always agree.
  func writeClaims(_ bytes: [UInt8], generation: Int64, events: [AuditEvent], lock: LedgerLock)
    throws(LedgerError)
  {
    var tagged = events.map { event in
      var event = event
      event.details.append((LedgerGeneration.key, .integer(generation)))
      return event
    }
    // Every change logs at least one event (`Ledger.isChanged`), which carries the mark.
    precondition(!tagged.isEmpty, "a write of the claims always logs an event")
    tagged[tagged.count - 1].details.append((LedgerGeneration.completeKey, .bool(true)))
    do {
      try lock.prepare(claimsPath, with: bytes)
      reached(.written)
    } catch {
      throw .system(
        error, hint: "Nothing was changed: the ledger was left as it was before this command.")
    }
    var flushError: SystemError?
    do {
      try log.append(tagged)
    } catch {
      if error.operation == "fsync" {
        // Written, but the disk did not confirm it: the events may be read back, so the file
        // must match them.
        flushError = error
      } else {
        try? FileSystem.remove(pendingPath)
        throw .system(
          error,
          hint:
            "Nothing was changed: a change counts once its audit events are in \(log.path), and they could not be written. Free space or fix the file's permissions, then run the command again."
        )
      }
    }
    reached(.logged)
    do {
      try lock.install(claimsPath)
    } catch {
      throw .system(
        error,
        hint:
          "The change is saved: its events are in the audit log, and readers take the new claims from \(pendingPath) until the next write moves it into place."
      )
    }
    reached(.renamed)
    if let flushError {
      throw .system(
        flushError,
        hint:
          "The change is saved (`ledger status` shows it), but the disk reported an error while flushing the audit log."
      )
    }
  }

  /// Runs `change` on the current claims under the writers' lock, then writes the claims (when
  /// changed) and appends the events, durably, before releasing the lock. Expired claims are
  /// dropped first. A corrupt claims file is never overwritten: the change fails with exit 3.
  public func update<Result>(
    now: Timestamp, ignoreCase: Bool, holder: String, timeout: Double,
    _ change: (inout Ledger) throws(LedgerError) -> Result
  ) throws(LedgerError) -> Result {
    let lock = try lock(holder: holder, timeout: timeout)
    defer { lock.unlock() }
    return try updateLocked(lock, now: now, ignoreCase: ignoreCase, change)
  }

  /// `update` once the lock is held.
  func updateLocked<Result>(
    _ lock: LedgerLock, now: Timestamp, ignoreCase: Bool,
    _ change: (inout Ledger) throws(LedgerError) -> Result
  ) throws(LedgerError) -> Result {
    let state = try loadState()
    var ledger = Ledger(claims: state.claims, now: now, ignoreCase: ignoreCase)
    ledger.dropExpired()
    let result = try change(&ledger)
    guard ledger.isChanged else { return result }
    let generation = state.logged.next(after: state.generation)
    try writeClaims(
      ClaimsFile.encode(ledger.claims, written: now, generation: generation),
      generation: generation, events: ledger.events, lock: lock)
    return result
  }

  /// Every audit event, once the recorders still appending commits have finished (up to 10 s;
  /// see `RecordingLock`), so a commit git has returned from is always there.
  public func readLog() throws(SystemError) -> (events: [AuditEvent], unreadable: Int) {
    RecordingLock.waitForRecorders(self, timeout: 10)
    return try log.read()
  }

  /// Appends events to the audit log without taking the lock (for hooks). With `known` — what
  /// the log knew when the appender read the claims (`openIndex`) — the last event carries the
  /// anchor that lets later readers stop there (`LedgerGeneration`).
  public func record(
    _ events: [AuditEvent], durable: Bool = false,
    known: (file: Int64?, logged: LedgerGeneration)? = nil
  ) throws(LedgerError) {
    var events = events
    if let known, !events.isEmpty {
      events[events.count - 1].details += known.logged.anchor(file: known.file)
    }
    do {
      try FileSystem.createDirectory(directory)
      try log.append(events, durable: durable)
    } catch {
      throw .system(error)
    }
  }
}

extension Repository {
  /// The ledger of this repository (in its common git dir, shared by every worktree).
  public var ledger: LedgerStore { LedgerStore(commonDirectory: commonDirectory) }
}
