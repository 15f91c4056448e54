/// The exit codes every AgentLedger executable uses, as documented in the contract.
public enum ExitCode: Int32, Sendable, Equatable {
  /// Done, or allowed.
  case success = 0
  /// Refused: a conflict, a blocked commit, a release of something not held.
  case refused = 1
  /// Bad input: usage, an invalid session id, a missing session, a path outside the work tree.
  case badInput = 2
  /// Environment: not in a git repository, ledger unreadable, lock not obtained in time.
  case environment = 3
}
