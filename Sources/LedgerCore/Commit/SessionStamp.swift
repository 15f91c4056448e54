/// The session trailers a commit's message must carry when a session commits, computed the
/// same way by prepare-commit-msg (before any editor) and commit-msg (after it), so that every
/// way of writing a message ends with the same trailers.
///
/// The rule: a new commit carries exactly one session trailer, its own — one copied in from
/// elsewhere (`-m`, `-F`, `-c`/`-C`, a template) that names another session is dropped and a
/// repeated one collapsed. An amend keeps the session trailers of the commit it amends, in
/// their order, and adds its own once.
public struct SessionStamp: Sendable, Equatable {
  /// The trailer key (`ledger.trailer`).
  public let key: String
  /// The values the message must carry, each once, in order.
  public let sessions: [String]

  /// The stamp of a commit by `session`; `amended` is the session trailers of the commit it
  /// amends, or `nil` for a new commit.
  public init(key: String, session: String, amended: [String]?) {
    self.key = key
    var sessions: [String] = []
    for value in (amended ?? []) + [session] where !sessions.contains(value) {
      sessions.append(value)
    }
    self.sessions = sessions
  }

  /// Makes `message` carry exactly these trailers; true when it changed. See
  /// `CommitMessage.setTrailers` for where they go and how an empty message is treated.
  @discardableResult
  public func apply(to message: inout CommitMessage, editorWillOpen: Bool) -> Bool {
    message.setTrailers(key: key, values: sessions, editorWillOpen: editorWillOpen)
  }

  /// The `key` values of `message`'s trailers that are valid session ids, in order: the
  /// sessions of a commit whose message is at hand.
  public static func sessions(in message: CommitMessage, key: String) -> [String] {
    message.trailers.filter { $0.key.lowercased() == key.lowercased() }.map(\.value)
      .filter { SessionID.isValid($0) }
  }
}
