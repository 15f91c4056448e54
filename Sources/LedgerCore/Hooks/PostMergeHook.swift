/// `post-merge`: records the merge commit git concluded itself (`git merge`, `git pull`), which
/// post-commit never sees. Its argument is 1 for `git merge --squash`, which makes no commit.
///
/// A fast-forward moves the branch to commits made elsewhere (recorded, or reported by
/// reconciliation, where they were made): only a new merge commit — `HEAD` has two or more
/// parents, the first being `ORIG_HEAD`, where the merge started — is recorded here. It never
/// fails the merge.
enum PostMergeHook {
  static func run(_ context: ProcessContext, arguments: [String]) -> ExitCode {
    guard arguments.first != "1" else { return .success }
    do throws(LedgerError) {
      let setup = try HookSetup.load(context)
      guard setup.settings.enabled else { return .success }
      let note = setup.note
      setup.attempt?.remove()
      let results = try setup.git.runAll([
        CommittedChange.command(setup.git),
        setup.git.command(GitCommands.verify("ORIG_HEAD^{commit}")),
      ])
      let change = try CommittedChange(result: results[0])
      let origin = results[1].outputText.split(separator: "\n").first.map(String.init)
      guard change.parents.count > 1, change.parents.first == origin else { return .success }
      try HeadRecord.record(
        setup, change: change, replay: false, override: note?.overrideReason,
        overridden: note?.overridden ?? [])
    } catch {
      context.output.error(
        "AgentLedger: warning: post-merge could not record the merge: \(error.message)")
    }
    return .success
  }
}
