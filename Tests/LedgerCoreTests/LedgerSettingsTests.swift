import Testing

@testable import LedgerCore

private func settings(_ entries: [(String, String?)]) throws(LedgerError) -> LedgerSettings {
  try LedgerSettings(GitConfig(parsing: configOutput(entries)))
}

@Suite("LedgerSettings: validated ledger.* configuration")
struct LedgerSettingsTests {
  @Test("defaults match the contract")
  func defaults() throws {
    for value in [LedgerSettings(), try settings([])] {
      #expect(value.enabled)
      #expect(value.unscoped == .block)
      #expect(!value.requireClaim)
      #expect(value.noVerify == .enforce)
      #expect(!value.releaseOnCommit)
      #expect(value.ttl == nil)
      #expect(value.trailer == "Agent-Session")
      #expect(!value.keepClaimsOnSessionEnd)
      #expect(!value.ignoreCase)
      #expect(value.commentPrefix == "#")
    }
  }

  @Test("every key is read")
  func everyKey() throws {
    let s = try settings([
      ("ledger.enabled", "false"), ("ledger.unscoped", "WARN"), ("ledger.requireclaim", "yes"),
      ("ledger.noverify", "audit"), ("ledger.releaseoncommit", nil), ("ledger.ttl", "8h"),
      ("ledger.trailer", "Agent-Id"), ("ledger.sessionend", "keep"), ("core.ignorecase", "true"),
      ("core.commentchar", ";"),
    ])
    #expect(!s.enabled)
    #expect(s.unscoped == .warn)
    #expect(s.requireClaim)
    #expect(s.noVerify == .audit)
    #expect(s.releaseOnCommit)
    #expect(s.ttl == Duration(seconds: 8 * 3600))
    #expect(s.trailer == "Agent-Id")
    #expect(s.keepClaimsOnSessionEnd)
    #expect(s.ignoreCase)
    #expect(s.commentPrefix == ";")
    #expect(try settings([("ledger.unscoped", "allow")]).unscoped == .allow)
    #expect(try settings([("ledger.sessionend", "Release")]).keepClaimsOnSessionEnd == false)
    #expect(try settings([("ledger.ttl", "")]).ttl == nil)
  }

  @Test(
    "invalid values are bad input naming the key",
    arguments: [
      ("ledger.enabled", "sometimes"), ("ledger.unscoped", "deny"), ("ledger.unscoped", ""),
      ("ledger.requireclaim", "please"), ("ledger.noverify", "skip"),
      ("ledger.releaseoncommit", "x"), ("ledger.ttl", "forever"), ("ledger.ttl", "0s"),
      ("ledger.ttl", "2y"), ("ledger.ttl", "400d"), ("ledger.trailer", ""),
      ("ledger.trailer", "Agent Session"), ("ledger.trailer", "Agent:Session"),
      ("ledger.trailer", "Agent\nSession"), ("ledger.trailer", "Sessi\u{F6}n"),
      ("ledger.trailer", String(repeating: "A", count: 65)), ("ledger.sessionend", "drop"),
      ("core.ignorecase", "perhaps"),
    ] as [(String, String)])
  func invalid(_ key: String, _ value: String) {
    let error = expectError(.badInput) { _ = try settings([(key, value)]) }
    #expect(error?.message.lowercased().contains(key) == true, "\(String(describing: error))")
  }

  @Test("trailer keys of letters, digits and dashes up to 64 bytes are accepted")
  func trailerKeys() throws {
    for key in ["X", "Agent-Session", "Co-Authored-By-2", String(repeating: "a", count: 64)] {
      #expect(try settings([("ledger.trailer", key)]).trailer == key)
    }
  }

  @Test("the comment prefix: commentChar, commentString, auto")
  func commentPrefix() throws {
    #expect(try settings([("core.commentchar", "%")]).commentPrefix == "%")
    #expect(try settings([("core.commentstring", "//")]).commentPrefix == "//")
    #expect(try settings([("core.commentchar", "auto")]).commentPrefix == nil)
    #expect(try settings([("core.commentstring", "AUTO")]).commentPrefix == nil)
    #expect(try settings([("core.commentchar", "")]).commentPrefix == "#")
  }

  /// git documents core.commentChar and core.commentString as aliases of each other: whichever
  /// is set last wins (so `git -c core.commentChar=; commit` overrides a commentString in the
  /// repository's config).
  @Test("commentChar and commentString are aliases: the one git reports last wins")
  func commentAliases() throws {
    #expect(
      try settings([("core.commentstring", "//"), ("core.commentchar", ";")]).commentPrefix == ";")
    #expect(
      try settings([("core.commentchar", ";"), ("core.commentstring", "//")]).commentPrefix == "//")
  }
}
