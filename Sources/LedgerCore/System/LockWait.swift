import CPlatform

/// Waiting for a `flock` in the kernel's queue of waiters, with a timeout and no polling.
///
/// A waiter that polls (`LOCK_NB`, sleep, retry) loses the lock to whoever asks at the moment
/// it is released, so under load its wait grows with the luck of its sleeps, not with the queue
/// in front of it. Here the request blocks in the kernel (a helper thread makes the blocking
/// call on a duplicate of the descriptor, so the caller can time out without signals): the lock
/// passes from holder to waiter as soon as it is released.
///
/// The timeout is a stall timeout when the holder can be seen: the wait gives up only when
/// what `holder` reads has not changed for `timeout` seconds, so a waiter behind a long but
/// moving queue keeps waiting while one behind a stuck holder gives up in time.
public enum LockWait {
  /// How a wait ended.
  public enum Outcome: Equatable, Sendable {
    /// The lock is held through the descriptor.
    case acquired
    /// Gave up: the holder did not change for the timeout; how long the wait lasted in all.
    case gaveUp(waited: Double)
    /// `flock` or the helper thread failed with this errno.
    case failed(Int32)
  }

  /// How often a waiter looks at who holds the lock (seconds), at most.
  static let lookInterval = 0.25

  /// Waits for `operation` (`LOCK_EX` or `LOCK_SH`) on `fd`. `holder` reads who holds the lock
  /// (its pid and command, written by the holder); `nil` there means the timeout is for the
  /// whole wait.
  public static func wait(
    fd: Int32, operation: Int32, timeout: Double, holder: (() -> [UInt8])? = nil
  ) -> Outcome {
    if flock(fd, operation | LOCK_NB) == 0 { return .acquired }
    guard errno == EWOULDBLOCK || errno == EINTR else { return .failed(errno) }
    guard timeout > 0 else { return .gaveUp(waited: 0) }
    guard let pending = cplatform_lock_start(fd, operation) else { return .failed(errno) }
    let start = now()
    var lastChange = start
    var seen = holder?() ?? []
    while true {
      let since = now() - lastChange
      let slice = max(0.001, min(holder == nil ? timeout - since : lookInterval, timeout - since))
      let result = cplatform_lock_await(pending, Int(slice * 1000))
      if result == 0 { return .acquired }
      guard result == ETIMEDOUT else { return .failed(result) }
      if let holder {
        let current = holder()
        if current != seen {
          seen = current
          lastChange = now()
          continue
        }
      }
      if now() - lastChange >= timeout {
        cplatform_lock_abandon(pending)
        return .gaveUp(waited: now() - start)
      }
    }
  }

  private static func now() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
  }
}
