import Foundation
import Testing

/// post-commit hands the recording of a commit whose checks passed silently to a recorder
/// process and returns; `ledger log` waits for recorders, so it never misses a commit.
@Suite("post-commit's recorder")
struct PostCommitRecorderTests {
  @Test("ledger log right after each of several commits shows that commit, recorded after git")
  func logRightAfterCommit() async throws {
    let repo = try await hookedRepository(files: ["a.txt": "a\n"])
    expectExit(0, try await repo.ledger("claim", "a.txt", session: "alice"))
    for round in 1...6 {
      try repo.write("a.txt", "round \(round)\n")
      try await repo.git("add", "a.txt")
      expectExit(0, try await repo.commit("-q", "-m", "round \(round)", session: "alice"))
      let event = try await repo.lastEvent()
      #expect(event.event == "commit", "\(event)")
      #expect(event["commit"] == (try await repo.revision()), "round \(round)")
      #expect(event.paths == ["a.txt"])
    }
    let commits = try await repo.log().filter { $0.event == "commit" }
    #expect(commits.count == 6)
    #expect(
      FileManager.default.fileExists(
        atPath: repo.ledgerDirectory.appendingPathComponent("recording").path),
      "the commits were recorded by the recorder, which holds ledger/recording")
  }

  @Test("a recorder that cannot record leaves a warning that ledger log prints")
  func failureIsReported() async throws {
    let repo = try await hookedRepository(files: ["a.txt": "a\n"])
    try repo.write("a.txt", "changed\n")
    try await repo.git("add", "a.txt")
    let result = try await repo.commit(
      "-q", "-m", "lost", session: "alice", environment: ["LEDGER_TEST_CRASH": "record"])
    expectExit(0, result)
    let log = try await repo.ledger("log")
    expectExit(0, log)
    #expect(log.stderr.contains("1 commit could not be recorded"), "\(log)")
    #expect(log.stderr.contains("unrecorded.txt"), "\(log)")
    let failures = try String(
      contentsOf: repo.ledgerDirectory.appendingPathComponent("unrecorded.txt"), encoding: .utf8)
    #expect(failures.contains("LEDGER_TEST_CRASH=record"), "\(failures)")
    // ledger doctor reports it too, as a warning (not a failure of the repository's health).
    let doctor = try await repo.ledger("doctor")
    #expect(doctor.stdout.contains("could not be recorded"), "\(doctor)")
  }

  @Test(
    "LEDGER_POST_COMMIT=wait, a bypass and a --no-verify commit are recorded before git returns")
  func inFront() async throws {
    let repo = try await hookedRepository(files: ["a.txt": "a\n", "b.txt": "b\n"])
    try repo.write("a.txt", "changed\n")
    try await repo.git("add", "a.txt")
    expectExit(
      0,
      try await repo.commit(
        "-q", "-m", "waited", session: "alice", environment: ["LEDGER_POST_COMMIT": "wait"]))
    #expect(try await repo.lastEvent()["commit"] == (try await repo.revision()))
    #expect(
      !FileManager.default.fileExists(
        atPath: repo.ledgerDirectory.appendingPathComponent("recording").path),
      "no recorder was started")
    // --no-verify with ledger.noVerify=audit: the bypass warning is printed by git's post-commit.
    try await repo.git("config", "ledger.noVerify", "audit")
    expectExit(0, try await repo.ledger("claim", "b.txt", session: "bob"))
    try repo.write("b.txt", "swept\n")
    try await repo.git("add", "b.txt")
    let bypass = try await repo.commit("-q", "--no-verify", "-m", "sweep", session: "alice")
    expectExit(0, bypass)
    #expect(bypass.stderr.contains("got past the checks"), "\(bypass)")
    #expect(try await repo.log().contains { $0.event == "bypass" })
  }
}
