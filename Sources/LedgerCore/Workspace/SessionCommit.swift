/// `ledger commit`: commits exactly a session's changed paths — those its active claims cover
/// and no other session's do, new files included — with git's `--only`, so whatever other
/// sessions staged in the shared index stays staged and out of the commit.
///
/// The steps: wait for this checkout's turn (`CommitQueue`), make the session's new files
/// known to the index, then `git commit --only` the paths, retrying as `CommitRetry` decides
/// while plain git holds `index.lock` or moves `HEAD`, all within one deadline
/// (`LEDGER_COMMIT_TIMEOUT` seconds, default 30). Nothing another session staged is ever
/// staged, unstaged or committed.
public enum SessionCommit {
  /// Options of `git commit` that choose paths or bypass the choice; `ledger commit` chooses
  /// the paths itself, so these are refused.
  public static let refusedOptions = [
    "-a", "--all", "-i", "--include", "--only", "-o", "--interactive", "-p", "--patch",
  ]

  /// The first of `options` that `ledger commit` cannot pass to `git commit`.
  public static func refusedOption(in options: [String]) -> String? {
    options.first { refusedOptions.contains($0) || $0.hasPrefix("--pathspec-from-file") }
  }

  /// True when `git commit` with `options` will open an editor for the message (no `-m`, `-F`,
  /// `-C`, `--no-edit` or `--fixup`): it then runs attached to the terminal.
  public static func opensEditor(_ options: [String]) -> Bool {
    !options.contains { option in
      ["-m", "-F", "-C", "--no-edit", "--fixup", "--message", "--file", "--reuse-message"].contains
      { option == $0 || option.hasPrefix($0 + "=") || (option.hasPrefix($0) && $0.count == 2) }
    }
  }

  /// Commits `session`'s changed paths in `workspace` (only those under `narrowing`'s specs
  /// when given), passing `options` to `git commit`; git's output goes to `context.output`.
  /// Exit 1 when the session has nothing to commit or git refused the commit.
  public static func run(
    session: SessionID, options: [String], narrowing: [String], in workspace: Workspace,
    context: ProcessContext
  ) throws(LedgerError) -> ExitCode {
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
      let under = narrowing.isEmpty ? "" : " under \(narrowing.joined(separator: " "))"
      throw LedgerError(
        .refused, "\(session.value) has no changed paths to commit\(under)",
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

    var context = context
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
        let result = try git.run(GitCommands.addListed, input: OwnChanges.pathspecFile(untracked))
        return CommitRetry.afterAdd(status: result.status, errorText: result.errorText) == .retry
          ? nil : result
      }
      guard added.status == 0 else { throw .gitFailed(GitCommands.addListed, added) }
    }
    try addNewFiles()
    let arguments = GitCommands.commitOnly(pathspecFile: listPath, options: options)
    return try commitRetrying(
      git, arguments: arguments, interactive: opensEditor(options), deadline: deadline,
      lock: indexLock, output: context.output, restage: addNewFiles)
  }

  /// Runs `git commit` until `CommitRetry` says the attempt is final, and prints it.
  private static func commitRetrying(
    _ git: Git, arguments: [String], interactive: Bool, deadline: Deadline, lock: String,
    output: Output, restage: () throws(LedgerError) -> Void
  ) throws(LedgerError) -> ExitCode {
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
