/// What `ledger commit` does after one `git` step ran: the rules of its retries, apart from
/// running git and printing (the command does those).
///
/// Inside the commit queue no other `ledger commit` of the checkout runs, but plain git can:
/// it may hold `index.lock` or move `HEAD` under the commit. git resolves `HEAD` before it
/// takes `index.lock`, so a commit built on the old `HEAD` can fail to update it, or look to
/// pre-commit as if it reverted the other commit; either way it is tried again on the new
/// `HEAD`. A new file staged a moment ago can drop out of the index again when another
/// process rewrote the index from an older read: it is staged again (at most `maxRestages`
/// times) before the retry. Nothing another session staged is touched: `ledger commit` only
/// ever stages its own session's new files, and commits with `--only`.
public enum CommitRetry {
  /// The decision after one attempt.
  public enum Decision: Equatable, Sendable {
    /// The attempt is final: report it with this status.
    case done(Int32)
    /// Another git process held `index.lock` or moved `HEAD`: try again after a pause.
    case retry
    /// This session's new files fell out of the index: stage them again, then try again.
    case restageAndRetry
  }

  /// How many times new files are staged again before the failure is reported.
  public static let maxRestages = 5

  /// True when git failed only because another process held a lock it needs.
  public static func isBusy(status: Int32, errorText: String) -> Bool {
    status == 128 && (errorText.contains("index.lock") || errorText.contains("cannot lock ref"))
  }

  /// The decision after `git add` of the session's new files.
  public static func afterAdd(status: Int32, errorText: String) -> Decision {
    isBusy(status: status, errorText: errorText) ? .retry : .done(status)
  }

  /// The decision after `git commit`: `headMoved` says whether `HEAD` changed during the
  /// attempt, `restaged` how many times new files were staged again already.
  public static func afterCommit(
    status: Int32, errorText: String, headMoved: Bool, restaged: Int
  ) -> Decision {
    if status == 1 && restaged < maxRestages
      && errorText.contains("did not match any file(s) known to git")
    {
      return .restageAndRetry
    }
    if isBusy(status: status, errorText: errorText) || (status == 1 && headMoved) {
      return .retry
    }
    return .done(status)
  }

  /// Runs `attempt` until it returns a value (`nil` means "busy, try again"), pausing with
  /// back-off, until `deadline` has passed (the attempts' own run time counts), then gives up
  /// with exit 3, saying how long it really waited and for what.
  public static func retrying<Value>(
    until deadline: Deadline, lock: String, _ attempt: () throws(LedgerError) -> Value?
  ) throws(LedgerError) -> Value {
    var delay = 0.02
    while true {
      if let value = try attempt() { return value }
      guard !deadline.hasPassed else {
        throw LedgerError(
          .environment,
          "gave up after \(Deadline.describe(deadline.elapsed)) (LEDGER_COMMIT_TIMEOUT=\(Deadline.describe(deadline.seconds))): another git process, not a `ledger commit`, kept \(lock) locked",
          hint:
            "Try again; if no git process is running, a crashed one left \(lock) behind — remove it."
        )
      }
      deadline.sleep(delay + Double.random(in: 0...delay / 2))
      delay = min(delay * 2, 0.4)
    }
  }
}
