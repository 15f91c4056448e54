/// A validated session id: 1–128 characters of `[A-Za-z0-9._:@+-]`, starting with a letter or
/// digit. Validation is character by character, so no id can carry a newline or a second trailer
/// into a commit message.
///
/// A *sub-session* — a Claude Code subagent working inside a session — is `PARENT/AGENT`, two
/// such ids joined by one `/`: it conflicts with its siblings like any other session, its
/// parent may commit what it holds, and other sessions see the parent as the owner.
public struct SessionID: Sendable, Hashable, Comparable, CustomStringConvertible {
  /// The id's text.
  public let value: String

  /// The longest id accepted.
  public static let maximumLength = 128

  /// Validates `value`; `source` names where it came from for the error message.
  public init(_ value: String, source: String = "the session id") throws(LedgerError) {
    guard SessionID.isValid(value) else { throw .invalidSession(value, source: source) }
    self.value = value
  }

  /// Creates an id already known to be valid (read back from the ledger and checked there).
  init(trusted value: String) { self.value = value }

  /// The sub-session `agent` of `parent` (`PARENT/AGENT`).
  public init(parent: SessionID, agent: String, source: String) throws(LedgerError) {
    guard !parent.isSubSession, SessionID.isValidPart(agent) else {
      throw .invalidSession(agent, source: source)
    }
    value = parent.value + "/" + agent
  }

  /// True when `value` is a valid session id, as a person or an agent gives one.
  public static func isValid(_ value: String) -> Bool { isValidPart(value) }

  /// True when `value` is a session id as the ledger stores one: a session, or a sub-session
  /// (`PARENT/AGENT`, which only the agent hooks create).
  public static func isValidStored(_ value: String) -> Bool {
    let parts = value.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count <= 2 else { return false }
    return parts.allSatisfy { isValidPart(String($0)) }
  }

  /// True when this is a sub-session (`PARENT/AGENT`).
  public var isSubSession: Bool { value.contains("/") }

  /// The session a sub-session belongs to; the session itself otherwise.
  public var parent: SessionID {
    guard let slash = value.firstIndex(of: "/") else { return self }
    return SessionID(trusted: String(value[..<slash]))
  }

  /// The sub-session's own part (`AGENT`), or `nil`.
  public var agent: String? {
    guard let slash = value.firstIndex(of: "/") else { return nil }
    return String(value[value.index(after: slash)...])
  }

  /// True when this session may edit and commit what `holder` has claimed: its own claims,
  /// its sub-sessions' (a session commits its subagents' work) and its parent's (a subagent
  /// works on what its session delegated). Siblings — two sub-sessions of one session — and
  /// unrelated sessions may not.
  /// A sub-session's own shell commands that resolve to `codex:<agent>` (see `shellID`) count
  /// as that sub-session.
  public func mayUse(claimsOf holder: SessionID) -> Bool {
    holder == self || holder.parent == self || parent == holder || holder.shellID == self
      || shellID == holder
  }

  /// The session a sub-session's own shell commands resolve to, when its agent tells them
  /// apart from their parent's: a Codex subagent is a thread of its own, whose commands see
  /// `CODEX_THREAD_ID` = its thread id — the `agent_id` its hook payloads carry — so the
  /// sub-session `codex:S/T` commits as `codex:T`. A Claude Code subagent's Bash tool knows only
  /// its parent's session (`nil` here).
  public var shellID: SessionID? {
    guard let agent, value.hasPrefix("codex:"), SessionID.isValidPart("codex:" + agent) else {
      return nil
    }
    return SessionID(trusted: "codex:" + agent)
  }

  /// True when `value` is one part of a session id (no `/`).
  static func isValidPart(_ value: String) -> Bool {
    let bytes = Array(value.utf8)
    guard (1...maximumLength).contains(bytes.count), isAlphanumeric(bytes[0]) else { return false }
    return bytes.allSatisfy { byte in
      isAlphanumeric(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_")
        || byte == UInt8(ascii: ":") || byte == UInt8(ascii: "@") || byte == UInt8(ascii: "+")
        || byte == UInt8(ascii: "-")
    }
  }

  private static func isAlphanumeric(_ byte: UInt8) -> Bool {
    (48...57).contains(byte) || (65...90).contains(byte) || (97...122).contains(byte)
  }

  public var description: String { value }

  public static func < (lhs: SessionID, rhs: SessionID) -> Bool { lhs.value < rhs.value }
}

extension LedgerError {
  static func invalidSession(_ value: String, source: String) -> LedgerError {
    let shown = JSONWriter.quoted(value.count > 140 ? String(value.prefix(140)) + "…" : value)
    return LedgerError(
      .badInput,
      "\(source) \(shown) is not a valid session id",
      hint:
        "A session id is 1-128 characters of letters, digits and . _ : @ + -, starting with a letter or digit."
    )
  }
}
