import Foundation
import Testing

@testable import LedgerCore

#if canImport(Glibc)
  import Glibc
#endif

/// `LockWait`: a blocking flock in the kernel's queue with a stall timeout, and the decisions of
/// `ledger commit`'s retries (`CommitRetry`).
struct LockWaitTests {
  private func openLock(_ directory: TemporaryDirectory) -> Int32 {
    open(directory.at("lock"), O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
  }

  @Test("a free lock is taken at once")
  func freeLock() throws {
    let directory = try TemporaryDirectory()
    let fd = openLock(directory)
    defer { close(fd) }
    #expect(LockWait.wait(fd: fd, operation: LOCK_EX, timeout: 1) == .acquired)
  }

  @Test("a waiter gets the lock the moment its holder lets go, well before the timeout")
  func handOver() throws {
    let directory = try TemporaryDirectory()
    let holder = openLock(directory)
    #expect(flock(holder, LOCK_EX) == 0)
    let waiter = openLock(directory)
    defer { close(waiter) }
    let release = Thread {
      usleep(300_000)
      flock(holder, LOCK_UN)
      close(holder)
    }
    release.start()
    let start = Date()
    #expect(LockWait.wait(fd: waiter, operation: LOCK_EX, timeout: 10) == .acquired)
    #expect(Date().timeIntervalSince(start) < 5)
    // Held through the waiter's own descriptor: another description cannot take it.
    let other = openLock(directory)
    defer { close(other) }
    #expect(flock(other, LOCK_EX | LOCK_NB) != 0)
  }

  @Test("a stuck holder makes the waiter give up after the timeout, and frees nothing it lacks")
  func stuckHolder() throws {
    let directory = try TemporaryDirectory()
    let holder = openLock(directory)
    defer { close(holder) }
    #expect(flock(holder, LOCK_EX) == 0)
    let waiter = openLock(directory)
    let outcome = LockWait.wait(
      fd: waiter, operation: LOCK_EX, timeout: 0.5, holder: { Array("pid 1: stuck\n".utf8) })
    close(waiter)
    guard case .gaveUp(let waited) = outcome else {
      Issue.record("expected to give up, got \(outcome)")
      return
    }
    #expect(waited >= 0.5 && waited < 5)
    // The abandoned helper must not take the lock later and keep it: once the holder lets
    // go, the lock is free.
    flock(holder, LOCK_UN)
    usleep(200_000)
    let probe = openLock(directory)
    defer { close(probe) }
    #expect(flock(probe, LOCK_EX | LOCK_NB) == 0)
  }

  @Test("a queue that moves is waited for past the timeout")
  func movingQueue() throws {
    let directory = try TemporaryDirectory()
    let holder = openLock(directory)
    #expect(flock(holder, LOCK_EX) == 0)
    let waiter = openLock(directory)
    defer { close(waiter) }
    let start = Date()
    let release = Thread {
      usleep(1_500_000)
      flock(holder, LOCK_UN)
      close(holder)
    }
    release.start()
    // The holder's text changes every look (a new holder each time): never a stall.
    var turn = 0
    let outcome = LockWait.wait(
      fd: waiter, operation: LOCK_EX, timeout: 0.6,
      holder: {
        turn += 1
        return Array("pid \(turn)\n".utf8)
      })
    #expect(outcome == .acquired)
    #expect(Date().timeIntervalSince(start) >= 1.2)
  }

  @Test("commit retries: busy locks and a moved HEAD retry, a lost new file is staged again")
  func commitRetryDecisions() {
    let lock = "fatal: Unable to create '/r/.git/index.lock': File exists."
    #expect(
      CommitRetry.afterCommit(status: 128, errorText: lock, headMoved: false, restaged: 0) == .retry
    )
    #expect(
      CommitRetry.afterCommit(
        status: 128, errorText: "fatal: cannot lock ref 'HEAD'", headMoved: false, restaged: 0)
        == .retry)
    #expect(
      CommitRetry.afterCommit(status: 1, errorText: "", headMoved: true, restaged: 0) == .retry)
    // A refusal by pre-commit on an unmoved HEAD is final.
    #expect(
      CommitRetry.afterCommit(status: 1, errorText: "blocked", headMoved: false, restaged: 0)
        == .done(1))
    let lost = "error: pathspec 'a.txt' did not match any file(s) known to git"
    #expect(
      CommitRetry.afterCommit(status: 1, errorText: lost, headMoved: false, restaged: 0)
        == .restageAndRetry)
    #expect(
      CommitRetry.afterCommit(
        status: 1, errorText: lost, headMoved: false, restaged: CommitRetry.maxRestages) == .done(1)
    )
    #expect(CommitRetry.afterAdd(status: 128, errorText: lock) == .retry)
    #expect(CommitRetry.afterAdd(status: 128, errorText: "fatal: bad path") == .done(128))
    #expect(CommitRetry.afterAdd(status: 0, errorText: "") == .done(0))
  }
}
