/// The `ledger.*` settings (and the few `core.*` ones that matter), validated.
public struct LedgerSettings: Sendable, Equatable {
  /// What happens when an unscoped committer stages another session's claimed path.
  public enum UnscopedPolicy: String, Sendable, CaseIterable {
    case block, warn, allow
  }

  /// What prepare-commit-msg does when pre-commit was skipped (`--no-verify`).
  public enum NoVerifyPolicy: String, Sendable, CaseIterable {
    case enforce, audit
  }

  /// `ledger.enabled`: false turns every hook into a no-op.
  public var enabled = true
  /// `ledger.unscoped`.
  public var unscoped = UnscopedPolicy.block
  /// `ledger.requireClaim`: a session may only commit paths it claimed.
  public var requireClaim = false
  /// `ledger.noVerify`.
  public var noVerify = NoVerifyPolicy.enforce
  /// `ledger.releaseOnCommit`: release committed paths' file claims.
  public var releaseOnCommit = false
  /// `ledger.ttl`: the default lease of new claims.
  public var ttl: Duration?
  /// `ledger.codexTTL`: the lease of claims made by the Codex hooks, renewed by each edit
  /// (Codex has no session-end event, so expiry is how its claims end).
  public var codexTTL = LedgerSettings.defaultCodexTTL
  /// The default `ledger.codexTTL`: two hours.
  public static let defaultCodexTTL = Duration(seconds: 2 * 3600)
  /// `ledger.trailer`: the trailer key.
  public var trailer = "Agent-Session"
  /// `ledger.sessionEnd`: `release` (default) or `keep` claims when a Claude session ends.
  public var keepClaimsOnSessionEnd = false
  /// `core.ignorecase`.
  public var ignoreCase = false
  /// The comment prefix of commit messages (`core.commentString`/`core.commentChar`), or
  /// `nil` for `auto`.
  public var commentPrefix: String? = "#"

  /// The defaults.
  public init() {}

  /// Reads and validates the settings.
  public init(_ config: GitConfig) throws(LedgerError) {
    enabled = try config.bool("ledger.enabled") ?? true
    do {
      try readRest(config)
    } catch {
      // Off means off: a broken value elsewhere must not stand in the way of the kill switch.
      if enabled { throw error }
    }
  }

  private mutating func readRest(_ config: GitConfig) throws(LedgerError) {
    if let text = config.string("ledger.unscoped") {
      guard let policy = UnscopedPolicy(rawValue: text.lowercased()) else {
        throw .badConfig("ledger.unscoped", text, expected: "block, warn or allow")
      }
      unscoped = policy
    }
    requireClaim = try config.bool("ledger.requireClaim") ?? false
    if let text = config.string("ledger.noVerify") {
      guard let policy = NoVerifyPolicy(rawValue: text.lowercased()) else {
        throw .badConfig("ledger.noVerify", text, expected: "enforce or audit")
      }
      noVerify = policy
    }
    releaseOnCommit = try config.bool("ledger.releaseOnCommit") ?? false
    if let text = config.string("ledger.ttl"), !text.isEmpty {
      do {
        ttl = try Duration(parsing: text)
      } catch {
        throw .badConfig("ledger.ttl", text, expected: "a duration such as 8h or 2d")
      }
    }
    if let text = config.string("ledger.codexTTL"), !text.isEmpty {
      do {
        codexTTL = try Duration(parsing: text)
      } catch {
        throw .badConfig("ledger.codexTTL", text, expected: "a duration such as 2h or 90m")
      }
    }
    if let text = config.string("ledger.trailer") {
      guard !text.isEmpty, text.utf8.count <= 64,
        text.utf8.allSatisfy({
          ($0 >= 48 && $0 <= 57) || ($0 | 0x20 >= 97 && $0 | 0x20 <= 122) || $0 == 45
        })
      else {
        throw .badConfig("ledger.trailer", text, expected: "a trailer key (letters, digits and -)")
      }
      trailer = text
    }
    if let text = config.string("ledger.sessionEnd") {
      switch text.lowercased() {
      case "release": keepClaimsOnSessionEnd = false
      case "keep": keepClaimsOnSessionEnd = true
      default: throw .badConfig("ledger.sessionEnd", text, expected: "release or keep")
      }
    }
    ignoreCase = try config.bool("core.ignorecase") ?? false
    if let text = config.lastOf(["core.commentChar", "core.commentString"]) {
      if text.lowercased() == "auto" {
        commentPrefix = nil
      } else if !text.isEmpty && !text.contains("\n") {
        commentPrefix = text
      }
    }
  }
}
