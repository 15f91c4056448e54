/// The hooks of `git am` and `git rebase --apply`, which run no commit hook at all:
/// `pre-applypatch` (after the patch is applied to the index, before the commit; its failure
/// stops `git am` at that patch) judges, and `post-applypatch` (after the commit) records.
///
/// Both move committed work, so the rule of every replay applies: a staged path carrying the
/// patch's own version (for `git rebase --apply`, the version its original commit gives it,
/// `REBASE_HEAD`), or resolving a path the patch conflicted on, moves unjudged; anything else
/// staged — an extra file added before `git am --continue`, a path changed differently — is
/// new work, judged like any commit. The commit keeps its message. `applypatch-msg` is not
/// wired: AgentLedger leaves a replayed message as it is. `git am --no-verify` skips
/// pre-applypatch; post-applypatch then logs what the patch carried of another session's
/// claims as a bypass.
enum ApplypatchHooks {
  static func runPre(_ context: ProcessContext) throws(LedgerError) -> ExitCode {
    let setup = try HookSetup.load(context, reuseNote: false) { git in [StagedPaths.command(git)] }
    guard setup.settings.enabled else { return .success }
    var attempt = CommitAttempt(preCommitRan: true, replay: true)
    let index = try setup.index()
    let check = setup.check
    if !check.canSkip(index) {
      let staged = try StagedPaths.parse(setup.extra[0])
      let state = ReplayState(gitDirectory: setup.repository.gitDirectory)
      let verdict = try PreCommitHook.evaluate(
        check, paths: staged, index: index, setup: setup, incoming: state.incoming)
      if verdict.blocks {
        guard let reason = try setup.overrideReason() else {
          setup.say(
            CommitCheck.report(
              verdict,
              heading:
                "patch not applied: \(verdict.violations.count) staged path\(verdict.violations.count == 1 ? " is" : "s are") not \(verdict.session.map { "\($0.value)'s" } ?? "yours") to commit (only the patch's own changes move unjudged)"
            ))
          return .refused
        }
        attempt.overrideReason = reason
        attempt.overridden = verdict.violations.map(\.path)
        setup.say(
          "LEDGER_OVERRIDE lets \(verdict.violations.count) claimed path\(verdict.violations.count == 1 ? "" : "s") through: \(reason)"
        )
      } else if verdict.warns {
        setup.say(
          CommitCheck.report(
            verdict,
            heading:
              "warning (ledger.unscoped=warn): this patch includes paths other sessions claimed"))
      }
    }
    do {
      try setup.save(attempt)
    } catch {
      setup.say("warning: cannot record that pre-applypatch ran (\(error))")
    }
    return .success
  }

  static func runPost(_ context: ProcessContext) -> ExitCode {
    do throws(LedgerError) {
      let setup = try HookSetup.load(context)
      guard setup.settings.enabled else { return .success }
      let note = setup.note
      setup.attempt?.remove()
      // Without pre-applypatch's note the patch went in unjudged (`git am --no-verify`, git
      // 2.40+): it is recorded as a plain commit, so another session's claimed path in it is
      // logged as a bypass.
      try HeadRecord.record(
        setup, replay: note != nil, override: note?.overrideReason,
        overridden: note?.overridden ?? [])
    } catch {
      context.output.error(
        "AgentLedger: warning: post-applypatch could not record the commit: \(error.message)")
    }
    return .success
  }
}
