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
    if let bad = gitOptions.first(where: {
      ["-a", "--all", "-i", "--include", "--only", "-o", "--interactive", "-p", "--patch"].contains(
        $0) || $0.hasPrefix("--pathspec-from-file")
    }) {
      throw .usage(
        "`ledger commit` chooses the paths itself; \(bad) cannot be used with it", command: "commit"
      )
    }
    let workspace = try Workspace.open(invocation.context)
    let own = try OwnChanges.changes(in: workspace, session: session)
    var paths = own.paths
    if !narrowing.isEmpty {
      let normalizer = workspace.normalizer
      var wanted: [PathSpec] = []
      for argument in narrowing { wanted.append(try normalizer.spec(argument)) }
      paths = paths.filter { path in
        wanted.contains { $0.covers(path, ignoreCase: workspace.settings.ignoreCase) }
      }
    }
    guard !paths.isEmpty else {
      throw LedgerError(
        .refused,
        "\(session.value) has no changed paths to commit\(narrowing.isEmpty ? "" : " under \(narrowing.joined(separator: " "))")",
        hint:
          "Claim what you changed (`ledger claim PATH`), then commit; `ledger status` shows what you hold."
      )
    }
    let store = workspace.store
    let listPath = FileSystem.join(store.runDirectory, "pathspec-\(getpid())")
    do {
      try FileSystem.createDirectory(store.runDirectory)
      try FileSystem.writeAtomically(listPath, OwnChanges.pathspecFile(paths), durable: false)
    } catch {
      throw .system(error)
    }
    defer { try? FileSystem.remove(listPath) }

    var context = invocation.context
    context.environment["LEDGER_SESSION"] = session.value
    let git = Git(context: context)
    // New files must be known to git before `git commit -- PATH` takes them.
    let chosen = Set(paths)
    let untracked = own.untracked.filter { chosen.contains($0) }
    let timeout = context.environment["LEDGER_COMMIT_TIMEOUT"].flatMap(Double.init) ?? 30
    // Sessions of this checkout commit one at a time, in the order they asked.
    let queue = try CommitQueue(
      workspace, timeout: timeout, holder: "ledger commit by \(session.value)")
    defer { queue.leave() }
    // One deadline for whatever plain git holds meanwhile, whichever git step meets it.
    let deadline = Deadline(seconds: timeout)
    let indexLock = FileSystem.join(workspace.repository.gitDirectory, "index.lock")
    let addNewFiles = { () throws(LedgerError) -> Void in
      guard !untracked.isEmpty else { return }
      let added = try CommitRetry.retrying(until: deadline, lock: indexLock) {
        () throws(LedgerError) -> ProcessResult? in
        let result = try git.run(
          GitCommands.addListed, input: OwnChanges.pathspecFile(untracked))
        return CommitRetry.afterAdd(status: result.status, errorText: result.errorText) == .retry
          ? nil : result
      }
      guard added.status == 0 else { throw .gitFailed(GitCommands.addListed, added) }
    }
    try addNewFiles()
    let arguments = GitCommands.commitOnly(pathspecFile: listPath, options: gitOptions)
    return try commitRetrying(
      git, arguments: arguments, deadline: deadline, lock: indexLock, output: invocation.output,
      restage: addNewFiles)
  }

  /// Runs `git commit` until `CommitRetry` says the attempt is final, and prints it.
  private static func commitRetrying(
    _ git: Git, arguments: [String], deadline: Deadline, lock: String, output: Output,
    restage: () throws(LedgerError) -> Void
  ) throws(LedgerError) -> ExitCode {
    let interactive = !arguments.contains { option in
      ["-m", "-F", "-C", "--no-edit", "--fixup", "--message", "--file", "--reuse-message"].contains
      { option == $0 || option.hasPrefix($0 + "=") || (option.hasPrefix($0) && $0.count == 2) }
    }
    func head() throws(LedgerError) -> String {
      (try git.run(GitCommands.verify("HEAD"))).outputText
    }
    var restaged = 0
    let status = try CommitRetry.retrying(until: deadline, lock: lock) {
      () throws(LedgerError) -> Int32? in
      let before = try head()
      if interactive {
        let status: Int32
        do {
          status = try Subprocess.runAttached(git.command(arguments))
        } catch let error as SystemError {
          throw LedgerError(.environment, "cannot run git: \(error.reason)")
        } catch {
          throw LedgerError(.environment, "cannot run git: \(error)")
        }
        let moved = status == 1 ? try head() != before : false
        if status == 128 || moved {
          output.error("ledger: another commit landed meanwhile; trying again")
          return nil
        }
        return status
      }
      let result = try git.run(arguments)
      let text = result.errorText
      let moved = result.status == 1 ? try head() != before : false
      switch CommitRetry.afterCommit(
        status: result.status, errorText: text, headMoved: moved, restaged: restaged)
      {
      case .retry:
        return nil
      case .restageAndRetry:
        restaged += 1
        try restage()
        return nil
      case .done(let status):
        output.write(result.outputText)
        if !text.isEmpty { output.error(text.hasSuffix("\n") ? String(text.dropLast()) : text) }
        return status
      }
    }
    return status == 0
      ? .success : (status == 1 ? .refused : ExitCode(rawValue: min(status, 3)) ?? .refused)
  }
}
