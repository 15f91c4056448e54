import LedgerCore

/// `ledger commit`: commit this session's claimed, changed paths and nothing else.
enum CommitCommand {
  static let spec = CommandSpec(
    name: "commit",
    summary: "Commit this session's claimed, changed paths, leaving others' staged work alone",
    usage: ["commit [--session ID] [git-commit options] [-- PATH…]"],
    discussion: """
      Commits exactly the session's changed paths (those its active claims cover and no other \
      session's do; new files included) with git's --only semantics: whatever other sessions \
      staged in the shared index stays staged and out of this commit. Every other option is \
      passed to `git commit` (-m, -F, --amend, -s, …); PATHs after -- narrow the commit to \
      those of your paths. The hooks run as for any commit. While another process holds \
      .git/index.lock, it waits and retries (LEDGER_COMMIT_TIMEOUT seconds, default 30). \
      Commits of one checkout wait in line for each other first (a queue in the ledger's run \
      folder), so many sessions committing at once take turns instead of colliding; a wait \
      gives up only when the commit ahead held its turn for LEDGER_COMMIT_TIMEOUT.
      """,
    examples: [
      ("ledger commit -m 'Parser: handle empty input'", "commit my work"),
      ("ledger commit -m 'Docs only' -- docs/", "only my changes under docs/"),
    ],
    options: [.session],
    positionals: (0, nil),
    passesThrough: true,
    run: run)

  static func run(_ invocation: Invocation) throws(LedgerError) -> ExitCode {
    let session = try invocation.requiredSession()
    var gitOptions = invocation.arguments
    var narrowing: [String] = []
    if let separator = gitOptions.firstIndex(of: "--") {
      narrowing = Array(gitOptions[(separator + 1)...])
      gitOptions = Array(gitOptions[..<separator])
    }
    if let bad = SessionCommit.refusedOption(in: gitOptions) {
      throw .usage(
        "`ledger commit` chooses the paths itself; \(bad) cannot be used with it", command: "commit"
      )
    }
    let workspace = try Workspace.open(invocation.context)
    return try SessionCommit.run(
      session: session, options: gitOptions, narrowing: narrowing, in: workspace,
      context: invocation.context)
  }
}
