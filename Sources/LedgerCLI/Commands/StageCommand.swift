import LedgerCore

/// `ledger stage`: stage this session's claimed, changed paths and nothing else.
enum StageCommand {
  static let spec = CommandSpec(
    name: "stage",
    summary: "Stage this session's claimed, changed paths (and nothing else)",
    usage: ["stage [--session ID] [--json]"],
    discussion: """
      Stages every changed path (modified, deleted or new) covered by one of the session's \
      active claims and by no other session's — what `git add -A` would do if it knew whose \
      work is whose. Other sessions' staged and unstaged changes are left alone.
      """,
    examples: [
      ("ledger stage && git commit -m 'Parser: handle empty input'", "stage, then commit")
    ],
    options: [.session, .json],
    positionals: (0, 0),
    run: run)

  static func run(_ invocation: Invocation) throws(LedgerError) -> ExitCode {
    let session = try invocation.requiredSession()
    let workspace = try Workspace.open(invocation.context)
    let paths = try OwnChanges.paths(in: workspace, session: session)
    if !paths.isEmpty {
      let result = try workspace.git.run(
        GitCommands.stageListed, input: OwnChanges.pathspecFile(paths))
      guard result.status == 0 else { throw .gitFailed(GitCommands.stageListed, result) }
    }
    if invocation.json {
      invocation.output.line(
        JSONWriter.compact(.object([("staged", .array(paths.map { .string($0) }))])))
    } else if paths.isEmpty {
      invocation.output.line("Nothing of \(session.value)'s to stage.")
    } else {
      for path in paths { invocation.output.line("staged \(Presentation.shown(path))") }
    }
    return .success
  }
}
