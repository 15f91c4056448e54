/// `post-commit`: records the commit in the audit log, flags a commit that got another
/// session's claimed paths past the checks (`bypass`), and with `ledger.releaseOnCommit=true`
/// releases the committer's file claims on what it committed. It never fails the commit.
///
/// When the commit's own checks passed it silently, nothing post-commit could find needs to
/// reach the user before git returns: post-commit then hands the recording to a process of its
/// own (`RecordingLock` keeps `ledger log` consistent) and returns at once (docs/ARCHITECTURE.md).
enum PostCommitHook {
  /// The hook name `ledger-hook` runs the recorder under.
  static let recorderHook = "post-commit-record"

  static func run(_ context: ProcessContext) -> ExitCode {
    do {
      try record(context, recorder: false)
    } catch {
      context.output.error(
        "AgentLedger: warning: post-commit could not record the commit: \(error.message)")
    }
    return .success
  }

  /// The recorder post-commit started: records the commit; a failure is left for `ledger log`
  /// to report, since nobody sees this process's output.
  static func runRecorder(_ context: ProcessContext) -> ExitCode {
    // The shared hold on `ledger/recording` stays with this process, not with its git.
    _ = fcntl(3, F_SETFD, FD_CLOEXEC)
    do throws(LedgerError) {
      if context.environment["LEDGER_TEST_CRASH"] == "record" {
        throw LedgerError(.environment, "the audit log was not written (LEDGER_TEST_CRASH=record)")
      }
      try record(context, recorder: true)
      return .success
    } catch {
      if let repository = try? HookSetup.load(context).repository {
        let line =
          "\(context.now.rfc3339) post-commit could not record a commit: \(error.message)\n"
        RecordingLock.noteFailure(repository.ledger, line)
      }
      return error.code
    }
  }

  /// Starts the recorder when nothing this hook could say needs to reach the user now, and
  /// returns true; false means record here, before git returns.
  private static func handOff(_ context: ProcessContext, _ setup: HookSetup) -> Bool {
    guard context.environment["LEDGER_POST_COMMIT"] != "wait",
      let executable = context.executablePath,
      let note = setup.note, let location = setup.attempt,
      // pre-commit ran and passed silently: there is no bypass to warn about.
      note.preCommitRan, note.overrideReason == nil, !note.replay,
      note.check.map({ $0.code == 0 && $0.report.isEmpty }) ?? true,
      // The claims are those the check read (no claim was made while the editor was open).
      note.claimsRead == FileSystem.fingerprint(of: setup.store.claimsPath),
      // An unscoped commit the policy lets past claimed paths is a bypass to say in front.
      setup.session != nil || setup.settings.unscoped == .block,
      // Releasing claims prints what it released.
      !setup.settings.releaseOnCommit,
      // Outside the machine's first PID namespace a sandbox may end — and kill every process it
      // leaves — as soon as git returns: record before git returns there.
      ProcessFacts.isInRootPIDNamespace(),
      // Only after `git commit` itself (not a hook manager or a test calling the hook).
      let gitCommand = ProcessFacts.commandLine(of: setup.gitProcessID),
      Git.subcommand(of: gitCommand) == "commit",
      // An amend commits what the amended commit held too, which the check never saw.
      // (A command line that cannot be read is treated as one.)
      CommitCommandLine(gitCommand).map({ $0.amendedRevision == nil }) ?? false
    else { return false }
    // A limit on file size is the one failure that can be seen coming: report it in front.
    var limit = rlimit()
    guard getrlimit(__rlimit_resource_t(RLIMIT_FSIZE.rawValue), &limit) == 0,
      limit.rlim_cur == rlim_t.max
    else {
      return false
    }
    guard let fd = RecordingLock.hold(setup.repository.ledger) else { return false }
    defer { close(fd) }
    var environment = context.environment
    environment[HookSetup.attemptVariable] = location.identity.name
    let command = Command(
      executable, [recorderHook], environment: environment, directory: context.currentDirectory)
    return (try? Subprocess.startDetached(command, handOver: fd, newSession: true)) != nil
  }

  private static func record(_ context: ProcessContext, recorder: Bool) throws(LedgerError) {
    // From pre-commit's note this asks git nothing; without one (`--no-verify`, a replay) the
    // layout and configuration come from `RepositoryCache` or from git.
    let setup = try HookSetup.load(context)
    guard setup.settings.enabled else { return }
    if !recorder && handOff(context, setup) { return }
    let change = try CommittedChange(
      result: try setup.git.runAll([CommittedChange.command(setup.git)])[0])
    let attempt = setup.note
    setup.attempt?.remove()
    let replay =
      attempt?.replay
      ?? ReplayState(gitDirectory: setup.repository.gitDirectory).isReplay(
        reflogAction: context.environment["GIT_REFLOG_ACTION"] ?? "",
        parentCommand: ProcessFacts.commandLine(of: setup.gitProcessID))
    let now = context.now
    try HeadRecord.record(
      setup, change: change, replay: replay, override: attempt?.overrideReason,
      overridden: attempt?.overridden ?? [])

    if setup.settings.releaseOnCommit, let session = setup.session, !replay {
      let released = try setup.store.update(
        now: now, ignoreCase: setup.settings.ignoreCase, holder: "post-commit", timeout: 2
      ) { ledger in
        ledger.releaseFiles(
          change.paths, session: session, reason: "committed \(change.commit.prefix(12))")
      }
      if !released.isEmpty {
        setup.say(
          "released \(released.count) file claim\(released.count == 1 ? "" : "s") committed in \(change.commit.prefix(12)) (ledger.releaseOnCommit)"
        )
      }
    }
    if Int.random(in: 0..<64) == 0 { CommitAttempt.prune(context.environment, now: now) }
  }
}
