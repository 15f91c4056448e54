import Testing

@testable import LedgerCore

private func settings(_ entries: [(String, String?)]) throws(LedgerError) -> LedgerSettings {
  try LedgerSettings(GitConfig(parsing: configOutput(entries)))
}

@Suite("ledger.codexTTL: the lease of the Codex hooks' claims")
struct CodexTTLTests {
  @Test("defaults to 2h; read like ledger.ttl, key case-insensitive; an empty value is the default")
  func values() throws {
    #expect(LedgerSettings().codexTTL == Duration(seconds: 7200))
    #expect(try settings([]).codexTTL == Duration(seconds: 7200))
    #expect(try settings([("ledger.codexttl", "90m")]).codexTTL == Duration(seconds: 5400))
    #expect(try settings([("ledger.codexttl", "1h30m")]).codexTTL == Duration(seconds: 5400))
    #expect(try settings([("ledger.codexttl", "")]).codexTTL == Duration(seconds: 7200))
  }

  @Test("a bad value is an error naming the key", arguments: ["soon", "0h", "-1h", "2y", "400d"])
  func bad(value: String) {
    do {
      _ = try settings([("ledger.codexttl", value)])
      Issue.record("accepted \(value)")
    } catch {
      #expect(error.message.contains("ledger.codexTTL"), "\(error.message)")
    }
  }
}
