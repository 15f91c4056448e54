/// `pre-merge-commit`: git runs it before the commit of a merge it concludes itself (`git merge`,
/// `git pull`), and skips it for `git merge --no-verify`.
///
/// git writes `MERGE_HEAD` only after this hook, so the merge is judged in prepare-commit-msg,
/// which runs next (with `MERGE_HEAD`), and whose failure aborts the merge commit just the same.
/// This hook leaves the note that the verifying hook ran: without it, prepare-commit-msg treats
/// the merge as `--no-verify` and applies `ledger.noVerify`.
enum PreMergeCommitHook {
  static func run(_ context: ProcessContext) throws(LedgerError) -> ExitCode {
    let setup = try HookSetup.load(context, reuseNote: false)
    guard setup.settings.enabled else { return .success }
    do {
      try setup.save(CommitAttempt(preCommitRan: true))
    } catch {
      setup.say("warning: cannot record that pre-merge-commit ran (\(error))")
    }
    return .success
  }
}
