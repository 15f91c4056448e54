import LedgerCore
import Testing

/// The decisions `ledger commit` takes from the options it passes to `git commit`, read without
/// running git (the end-to-end suites run the command itself: CommitCommandTests,
/// CommitQueueTests, ManyAgentsTests).
@Suite("SessionCommit: the options ledger commit passes to git commit")
struct SessionCommitTests {
  @Test(
    "a message given any way git accepts means no editor",
    arguments: [
      ["-m", "x"], ["-mx"], ["--message=x"], ["--message", "x"], ["-F", "f"], ["-Ff"],
      ["--file=f"], ["-C", "HEAD"], ["--reuse-message=HEAD"], ["--no-edit"], ["--fixup=HEAD"],
      ["-s", "-m", "x"],
    ])
  func noEditor(_ options: [String]) {
    #expect(!SessionCommit.opensEditor(options))
  }

  @Test(
    "without a message git opens the editor",
    arguments: [[], ["-s"], ["--amend"], ["-v"], ["--author=A <a@b>"], ["-e", "--signoff"]])
  func editor(_ options: [String]) {
    #expect(SessionCommit.opensEditor(options))
  }

  @Test(
    "options that choose paths are refused, others pass",
    arguments: [
      (["-a"], "-a"), (["-m", "x", "--all"], "--all"), (["-i"], "-i"), (["--only"], "--only"),
      (["-p"], "-p"), (["--pathspec-from-file=list"], "--pathspec-from-file=list"),
      (["-m", "x", "--amend", "-s"], nil),
    ] as [([String], String?)])
  func refused(_ options: [String], _ expected: String?) {
    #expect(SessionCommit.refusedOption(in: options) == expected)
  }
}
