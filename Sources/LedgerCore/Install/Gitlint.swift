/// gitlint beside AgentLedger.
///
/// gitlint's commit-msg hook (`gitlint install-hook`) is chained like any other; but gitlint
/// reads the `Agent-Session:` trailer as body text, which changes its verdict on a title-only
/// commit ("B6 body is missing" becomes a pass, or "B5 body too short"). gitlint's own
/// `ignore-body-lines` rule takes the trailer out again; AgentLedger never edits the
/// repository's `.gitlint` (a committed file), it prints the lines to add there.
public enum Gitlint {
  /// The configuration file gitlint reads by default, at the top of the work tree.
  public static let configName = ".gitlint"

  /// The lines to add to `.gitlint` so gitlint ignores AgentLedger's trailer.
  public static let configLines = """
    [general]
    regex-style-search=true

    [ignore-body-lines]
    regex=^Agent-Session:
    """

  /// True when gitlint lints this repository's commits: its hook (or the one AgentLedger
  /// chains) runs gitlint, or a `.gitlint` is at the top of the work tree.
  public static func isUsed(hooksDirectory: String, workTree: String?) -> Bool {
    let hook = FileSystem.join(hooksDirectory, "commit-msg")
    for path in [hook, hook + HookShim.chainedSuffix] {
      if let head = FileSystem.readPrefix(path, count: 2048),
        String(decoding: head, as: UTF8.self).contains("gitlint")
      {
        return true
      }
    }
    guard let workTree else { return false }
    return FileSystem.exists(FileSystem.join(workTree, configName))
  }

  /// True when the work tree's `.gitlint` already ignores AgentLedger's trailer.
  public static func ignoresTrailer(workTree: String?) -> Bool {
    guard let workTree,
      let bytes = try? FileSystem.read(FileSystem.join(workTree, configName))
    else { return false }
    return String(decoding: bytes, as: UTF8.self).contains("Agent-Session")
  }

  /// The advice to print when gitlint is used and does not ignore the trailer, or `nil`.
  public static func advice(hooksDirectory: String, workTree: String?) -> String? {
    guard isUsed(hooksDirectory: hooksDirectory, workTree: workTree),
      !ignoresTrailer(workTree: workTree)
    else { return nil }
    let path = workTree.map { FileSystem.join($0, configName) } ?? configName
    return
      "gitlint reads the Agent-Session trailer as body text, which changes its verdict on title-only commits. Add these lines to \(path) (keep a [general] section you already have, adding the one line):\n"
      + configLines.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }
      .joined(separator: "\n")
  }
}
