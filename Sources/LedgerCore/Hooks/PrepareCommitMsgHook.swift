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
    if replay { return .success }

    let reflogAction = context.environment["GIT_REFLOG_ACTION"] ?? ""
    let concludedByGit =
      source == "merge" && (reflogAction.hasPrefix("merge") || reflogAction.hasPrefix("pull"))
    var overrideReason = attempt?.overrideReason
    var overridden = attempt?.overridden ?? []
    if attempt?.preCommitRan != true && !concludedByGit {
      // pre-commit did not run for this commit: `git commit --no-verify`.
      if let verdict = try recheck(setup), verdict.blocks {
        if let reason = try setup.overrideReason() {
          overrideReason = reason
          overridden = verdict.violations.map(\.path)
        } else if setup.settings.noVerify == .enforce {
          setup.say(
            CommitCheck.report(
              verdict,
              heading:
                "commit blocked: pre-commit was skipped (--no-verify), so AgentLedger checked here (ledger.noVerify=enforce)"
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
        let note = CommitAttempt(overrideReason: reason, overridden: overridden)
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
      try? setup.store.record([
        AuditEvent(
          .override, time: context.now, session: setup.session?.value,
          details: [
            ("reason", .string(reason)),
            ("paths", .array(overridden.prefix(1000).map { .string($0) })),
          ])
      ])
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
