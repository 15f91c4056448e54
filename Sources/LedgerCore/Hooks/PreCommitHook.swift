/// `pre-commit`: rejects a commit that stages a path another session has claimed.
///
/// One round of parallel git queries (repository, configuration, staged set), one read of the
/// ledger, binary-search lookups for the staged paths: the verdict, printed as one line per
/// violation and what to do, and exit 1 when it blocks.
public enum PreCommitHook {
  /// What pre-commit decided: its exit code and, when the staged set was judged, the verdict.
  public struct Outcome: Sendable {
    public var code: ExitCode
    public var verdict: CommitCheck.Verdict?
  }

  static func run(_ context: ProcessContext) throws(LedgerError) -> ExitCode {
    // A new attempt: clear what ended ones left behind.
    CommitAttempt.pruneEnded(context.environment, keeping: nil)
    return try decide(context, recordAttempt: true).code
  }

  /// Judges the index git is committing (`GIT_INDEX_FILE`, or the default index) and prints the
  /// report. `recordAttempt` false is `ledger check`: the same decision, nothing recorded.
  public static func decide(_ context: ProcessContext, recordAttempt: Bool) throws(LedgerError)
    -> Outcome
  {
    let setup = try HookSetup.load(context, reuseNote: false) { git in [StagedPaths.command(git)] }
    guard setup.settings.enabled else { return Outcome(code: .success, verdict: nil) }
    let save: (CommitAttempt) -> Void = { attempt in
      if recordAttempt { PreCommitHook.save(attempt, setup) }
    }
    let state = ReplayState(gitDirectory: setup.repository.gitDirectory)
    var attempt = CommitAttempt(preCommitRan: true)
    // Concluding a conflicted cherry-pick, revert or rebase pick moves committed work: it keeps
    // its message. Its paths are still judged, except those whose content is the replayed
    // commit's (see `evaluate`), so nothing new slips in with it.
    attempt.replay = state.isReplay(
      reflogAction: context.environment["GIT_REFLOG_ACTION"] ?? "",
      // Clean reverts never run pre-commit, so a lone MERGE_MSG here is stale.
      parentCommand: [])
    // Taken before the claims are read: any later claim makes post-commit check again.
    attempt.claimsRead = FileSystem.fingerprint(of: setup.store.claimsPath)
    let index = try setup.index()
    let check = setup.check
    if check.canSkip(index) {
      save(attempt)
      return Outcome(code: .success, verdict: nil)
    }
    let staged = try StagedPaths.parse(setup.extra[0])
    let verdict = try evaluate(
      check, paths: staged, index: index, setup: setup, incoming: state.incoming)
    if verdict.blocks {
      if let reason = try setup.overrideReason() {
        attempt.overrideReason = reason
        attempt.overridden = verdict.violations.map(\.path)
        setup.say(
          "LEDGER_OVERRIDE lets \(verdict.violations.count) claimed path\(verdict.violations.count == 1 ? "" : "s") through: \(reason)"
        )
        save(attempt)
        return Outcome(code: .success, verdict: verdict)
      }
      setup.say(
        CommitCheck.report(
          verdict,
          heading:
            "commit blocked: \(verdict.violations.count) staged path\(verdict.violations.count == 1 ? " is" : "s are") not \(verdict.session.map { "\($0.value)'s" } ?? "yours") to commit"
        ))
      return Outcome(code: .refused, verdict: verdict)
    }
    if verdict.warns {
      setup.say(
        CommitCheck.report(
          verdict,
          heading:
            "warning (ledger.unscoped=warn): this commit includes paths other sessions claimed"))
    }
    save(attempt)
    return Outcome(code: .success, verdict: verdict)
  }

  /// Judges the staged paths. While a merge is concluded, a path whose staged content equals
  /// `MERGE_HEAD`'s is already-committed work and not a violation; while a cherry-pick, revert,
  /// rebase pick or patch is concluded, so is a path carrying the replayed version or a
  /// resolution of a path the replay conflicted on (`ReplayedContent`). Anything else staged is
  /// new work, judged as in any commit.
  static func evaluate(
    _ check: CommitCheck, paths: [String], index: ClaimIndex, setup: HookSetup,
    incoming: (merged: [String], replayed: Replay?)
  ) throws(LedgerError) -> CommitCheck.Verdict {
    var verdict = try HookSetup.failingClosed { () throws(LedgerError) in
      try check.evaluate(paths: paths, index: index)
    }
    if !(incoming.merged.isEmpty && incoming.replayed == nil) && !verdict.isClean {
      var exempt = Set<String>()
      for revision in incoming.merged {
        let differing = try StagedPaths.differing(from: revision, git: setup.git)
        exempt.formUnion(paths.filter { !differing.contains($0) })
      }
      if let replay = incoming.replayed {
        exempt.formUnion(
          ReplayedContent.unjudged(
            verdict.violations.map(\.path), replay: replay, git: setup.git,
            environment: setup.context.environment))
      }
      verdict = try HookSetup.failingClosed { () throws(LedgerError) in
        try check.evaluate(paths: paths, index: index, exempt: exempt)
      }
    }
    return verdict
  }

  private static func save(_ attempt: CommitAttempt, _ setup: HookSetup) {
    do {
      try setup.save(attempt)
    } catch {
      setup.say(
        "warning: cannot record that pre-commit ran (\(error)); prepare-commit-msg will check again"
      )
    }
  }

}
