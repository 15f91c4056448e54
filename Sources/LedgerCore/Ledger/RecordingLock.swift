/// `ledger/recording`: post-commit's recorders that are still appending a commit to the audit
/// log after git returned each hold a shared `flock` on it; a reader of the log takes it
/// exclusively for a moment first, so `ledger log` right after `git commit` shows the commit.
/// Recorders never wait for each other, and the kernel drops a dead recorder's hold.
public enum RecordingLock {
  /// The lock file of `store`.
  static func path(_ store: LedgerStore) -> String {
    FileSystem.join(store.directory, "recording")
  }

  /// A shared hold for a recorder, as an open descriptor (close-on-exec), or `nil` when the
  /// ledger folder cannot be written (then the caller records in front).
  static func hold(_ store: LedgerStore) -> Int32? {
    guard (try? FileSystem.createDirectory(store.directory)) != nil else { return nil }
    let fd = open(path(store), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
    guard fd >= 0 else { return nil }
    guard flock(fd, LOCK_SH | LOCK_NB) == 0 else {
      close(fd)
      return nil
    }
    return fd
  }

  /// Waits until no recorder holds the lock, up to `timeout` seconds (then reads on: a stuck
  /// recorder must not make the log unreadable).
  static func waitForRecorders(_ store: LedgerStore, timeout: Double) {
    let fd = open(path(store), O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
    guard fd >= 0 else { return }
    defer { close(fd) }
    guard LockWait.wait(fd: fd, operation: LOCK_EX, timeout: timeout) == .acquired else { return }
    flock(fd, LOCK_UN)
  }

  /// Where a recorder that failed after git returned leaves why (one line each), since nobody
  /// sees its standard error; `ledger log` and `ledger doctor` report them. It is a hint about
  /// the cause only: reconciliation finds every unrecorded commit from history itself.
  public static func failuresPath(_ store: LedgerStore) -> String {
    FileSystem.join(store.directory, "unrecorded.txt")
  }

  /// Leaves `line` in `failuresPath`, best effort. A write that fails (the full disk that made
  /// the recording fail) leaves no empty file behind that would claim there was nothing to say.
  public static func noteFailure(_ store: LedgerStore, _ line: String) {
    let path = failuresPath(store)
    let existed = FileSystem.exists(path)
    do {
      try FileSystem.append(path, Array(line.utf8), durable: false, lineBased: true)
    } catch {
      if !existed, FileSystem.fileSize(of: path) == 0 { try? FileSystem.remove(path) }
    }
  }

  /// How many commits recorders could not record (lines in `failuresPath`; a file that lost its
  /// last line to a full disk still counts that one).
  public static func failureCount(_ store: LedgerStore) -> Int {
    guard let bytes = (try? FileSystem.readIfPresent(failuresPath(store))) ?? nil else { return 0 }
    return bytes.count { $0 == 10 } + (bytes.last == 10 ? 0 : 1)
  }
}
