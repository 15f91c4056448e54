/// Serialises writers of the ledger.
///
/// A writer takes an exclusive `flock` on `ledger/lock`, which the kernel releases the moment
/// its holder dies, so a crashed writer never leaves the ledger locked. While holding it, the
/// writer replaces files with git's lockfile convention (`NAME.lock` created with `O_EXCL`,
/// written, flushed, renamed over `NAME`); a `NAME.lock` found while holding the lock was left
/// by a writer that died mid-write and is removed. The holder writes its pid and command into
/// the lock file so that a waiter that gives up can say who held it.
public final class LedgerLock {
  private let fd: Int32
  private let path: String

  /// How long one holder may keep the lock before a waiter gives up, unless
  /// `LEDGER_LOCK_TIMEOUT` (seconds) says otherwise. Waiters queue in the kernel (`LockWait`):
  /// a queue that keeps moving is waited for however long it is.
  public static let defaultTimeout = 10.0

  /// Waits in line for the lock on `directory/lock`, giving up when its holder has not changed
  /// for `timeout` seconds.
  public init(directory: String, timeout: Double, holder: String) throws(LedgerError) {
    path = FileSystem.join(directory, "lock")
    fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
    guard fd >= 0 else {
      throw LedgerError.system(
        .last("open", path),
        hint: "The ledger folder must be writable; in a read-only sandbox, claim from outside it.")
    }
    let lockPath = path
    let outcome = LockWait.wait(
      fd: fd, operation: LOCK_EX, timeout: timeout,
      holder: { (try? FileSystem.read(lockPath)) ?? [] })
    switch outcome {
    case .acquired: break
    case .failed(let code):
      close(fd)
      throw .system(SystemError("lock", path, code: code))
    case .gaveUp(let waited):
      let who = (try? FileSystem.read(path)).map { String(decoding: $0, as: UTF8.self) } ?? ""
      close(fd)
      let holder = who.split(separator: "\n").first.map(String.init) ?? ""
      throw LedgerError(
        .environment,
        "the ledger is locked by another process (\(holder.isEmpty ? "unknown" : holder)), which held it for \(Int(timeout))s without letting go; gave up after waiting \(Deadline.describe(waited)): \(path)",
        hint:
          "Try again in a moment. If that process is stuck, stop it: the lock is released when it exits."
      )
    }
    let text = Array("pid \(getpid()): \(holder)\n".utf8)
    _ = ftruncate(fd, 0)
    _ = text.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
  }

  /// Releases the lock.
  public func unlock() {
    _ = ftruncate(fd, 0)
    flock(fd, LOCK_UN)
    close(fd)
  }

  /// Replaces `target` with `bytes` the git way, while the lock is held: `target.lock` created
  /// with `O_EXCL` (a stale one left by a dead writer is removed first), written, flushed, renamed.
  public func replace(_ target: String, with bytes: [UInt8]) throws(SystemError) {
    try prepare(target, with: bytes)
    try install(target)
  }

  /// The first half of `replace`: writes and flushes `target.lock`. A stale one, left by a
  /// writer that died, is removed first (only lock holders create it, and we hold the lock).
  /// On failure nothing is left behind.
  public func prepare(_ target: String, with bytes: [UInt8]) throws(SystemError) {
    let lockPath = target + ".lock"
    var lockFD = open(lockPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
    if lockFD < 0 && errno == EEXIST {
      try FileSystem.remove(lockPath)
      lockFD = open(lockPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
    }
    guard lockFD >= 0 else { throw .last("create", lockPath) }
    do {
      try FileSystem.writeAll(fd: lockFD, bytes, path: lockPath)
      try FileSystem.sync(fd: lockFD, path: lockPath)
      close(lockFD)
    } catch {
      close(lockFD)
      try? FileSystem.remove(lockPath)
      throw error
    }
  }

  /// The second half of `replace`: renames `target.lock` over `target` and flushes the folder.
  public func install(_ target: String) throws(SystemError) {
    let lockPath = target + ".lock"
    guard rename(lockPath, target) == 0 else { throw .last("rename", lockPath) }
    try FileSystem.syncDirectory(FileSystem.directoryName(of: target))
  }
}
