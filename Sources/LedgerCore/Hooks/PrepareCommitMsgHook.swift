/// `prepare-commit-msg`: stamps the commit with its session as a trailer, and — because
/// `--no-verify` skips pre-commit but not this hook — runs the commit check itself when
/// pre-commit did not run for this commit.
///
/// Replays (rebase, cherry-pick, revert) keep their messages. An internal error never loses the
/// message: the file is replaced atomically, or left as it was with a warning.
enum PrepareCommitMsgHook {
  static func run(_ context: ProcessContext, arguments: [String]) throws(LedgerError) -> ExitCode {
    guard let file = arguments.first else {
      throw LedgerError(.badInput, "prepare-commit-msg needs the message file as its argument")
    }
    let source = arguments.count > 1 ? arguments[1] : ""
    // pre-commit may have left its check running beside git: its verdict comes first.
    if let refusal = try ConcurrentCheck.awaitVerdict(context) { return refusal }
    let setup = try HookSetup.load(context)
    guard setup.settings.enabled else { return .success }
    var attempt = setup.note
    let replay =
      attempt?.replay
      ?? ReplayState(gitDirectory: setup.repository.gitDirectory).isReplay(
        reflogAction: context.environment["GIT_REFLOG_ACTION"] ?? "",
        parentCommand: ProcessFacts.commandLine(of: setup.gitProcessID))
    if replay { return try concludeReplay(setup, attempt: attempt) }

    let reflogAction = context.environment["GIT_REFLOG_ACTION"] ?? ""
    let concludedByGit =
      source == "merge" && (reflogAction.hasPrefix("merge") || reflogAction.hasPrefix("pull"))
    var overrideReason = attempt?.overrideReason
    var overridden = attempt?.overridden ?? []
    // pre-commit did not run for this commit (`git commit --no-verify`), or git is concluding
    // a merge itself: pre-merge-commit runs before git writes MERGE_HEAD, so the merge is
    // judged here, like a merge being concluded.
    if attempt?.preCommitRan != true || concludedByGit {
      if let verdict = try recheck(setup), verdict.blocks {
        let verified = concludedByGit && attempt?.preCommitRan == true
        if let reason = try setup.overrideReason() {
          overrideReason = reason
          overridden = verdict.violations.map(\.path)
        } else if verified || setup.settings.noVerify == .enforce {
          setup.say(
            CommitCheck.report(
              verdict,
              heading: verified
                ? "merge blocked: \(verdict.violations.count) path\(verdict.violations.count == 1 ? "" : "s") differ\(verdict.violations.count == 1 ? "s" : "") from the merged branch's version and \(verdict.violations.count == 1 ? "is" : "are") not \(verdict.session.map { "\($0.value)'s" } ?? "yours") to commit"
                : "commit blocked: pre-commit was skipped (--no-verify), so AgentLedger checked here (ledger.noVerify=enforce)"
            ))
          return .refused
        } else {
          setup.say(
            CommitCheck.report(
              verdict,
              heading:
                "warning: --no-verify commit includes claimed paths; allowed by ledger.noVerify=audit and logged as a bypass"
            ))
        }
      }
      if let reason = overrideReason {
        // post-commit must know this commit was overridden, not bypassed.
        var note = CommitAttempt(overrideReason: reason, overridden: overridden)
        note.preCommitRan = attempt?.preCommitRan ?? false
        try? setup.save(note)
        attempt = note
      }
    }

    let path = FileSystem.join(context.currentDirectory, file)
    let original: [UInt8]
    do {
      original = try FileSystem.read(path)
    } catch {
      setup.say("warning: cannot read the commit message file (\(error)); it was left as it was")
      return .success
    }
    var message = CommitMessage(bytes: original, commentPrefix: setup.settings.commentPrefix)
    message.configuredKeys = setup.configuredTrailerKeys
    let editorWillOpen = (context.environment["GIT_EDITOR"] ?? "") != ":"
    let template = message.cleaned
    let stamping = CommitStamp(setup)
    // With no editor, a template git is about to refuse as unedited stays as it is: a trailer
    // would make it look written. (An empty message likewise stays empty.)
    let refused =
      !editorWillOpen && source == "template"
      && (stamping.commandLine?.refusesUnwrittenMessage(
        configuredCleanup: setup.config.string("commit.cleanup")) ?? true)
    var changed = false
    if !refused {
      let sourceCommit = arguments.count > 2 ? arguments[2] : ""
      let amended = stamping.amendedRevision(source: source, commit: sourceCommit)
      // `--amend` without -m/-F: the message file holds HEAD's message, trailers and all.
      let amendedMessage =
        amended == "HEAD" && source == "commit" && sourceCommit == "HEAD" ? message : nil
      if let stamp = stamping.stamp(setup, amended: amended, amendedMessage: amendedMessage) {
        changed = stamp.apply(to: &message, editorWillOpen: editorWillOpen)
      }
    }
    if let reason = overrideReason {
      changed =
        !refused
        && message.addTrailer(key: "Ledger-Override", value: reason, editorWillOpen: editorWillOpen)
        || changed
    }
    if changed {
      do {
        try FileSystem.writeAtomically(
          path, message.bytes, mode: FileSystem.mode(of: path) ?? 0o644, durable: false)
      } catch {
        setup.say(
          "warning: cannot add the session trailer (\(error)); the message was left as it was")
        return .success
      }
    }
    if source == "template" && attempt != nil {
      // commit-msg compares against it: unchanged, git refuses the message.
      attempt?.pristineTemplate = template
      if let attempt { try? setup.save(attempt) }
    }
    return .success
  }

  /// A commit that concludes a replay keeps its message. When no pre-commit judged it —
  /// `git rebase --continue`, which runs none, or `git commit --no-verify` — its staged paths
  /// are judged here: the replay's own changes move unjudged, anything else is new work
  /// (`PreCommitHook.evaluate`). A sequencer's own clean step asks git nothing.
  private static func concludeReplay(_ setup: HookSetup, attempt: CommitAttempt?)
    throws(LedgerError) -> ExitCode
  {
    let state = ReplayState(gitDirectory: setup.repository.gitDirectory)
    let gitCommand = ProcessFacts.commandLine(of: setup.gitProcessID).flatMap(Git.subcommand(of:))
    // A sequencer's own step — a pick or revert that `git rebase`, `git cherry-pick` or
    // `git revert` commits without stopping — commits git's own merge result: git refuses to
    // start a replay over staged changes, and nobody can stage anything in between. Only
    // concluding a stop (REBASE_HEAD, or a `git commit`) can carry new work; when the git
    // process cannot be told, the commit is judged.
    let ownResult =
      !(state.rebaseStopped || state.editStop)
      && (state.cherryPicking || state.reverting || state.mergeMessageOnly)
      && ["rebase", "cherry-pick", "revert"].contains(gitCommand ?? "")
    if attempt?.preCommitRan != true, !ownResult, let verdict = try recheck(setup),
      verdict.blocks
    {
      // Only `git commit --no-verify` skipped a hook; the sequencer's commits have none to skip.
      let noVerify = gitCommand == "commit"
      if let reason = try setup.overrideReason() {
        var note = attempt ?? CommitAttempt()
        note.replay = true
        note.overrideReason = reason
        note.overridden = verdict.violations.map(\.path)
        try? setup.save(note)
      } else if noVerify && setup.settings.noVerify == .audit {
        setup.say(
          CommitCheck.report(
            verdict,
            heading:
              "warning: --no-verify commit includes claimed paths; allowed by ledger.noVerify=audit and logged as a bypass"
          ))
      } else {
        setup.say(
          CommitCheck.report(
            verdict,
            heading:
              "commit blocked: \(verdict.violations.count) staged path\(verdict.violations.count == 1 ? " is" : "s are") not \(verdict.session.map { "\($0.value)'s" } ?? "yours") to commit; while a rebase, cherry-pick, revert or am is concluded, only the replayed commit's own changes move unjudged"
          ))
        return .refused
      }
    }
    // post-commit logs the override once the commit exists (an aborted one overrode nothing).
    return .success
  }

  /// The commit check, when pre-commit was skipped; `nil` when no claim can matter.
  private static func recheck(_ setup: HookSetup) throws(LedgerError) -> CommitCheck.Verdict? {
    let index = try setup.index()
    let check = setup.check
    if check.canSkip(index) { return nil }
    let staged = try StagedPaths.parse(try setup.git.run(StagedPaths.command(setup.git).arguments))
    let state = ReplayState(gitDirectory: setup.repository.gitDirectory)
    return try PreCommitHook.evaluate(
      check, paths: staged, index: index, setup: setup, incoming: state.incoming)
  }
}
