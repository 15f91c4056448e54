import LedgerCore

/// What `ledger doctor` says about the hook tools beside AgentLedger (git-lfs, gitlint).
extension Doctor {
  /// git-lfs's hooks where AgentLedger's are: a problem when git-lfs is wired here but its
  /// post-commit or post-merge does not run (see `GitLFS`).
  static func gitLFSFindings(hooksDirectory: String) -> [Finding] {
    guard GitLFS.isWired(hooksDirectory: hooksDirectory) else { return [] }
    let gaps = GitLFS.gaps(hooksDirectory: hooksDirectory)
    guard !gaps.isEmpty else {
      return [
        Finding(
          level: .ok, area: "hooks",
          text: "git-lfs's post-commit and post-merge run, chained by AgentLedger's")
      ]
    }
    return gaps.map { gap in
      switch gap {
      case .notChained(let hook):
        return Finding(
          level: .problem, area: "hooks",
          text:
            "git-lfs is set up here, but its \(hook) does not run: AgentLedger's \(hook) is in its place and git-lfs cannot install over it",
          fix: "Run `ledger install`: it chains git-lfs's \(hook) (as \(hook).pre-ledger).")
      case .chainedWithout(let hook, let chained):
        return Finding(
          level: .problem, area: "hooks",
          text:
            "git-lfs is set up here, but its \(hook) does not run: AgentLedger's \(hook) runs \(chained), which does not run git-lfs",
          fix: "Add the line `git lfs \(hook) \"$@\"` to \(chained).")
      }
    }
  }

  /// gitlint without `ignore-body-lines` for AgentLedger's trailer: a warning with the lines.
  static func gitlintFindings(hooksDirectory: String, workTree: String?) -> [Finding] {
    guard let advice = Gitlint.advice(hooksDirectory: hooksDirectory, workTree: workTree)
    else { return [] }
    return [
      Finding(
        level: .warning, area: "hooks",
        text: "gitlint counts the Agent-Session trailer as commit body text", fix: advice)
    ]
  }
}
