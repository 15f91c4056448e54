import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// `ledger commit`s of one checkout take turns on `ledger/run/commit-queue` before they touch
/// `index.lock` (issue 12).
@Suite("ledger commit's queue")
struct CommitQueueTests {
  private func checkout() async throws -> TempRepository {
    let repo = try await hookedRepository(files: ["a.txt": "a\n", "b.txt": "b\n"])
    expectExit(0, try await repo.ledger("claim", "a.txt", session: "alice"))
    expectExit(0, try await repo.ledger("claim", "b.txt", session: "bob"))
    try repo.write("a.txt", "alice\n")
    try repo.write("b.txt", "bob\n")
    // bob staged his file in the shared index: nobody else's commit may take or unstage it.
    try await repo.git("add", "b.txt")
    return repo
  }

  /// Holds the queue as a stuck `ledger commit` would; returns the descriptor to close.
  private func holdQueue(_ repo: TempRepository, text: String) throws -> Int32 {
    let folder = repo.path.appendingPathComponent(".git/ledger/run")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let path = folder.appendingPathComponent("commit-queue").path
    let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
    #expect(fd >= 0 && flock(fd, LOCK_EX) == 0)
    _ = ftruncate(fd, 0)
    _ = Array(text.utf8).withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
    return fd
  }

  @Test("a commit stuck in its turn: the next gives up after the timeout, naming the holder")
  func stuckTurn() async throws {
    let repo = try await checkout()
    let fd = try holdQueue(repo, text: "pid 4242: ledger commit by carol\n")
    defer { close(fd) }
    let result = try await repo.ledger(
      "commit", "-q", "-m", "alice", session: "alice",
      environment: ["LEDGER_COMMIT_TIMEOUT": "1"])
    expectError(3, result, mentioning: ["commit queue", "pid 4242: ledger commit by carol"])
    #expect(result.elapsed < 20, "\(result)")
    // Nothing committed, bob's staged file still staged, no index.lock.
    #expect(try await repo.git("diff", "--cached", "--name-only").stdout == "b.txt\n")
    #expect(try await repo.subject() != "alice")
    #expect(!repo.exists(repo.path.appendingPathComponent(".git/index.lock")))
  }

  @Test("a commit waits for its turn, then commits only its own file")
  func waitsForTurn() async throws {
    let repo = try await checkout()
    let fd = try holdQueue(repo, text: "pid 4242: ledger commit by carol\n")
    let process = try repo.startLedger(
      ["commit", "-q", "-m", "alice"], session: "alice",
      environment: ["LEDGER_COMMIT_TIMEOUT": "30"])
    try await Task.sleep(nanoseconds: 1_500_000_000)
    #expect(try await repo.subject() != "alice", "committed while the queue was held")
    flock(fd, LOCK_UN)
    close(fd)
    let result = await finish(process, within: 60)
    expectExit(0, result)
    #expect(try await repo.subject() == "alice")
    #expect(try await repo.changedPaths() == ["a.txt"])
    #expect(try await repo.git("diff", "--cached", "--name-only").stdout == "b.txt\n")
  }
}
