import Foundation
import Testing

/// pre-commit's check runs beside `git commit`'s own work and prepare-commit-msg enforces its
/// verdict (ConcurrentCheck); whenever that cannot be relied on, pre-commit decides itself.
@Suite("pre-commit's check beside git")
struct ConcurrentCheckTests {
  /// A hooked repository where bob claims `bobs.txt`, alice has staged a change to it and to
  /// `mine.txt`, and a prepare-commit-msg hook that was there before AgentLedger (chained as
  /// `prepare-commit-msg.pre-ledger`) records each run in `pcm-ran`: it runs before
  /// AgentLedger's prepare-commit-msg, so in a refused commit it runs only when the verdict
  /// came later than pre-commit.
  private func sweepingRepository() async throws -> (TempRepository, URL) {
    let repo = try await TempRepository(files: ["bobs.txt": "b\n", "mine.txt": "m\n"])
    let marker = repo.root.appendingPathComponent("pcm-ran")
    let previous = repo.hooksDirectory.appendingPathComponent("prepare-commit-msg")
    try "#!/bin/sh\necho ran >> '\(marker.path)'\n".write(
      to: previous, atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: previous.path)
    try await repo.installHooks()
    expectExit(0, try await repo.ledger("claim", "bobs.txt", session: "bob"))
    expectExit(0, try await repo.ledger("claim", "mine.txt", session: "alice"))
    try repo.write("bobs.txt", "swept\n")
    try repo.write("mine.txt", "mine\n")
    try await repo.git("add", "bobs.txt", "mine.txt")
    return (repo, marker)
  }

  private func occurrences(of text: String, in output: String) -> Int {
    output.components(separatedBy: text).count - 1
  }

  @Test("git commit: the verdict comes in prepare-commit-msg, printed once; HEAD and index stay")
  func blockedBesideGit() async throws {
    let (repo, marker) = try await sweepingRepository()
    let head = try await repo.revision()
    let result = try await repo.commit("-m", "sweep", session: "alice")
    try await expectBlocked(
      result, headBefore: head, repo: repo, mentioning: ["bobs.txt", "claimed by bob"])
    #expect(occurrences(of: "commit blocked", in: result.stderr) == 1, "\(result)")
    #expect(
      FileManager.default.fileExists(atPath: marker.path),
      "pre-commit returned before its verdict, so git went on to prepare-commit-msg")
    #expect(Set(try await repo.status()) == ["M  bobs.txt", "M  mine.txt"])
  }

  @Test("LEDGER_PRE_COMMIT=wait: pre-commit itself refuses, prepare-commit-msg never runs")
  func waitInFront() async throws {
    let (repo, marker) = try await sweepingRepository()
    let head = try await repo.revision()
    let result = try await repo.commit(
      "-m", "sweep", session: "alice", environment: ["LEDGER_PRE_COMMIT": "wait"])
    try await expectBlocked(result, headBefore: head, repo: repo, mentioning: ["bobs.txt"])
    #expect(occurrences(of: "commit blocked", in: result.stderr) == 1, "\(result)")
    #expect(!FileManager.default.fileExists(atPath: marker.path))
  }

  @Test("the check process dies without a verdict: prepare-commit-msg checks and refuses")
  func checkProcessDies() async throws {
    let (repo, _) = try await sweepingRepository()
    let head = try await repo.revision()
    let result = try await repo.commit(
      "-m", "sweep", session: "alice", environment: ["LEDGER_TEST_CRASH": "check"])
    try await expectBlocked(
      result, headBefore: head, repo: repo, mentioning: ["bobs.txt", "claimed by bob"])
    #expect(occurrences(of: "commit blocked", in: result.stderr) == 1, "\(result)")
  }

  @Test("prepare-commit-msg is not AgentLedger's: pre-commit decides in front")
  func foreignPrepareCommitMsg() async throws {
    let (repo, _) = try await sweepingRepository()
    let hook = repo.hooksDirectory.appendingPathComponent("prepare-commit-msg")
    try "#!/bin/sh\nexit 0\n".write(to: hook, atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook.path)
    let head = try await repo.revision()
    let result = try await repo.commit("-m", "sweep", session: "alice")
    try await expectBlocked(result, headBefore: head, repo: repo, mentioning: ["bobs.txt"])
  }

  @Test("`git hook run pre-commit` is not a commit: pre-commit decides and exits 1")
  func hookRun() async throws {
    let (repo, _) = try await sweepingRepository()
    let result = try await repo.commitAs(["hook", "run", "pre-commit"], session: "alice")
    #expect(result.exited(1), "\(result)")
    #expect(result.stderr.contains("bobs.txt"), "\(result)")
  }

  @Test("a passing commit is stamped and logged, and leaves no note or lock behind")
  func passLeavesNothing() async throws {
    let (repo, _) = try await sweepingRepository()
    let notes = repo.root.appendingPathComponent("tmp")
    try FileManager.default.createDirectory(at: notes, withIntermediateDirectories: true)
    let private_: [String: String?] = ["TMPDIR": notes.path, "XDG_RUNTIME_DIR": nil]
    try await repo.git("restore", "--staged", "bobs.txt")
    expectExit(
      0, try await repo.commit("-q", "-m", "mine", session: "alice", environment: private_))
    #expect(try await repo.trailerValues() == ["alice"])
    #expect(try await repo.changedPaths() == ["mine.txt"])
    #expect(try await repo.lastEvent().event == "commit")
    try await repo.git("add", "bobs.txt")
    _ = try await repo.commit("-q", "-m", "sweep", session: "alice", environment: private_)
    _ = try await repo.log()  // waits for post-commit's recorder, which removes the first note
    let left = try FileManager.default.subpathsOfDirectory(atPath: notes.path)
      .filter { $0.contains("commit-") }
    #expect(left.isEmpty, "notes or locks left behind: \(left)")
  }

  @Test("the git subcommand is read past git's own options")
  func subcommand() async throws {
    let (repo, marker) = try await sweepingRepository()
    let head = try await repo.revision()
    // `git -C DIR -c k=v commit`: still `git commit`, so the check runs beside it.
    let result = try await repo.commitAs(
      ["-C", repo.path.path, "-c", "user.name=Alice", "commit", "-m", "sweep"], session: "alice")
    try await expectBlocked(result, headBefore: head, repo: repo, mentioning: ["bobs.txt"])
    #expect(occurrences(of: "commit blocked", in: result.stderr) == 1, "\(result)")
    #expect(
      FileManager.default.fileExists(atPath: marker.path),
      "read as `git commit`, so the verdict came in prepare-commit-msg")
  }
}
