/// The line that `ledger commit`s of one checkout wait in before they touch its index.
///
/// Every `ledger commit` needs `index.lock` for a moment, and git gives up at once when it is
/// taken; sessions that each retry on their own collide again and again, and some give up
/// while others pass. So `ledger commit` first takes an exclusive `flock` on a file of its
/// own (one per worktree: each has its own index), waiting in the kernel's queue
/// (`LockWait`), and holds it through `git add` and `git commit`. The holder writes its pid
/// and session into the file; a waiter gives up only when that has not changed for the
/// timeout (a queue that moves is waited for), naming the holder. The kernel releases a dead
/// holder's place. Plain git does not know the queue: an `index.lock` it holds is still met,
/// and waited for, inside.
public final class CommitQueue {
  private let fd: Int32
  /// The queue's lock file.
  public let path: String
  /// How long the wait for a turn lasted, in seconds.
  public let waited: Double

  /// The queue's file for `workspace`'s index: `ledger/run/commit-queue` for the main work tree,
  /// `ledger/run/commit-queue-NAME` for the linked worktree `NAME`.
  public static func path(for workspace: Workspace) -> String {
    let repository = workspace.repository
    let name =
      repository.gitDirectory == repository.commonDirectory
      ? "commit-queue"
      : "commit-queue-" + FileSystem.baseName(of: repository.gitDirectory)
    return FileSystem.join(workspace.store.runDirectory, name)
  }

  /// Waits for this checkout's turn to commit, as `holder` (shown to those who wait behind it).
  public init(_ workspace: Workspace, timeout: Double, holder: String) throws(LedgerError) {
    path = Self.path(for: workspace)
    do {
      try FileSystem.createDirectory(workspace.store.runDirectory)
    } catch {
      throw .system(error)
    }
    fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
    guard fd >= 0 else {
      throw LedgerError.system(
        .last("open", path),
        hint: "The ledger folder must be writable; in a read-only sandbox, commit from outside it.")
    }
    let start = monotonicSeconds()
    let lockPath = path
    let outcome = LockWait.wait(
      fd: fd, operation: LOCK_EX, timeout: timeout,
      holder: { (try? FileSystem.read(lockPath)) ?? [] })
    switch outcome {
    case .acquired:
      waited = monotonicSeconds() - start
    case .failed(let code):
      close(fd)
      throw .system(SystemError("lock", path, code: code))
    case .gaveUp(let waited):
      let text = (try? FileSystem.read(path)).map { String(decoding: $0, as: UTF8.self) } ?? ""
      close(fd)
      let who = text.split(separator: "\n").first.map(String.init) ?? ""
      throw LedgerError(
        .environment,
        "gave up after waiting \(Deadline.describe(waited)) in the commit queue: \(who.isEmpty ? "a process" : ForeignText.shown(who)) held it for \(Deadline.describe(timeout)) (LEDGER_COMMIT_TIMEOUT) without letting go: \(path)",
        hint:
          "Try again; if that commit is stuck (an editor left open?), end it: its place is freed when it exits."
      )
    }
    let text = Array("pid \(getpid()): \(holder)\n".utf8)
    _ = ftruncate(fd, 0)
    _ = text.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
  }

  /// Leaves the queue: the next in line goes.
  public func leave() {
    _ = ftruncate(fd, 0)
    flock(fd, LOCK_UN)
    close(fd)
  }
}
