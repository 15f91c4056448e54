import Testing

@testable import LedgerCore

@Suite("CommitCommandLine")
struct CommitCommandLineTests {
  @Test(
    "finds --amend the way git's option parser does",
    arguments: [
      (["git", "commit", "--amend", "-m", "x"], true),
      (["git", "commit", "-m", "x", "--amend"], true),
      (["git", "-C", "dir", "-c", "a.b=c", "commit", "--amend"], true),
      (["git", "commit", "--amen", "--no-edit"], true),
      (["git", "commit", "--am"], true),
      (["git", "commit", "-qm", "x", "--amend"], true),
      (["git", "commit", "--amend", "--no-amend", "-m", "x"], false),
      (["git", "commit", "-m", "--amend"], false),
      (["git", "commit", "--message", "--amend"], false),
      (["git", "commit", "-F", "--amend"], false),
      (["git", "commit", "-m--amend"], false),
      (["git", "commit", "--message=--amend"], false),
      (["git", "commit", "-C", "HEAD"], false),
      (["git", "commit", "-c", "HEAD"], false),
      (["git", "commit", "--", "--amend"], false),
      (["git", "commit", "-a"], false),
    ])
  func amend(commandLine: [String], expected: Bool) {
    #expect(CommitCommandLine(commandLine)?.amends == expected)
  }

  @Test("--fixup=amend:REV and reword:REV replace REV's message; plain --fixup does not")
  func fixup() {
    #expect(
      CommitCommandLine(["git", "commit", "--fixup=amend:HEAD~2"])?.amendedRevision == "HEAD~2")
    #expect(
      CommitCommandLine(["git", "commit", "--fixup", "reword:abc"])?.amendedRevision == "abc")
    #expect(CommitCommandLine(["git", "commit", "--fixup=abc"])?.amendedRevision == nil)
    // As /proc shows a running `git commit --fixup=amend:HEAD~1`: git cut it at the colon.
    #expect(
      CommitCommandLine(["git", "commit", "--fixup=amend", "HEAD~1"])?.amendedRevision == "HEAD~1")
    #expect(CommitCommandLine(["git", "commit", "--fixup", "reword", "x"])?.amendedRevision == "x")
    #expect(CommitCommandLine(["git", "commit", "--amend"])?.amendedRevision == "HEAD")
    #expect(CommitCommandLine(["git", "commit", "-m", "x"])?.amendedRevision == nil)
  }

  @Test("is nil for other git commands")
  func otherCommands() {
    #expect(CommitCommandLine(["git", "merge", "--amend"]) == nil)
    #expect(CommitCommandLine(["git", "rebase", "--continue"]) == nil)
    #expect(CommitCommandLine(["git", "fix", "--amend"]) == nil)
    #expect(CommitCommandLine(["git"]) == nil)
  }

  @Test("knows when git refuses an unwritten message")
  func refuses() throws {
    let plain = try #require(CommitCommandLine(["git", "commit"]))
    #expect(plain.refusesUnwrittenMessage(configuredCleanup: nil))
    #expect(!plain.refusesUnwrittenMessage(configuredCleanup: "verbatim"))
    let allowed = try #require(CommitCommandLine(["git", "commit", "--allow-empty-message"]))
    #expect(!allowed.refusesUnwrittenMessage(configuredCleanup: nil))
    let verbatim = try #require(CommitCommandLine(["git", "commit", "--cleanup", "verbatim"]))
    #expect(!verbatim.refusesUnwrittenMessage(configuredCleanup: "strip"))
    let strip = try #require(CommitCommandLine(["git", "commit", "--cleanup=strip"]))
    #expect(strip.refusesUnwrittenMessage(configuredCleanup: "verbatim"))
  }
}
