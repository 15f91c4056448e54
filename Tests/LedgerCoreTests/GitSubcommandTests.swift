import Testing

@testable import LedgerCore

@Suite("Git.subcommand")
struct GitSubcommandParsingTests {
  @Test(
    "skips git's own options and their values",
    arguments: [
      (["git", "commit", "-m", "x"], "commit"),
      (["git", "-C", "dir", "-c", "a.b=c", "commit"], "commit"),
      (["/usr/bin/git", "--git-dir", "x/.git", "--work-tree", "x", "hook", "run"], "hook"),
      (["git", "--no-pager", "--git-dir=x", "commit"], "commit"),
      (["git", "-c", "commit"], nil),
      (["git"], nil),
    ])
  func subcommand(commandLine: [String], expected: String?) {
    #expect(Git.subcommand(of: commandLine) == expected)
  }
}
