import Testing

@testable import LedgerCore

/// `git config -z --get-regexp` output for the given entries (`nil` for a key without a value).
func configOutput(_ entries: [(String, String?)]) -> [UInt8] {
  var bytes: [UInt8] = []
  for (key, value) in entries {
    bytes += Array(key.utf8)
    if let value { bytes += [10] + Array(value.utf8) }
    bytes.append(0)
  }
  return bytes
}

@Suite("GitConfig: parsing git config -z output")
struct GitConfigTests {
  @Test("keys and values, a key without a value, the last value winning")
  func parsing() {
    let config = GitConfig(
      parsing: configOutput([
        ("ledger.unscoped", "warn"), ("ledger.requireclaim", nil), ("ledger.unscoped", "allow"),
        ("core.ignorecase", "true"),
      ]))
    #expect(config.values["ledger.unscoped"] == ["warn", "allow"])
    #expect(config.string("ledger.unscoped") == "allow")
    #expect(config.string("ledger.requireClaim") == "")
    #expect(config.has("ledger.requireClaim"))
    #expect(!config.has("ledger.ttl"))
    #expect(config.string("ledger.ttl") == nil)
    #expect(config.string("CORE.IGNORECASE") == "true")
  }

  @Test("values may hold newlines, spaces and UTF-8; only the first newline separates")
  func values() {
    let config = GitConfig(
      parsing: configOutput([("ledger.trailer", "a\nb c"), ("x.y", " caf\(eAcuteNFD) ")]))
    #expect(config.string("ledger.trailer") == "a\nb c")
    #expect(config.string("x.y") == " caf\(eAcuteNFD) ")
  }

  @Test("empty output and a missing final NUL")
  func edges() {
    #expect(GitConfig(parsing: []).values.isEmpty)
    #expect(GitConfig(parsing: [0, 0]).values.isEmpty)
    let unterminated = Array("ledger.enabled\nfalse".utf8)
    #expect(GitConfig(parsing: unterminated).string("ledger.enabled") == "false")
  }

  @Test(
    "booleans the way git reads them",
    arguments: [
      ("true", true), ("TRUE", true), ("yes", true), ("On", true), ("1", true), ("2", true),
      ("-1", true), ("false", false), ("No", false), ("off", false), ("0", false), ("", false),
    ] as [(String, Bool)])
  func booleans(_ text: String, _ expected: Bool) throws {
    let config = GitConfig(parsing: configOutput([("ledger.enabled", text)]))
    #expect(try config.bool("ledger.enabled") == expected)
  }

  @Test("a key without a value is true; an unset key is nil")
  func implicitTrue() throws {
    let config = GitConfig(parsing: configOutput([("ledger.enabled", nil)]))
    #expect(try config.bool("ledger.enabled") == true)
    #expect(try config.bool("ledger.other") == nil)
  }

  @Test(
    "a value that is not a boolean is bad input naming the key", arguments: ["maybe", "tru", "1.0"])
  func badBoolean(_ text: String) {
    let config = GitConfig(parsing: configOutput([("ledger.enabled", text)]))
    let error = expectError(.badInput) { _ = try config.bool("ledger.enabled") }
    #expect(error?.message.contains("ledger.enabled") == true)
    #expect(error?.message.contains(text) == true)
  }

  @Test("git's exit 1 means no keys; any other failure is an environment error")
  func results() throws {
    let none = try GitConfig(result: ProcessResult(status: 1, output: [], errorOutput: []))
    #expect(none.values.isEmpty)
    let some = try GitConfig(
      result: ProcessResult(
        status: 0, output: configOutput([("ledger.ttl", "8h")]), errorOutput: []))
    #expect(some.string("ledger.ttl") == "8h")
    let error = expectError(.environment) {
      _ = try GitConfig(
        result: ProcessResult(
          status: 128, output: [], errorOutput: Array("fatal: bad config line 3\n".utf8)))
    }
    #expect(error?.message.contains("bad config line 3") == true)
  }

  @Test("the regular expression selects ledger, core and trailer keys")
  func pattern() {
    #expect(GitConfig.pattern.contains("ledger\\."))
    #expect(GitConfig.pattern.contains("core\\.ignorecase"))
    #expect(GitConfig.pattern.contains("core\\.commentchar"))
    #expect(GitConfig.pattern.hasPrefix("^") && GitConfig.pattern.hasSuffix("$"))
  }
}
