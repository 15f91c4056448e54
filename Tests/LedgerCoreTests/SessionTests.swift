import Testing

@testable import LedgerCore

@Suite("Session ids and their resolution")
struct SessionTests {
  static let valid: [String] = [
    "a", "Z", "7", "claude:0f9e2c1a-7b4d-4e55-9a10-5c3b2d1e0f99", "codex:thread_42",
    "agent.one", "me@host", "a+b", "x-y", "A.b_c:d@e+f-g", String(repeating: "x", count: 128),
    "1" + String(repeating: "-", count: 127),
  ]

  static let invalid: [(String, String)] = [
    ("", "empty"),
    (String(repeating: "x", count: 129), "129 characters"),
    ("-leading-dash", "leading '-'"),
    (".dot", "leading '.'"), (":colon", "leading ':'"), ("_under", "leading '_'"),
    ("@at", "leading '@'"), ("+plus", "leading '+'"),
    ("with space", "space"), ("tab\there", "tab"),
    ("line\n", "trailing newline"), ("two\nAgent-Session: x", "newline and a second trailer"),
    ("cr\r", "carriage return"), ("nul\u{0}", "NUL"), ("esc\u{1B}[31m", "escape"),
    ("del\u{7F}", "DEL"), ("nel\u{85}", "NEXT LINE"),
    ("caf\u{E9}", "non-ASCII letter"), ("cafe\u{301}", "combining mark"),
    ("\u{661}23", "Arabic-Indic digit"), ("ａbc", "fullwidth letter"),
    ("claude\u{FF1A}x", "fullwidth colon"), ("claude\u{2236}x", "ratio sign"),
    ("claude\u{A789}x", "modifier letter colon"), ("claude\u{37E}x", "Greek question mark"),
    ("a/b", "slash"), ("a\\b", "backslash"), ("a\"b", "quote"), ("a,b", "comma"),
    ("a;b", "semicolon"), ("a=b", "equals"), ("a#b", "hash"), ("$(id)", "shell"),
  ]

  @Test("valid ids", arguments: valid)
  func validIDs(_ value: String) throws {
    #expect(SessionID.isValid(value))
    #expect(try SessionID(value).value == value)
  }

  @Test("invalid ids are refused as bad input", arguments: invalid)
  func invalidIDs(_ value: String, _ why: String) {
    #expect(!SessionID.isValid(value), "\(why)")
    let error = expectError(.badInput, "\(why)") { _ = try SessionID(value, source: "TEST_SOURCE") }
    #expect(error?.message.contains("TEST_SOURCE") == true)
    // The message quotes the id as JSON, so no newline or escape reaches the terminal raw.
    #expect(error?.message.contains("\n") == false)
    #expect(error?.message.contains("\u{1B}") == false)
  }

  @Test("an overlong id is shown shortened in the error")
  func overlongMessage() {
    let error = expectError(.badInput) { _ = try SessionID(String(repeating: "y", count: 5000)) }
    #expect((error?.message.count ?? .max) < 400)
  }

  @Test("ids order by their text")
  func ordering() {
    #expect(session("a") < session("b"))
    #expect(!(session("b") < session("a")))
    #expect(session("claude:1").description == "claude:1")
  }

  // MARK: Resolution

  struct Resolution: Sendable, CustomTestStringConvertible {
    var flag: String?
    var environment: [String: String]
    var id: String?
    var source: SessionSource

    var testDescription: String {
      "flag \(flag ?? "-") env \(environment.sorted { $0.key < $1.key }) → \(id ?? "none") from \(source)"
    }
  }

  static let resolutions: [Resolution] = [
    Resolution(
      flag: "f",
      environment: [
        "LEDGER_SESSION": "l", "CLAUDE_CODE_SESSION_ID": "c",
        "CODEX_THREAD_ID": "x",
      ], id: "f", source: .flag),
    Resolution(
      flag: nil,
      environment: [
        "LEDGER_SESSION": "l", "CLAUDE_CODE_SESSION_ID": "c",
        "CODEX_THREAD_ID": "x",
      ], id: "l", source: .ledgerSession),
    Resolution(
      flag: nil, environment: ["CLAUDE_CODE_SESSION_ID": "c", "CODEX_THREAD_ID": "x"],
      id: "claude:c", source: .claude),
    Resolution(flag: nil, environment: ["CODEX_THREAD_ID": "x"], id: "codex:x", source: .codex),
    Resolution(flag: nil, environment: [:], id: nil, source: .none),
    Resolution(flag: nil, environment: ["HOME": "/root", "USER": "me"], id: nil, source: .none),
    // Empty values count as unset.
    Resolution(
      flag: nil, environment: ["LEDGER_SESSION": "", "CLAUDE_CODE_SESSION_ID": "c"],
      id: "claude:c", source: .claude),
    Resolution(
      flag: nil,
      environment: ["LEDGER_SESSION": "", "CLAUDE_CODE_SESSION_ID": "", "CODEX_THREAD_ID": "x"],
      id: "codex:x", source: .codex),
    Resolution(
      flag: nil,
      environment: ["LEDGER_SESSION": "", "CLAUDE_CODE_SESSION_ID": "", "CODEX_THREAD_ID": ""],
      id: nil, source: .none),
    // The prefix counts towards the 128 characters.
    Resolution(
      flag: nil, environment: ["CLAUDE_CODE_SESSION_ID": String(repeating: "c", count: 121)],
      id: "claude:" + String(repeating: "c", count: 121), source: .claude),
    // The prefix makes an id that would start with "-" valid.
    Resolution(
      flag: nil, environment: ["CODEX_THREAD_ID": "-x"], id: "codex:-x", source: .codex),
  ]

  @Test("resolution order: flag, LEDGER_SESSION, Claude, Codex, none", arguments: resolutions)
  func resolution(_ r: Resolution) throws {
    let resolved = try SessionResolver.resolve(flag: r.flag, environment: r.environment)
    #expect(resolved.id?.value == r.id)
    #expect(resolved.source == r.source)
  }

  struct BadResolution: Sendable, CustomTestStringConvertible {
    var flag: String?
    var environment: [String: String]
    var named: String
    var testDescription: String {
      "flag \(flag ?? "-") env \(environment) is refused naming \(named)"
    }
  }

  static let badResolutions: [BadResolution] = [
    // An invalid value is an error, even when a later rule would have given a valid id.
    BadResolution(
      flag: nil, environment: ["LEDGER_SESSION": "bad id", "CLAUDE_CODE_SESSION_ID": "ok"],
      named: "LEDGER_SESSION"),
    BadResolution(
      flag: nil, environment: ["LEDGER_SESSION": "x\n", "CODEX_THREAD_ID": "ok"],
      named: "LEDGER_SESSION"),
    BadResolution(
      flag: nil, environment: ["CLAUDE_CODE_SESSION_ID": "a b", "CODEX_THREAD_ID": "ok"],
      named: "CLAUDE_CODE_SESSION_ID"),
    BadResolution(
      flag: nil, environment: ["CLAUDE_CODE_SESSION_ID": String(repeating: "c", count: 122)],
      named: "CLAUDE_CODE_SESSION_ID"),
    BadResolution(
      flag: nil, environment: ["CODEX_THREAD_ID": "t\u{85}"], named: "CODEX_THREAD_ID"),
    BadResolution(flag: "-x", environment: ["LEDGER_SESSION": "ok"], named: "--session"),
    BadResolution(flag: "", environment: ["LEDGER_SESSION": "ok"], named: "--session"),
    BadResolution(flag: "a\nb", environment: [:], named: "--session"),
  ]

  @Test("an invalid value is bad input, never skipped", arguments: badResolutions)
  func badResolution(_ r: BadResolution) {
    let error = expectError(.badInput) {
      _ = try SessionResolver.resolve(flag: r.flag, environment: r.environment)
    }
    #expect(error?.message.contains(r.named) == true, "\(String(describing: error))")
  }

  @Test("the missing-session error is bad input and names the command")
  func noSession() {
    let error = LedgerError.noSession(for: "claim")
    #expect(error.code == .badInput)
    #expect(error.message.contains("ledger claim"))
    #expect(error.hint?.contains("LEDGER_SESSION") == true)
  }
}
