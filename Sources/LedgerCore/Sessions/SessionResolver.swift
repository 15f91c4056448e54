/// How the current session was found.
public enum SessionSource: String, Sendable, Equatable {
  case flag = "--session"
  case ledgerSession = "LEDGER_SESSION"
  case claude = "CLAUDE_CODE_SESSION_ID"
  case codex = "CODEX_THREAD_ID"
  case none = "none"
}

/// The session a command acts for, or none (an unscoped committer, typically a person).
public struct ResolvedSession: Sendable, Equatable {
  /// The session, or `nil` when unscoped.
  public var id: SessionID?
  /// The rule that produced it.
  public var source: SessionSource
}

/// Resolves the session identically in every executable: `--session`, then `LEDGER_SESSION`,
/// then `CLAUDE_CODE_SESSION_ID` (as `claude:<value>`), then `CODEX_THREAD_ID` (as
/// `codex:<value>`), else none. Empty variables count as unset; an invalid value is an error,
/// never silently skipped.
public enum SessionResolver {
  /// Resolves the session from an optional `--session` value and the environment.
  public static func resolve(flag: String?, environment: [String: String]) throws(LedgerError)
    -> ResolvedSession
  {
    if let flag {
      return ResolvedSession(id: try SessionID(flag, source: "--session"), source: .flag)
    }
    if let value = nonEmpty(environment["LEDGER_SESSION"]) {
      return ResolvedSession(
        id: try SessionID(value, source: "LEDGER_SESSION"), source: .ledgerSession)
    }
    if let value = nonEmpty(environment["CLAUDE_CODE_SESSION_ID"]) {
      return ResolvedSession(
        id: try SessionID("claude:" + value, source: "CLAUDE_CODE_SESSION_ID (as claude:<id>)"),
        source: .claude)
    }
    if let value = nonEmpty(environment["CODEX_THREAD_ID"]) {
      return ResolvedSession(
        id: try SessionID("codex:" + value, source: "CODEX_THREAD_ID (as codex:<id>)"),
        source: .codex)
    }
    return ResolvedSession(id: nil, source: .none)
  }

  private static func nonEmpty(_ value: String?) -> String? {
    guard let value, !value.isEmpty else { return nil }
    return value
  }
}

extension LedgerError {
  /// No session resolved where one is required.
  public static func noSession(for command: String) -> LedgerError {
    LedgerError(
      .badInput, "`ledger \(command)` needs a session, and none is set",
      hint:
        "Pass --session ID, or set LEDGER_SESSION (Claude Code and Codex set theirs automatically)."
    )
  }
}
