#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// The ledger on disk: `$(git rev-parse --git-common-dir)/ledger/`, shared by every worktree.
///
/// - `claims.jsonl` — the claims (see `ClaimsFile`), replaced atomically under the lock;
/// - `log.jsonl` — the append-only audit log (see `AuditLog`);
/// - `lock` — the writers' lock (see `LedgerLock`);
/// - `run/` — short-lived notes the hooks of one commit leave each other.
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
    /// `claims.jsonl.lock` is written and flushed, not yet renamed.
    case written
    /// `claims.jsonl` is replaced; the audit events are not appended yet.
    case renamed
    /// Everything is written; the lock is not released yet.
    case logged
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

  /// Reads and fully validates every claim (none when there is no ledger yet).
  public func loadClaims() throws(LedgerError) -> [Claim] {
    let bytes: [UInt8]?
    do {
      bytes = try FileSystem.readIfPresent(claimsPath)
    } catch {
      throw .system(error)
    }
    guard let bytes else { return [] }
    return try ClaimsFile.decode(bytes, path: claimsPath)
  }

  /// Opens the claims file for lookups without reading every claim (for the hooks).
  public func index() throws(LedgerError) -> ClaimIndex {
    let file: MappedFile
    do {
      file = try MappedFile(path: claimsPath)
    } catch {
      if error.isNotFound { return .empty }
      throw .system(error)
    }
    return try ClaimIndex(file: file, path: claimsPath)
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

  /// Writes `bytes` as the new claims file, then appends `events`, passing the crash points.
  func commit(_ bytes: [UInt8], events: [AuditEvent], lock: LedgerLock) throws(LedgerError) {
    do {
      try lock.replace(claimsPath, with: bytes, beforeRename: { reached(.written) })
      reached(.renamed)
    } catch {
      throw .system(error, hint: "The ledger was left as it was before this command.")
    }
    do {
      try log.append(events)
    } catch {
      throw .system(
        error,
        hint:
          "The change itself was saved (`ledger status` shows it), but its audit events could not be written."
      )
    }
    reached(.logged)
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
    var ledger = Ledger(claims: try loadClaims(), now: now, ignoreCase: ignoreCase)
    ledger.dropExpired()
    let result = try change(&ledger)
    guard ledger.isChanged else { return result }
    try commit(ClaimsFile.encode(ledger.claims, written: now), events: ledger.events, lock: lock)
    return result
  }

  /// Every audit event, once the recorders still appending commits have finished (up to 10 s;
  /// see `RecordingLock`), so a commit git has returned from is always there.
  public func readLog() throws(SystemError) -> (events: [AuditEvent], unreadable: Int) {
    RecordingLock.waitForRecorders(self, timeout: 10)
    return try log.read()
  }

  /// Appends events to the audit log without taking the lock (for hooks).
  public func record(_ events: [AuditEvent], durable: Bool = false) throws(LedgerError) {
    do {
      try FileSystem.createDirectory(directory)
      try log.append(events, durable: durable)
    } catch {
      throw .system(error)
    }
  }
}
