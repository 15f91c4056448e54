/// What prepare-commit-msg and commit-msg both need to stamp a commit: the git command line,
/// read once, and from it the `SessionStamp` of the commit being made.
struct CommitStamp {
  /// The `git commit` command line, when the git process running the hooks is one.
  let commandLine: CommitCommandLine?
  /// True when the git process's command line could not be read at all.
  let commandLineUnknown: Bool

  /// Reads the command line of the git process running `setup`'s hook (a `/proc` read, no git
  /// process).
  init(_ setup: HookSetup) {
    let raw = ProcessFacts.commandLine(of: setup.gitProcessID)
    commandLineUnknown = raw == nil
    commandLine = raw.flatMap { CommitCommandLine($0) }
  }

  /// The commit whose message this one replaces (`HEAD` for `--amend`, REV for
  /// `--fixup=amend:REV`), or `nil` for a new commit. Where the command line cannot be read,
  /// git's own arguments decide: `commit HEAD` (prepare-commit-msg's `source` and `commit`)
  /// is taken for `--amend`, which keeps trailers rather than dropping them.
  func amendedRevision(source: String = "", commit: String = "") -> String? {
    if let commandLine { return commandLine.amendedRevision }
    return commandLineUnknown && source == "commit" && commit == "HEAD" ? "HEAD" : nil
  }

  /// The stamp of this commit, or `nil` when no session commits. When it replaces the
  /// message of `amended` (an amend), the sessions of that commit are kept: read from
  /// `amendedMessage` when the caller holds that message already, otherwise asked of git (one
  /// query, only when amending).
  func stamp(_ setup: HookSetup, amended: String?, amendedMessage: CommitMessage?)
    -> SessionStamp?
  {
    guard let session = setup.session else { return nil }
    let key = setup.settings.trailer
    var sessions: [String]?
    if let amended {
      if let amendedMessage {
        sessions = SessionStamp.sessions(in: amendedMessage, key: key)
      } else {
        sessions = CommitStamp.sessions(of: amended, setup)
      }
    }
    return SessionStamp(key: key, session: session.value, amended: sessions)
  }

  /// The session trailers of `revision`, as git reads them.
  static func sessions(of revision: String, _ setup: HookSetup) -> [String] {
    guard !revision.hasPrefix("-") else { return [] }
    let query = GitCommands.trailerValues(key: setup.settings.trailer, of: revision)
    guard let output = try? setup.git.output(query) else {
      return []
    }
    var sessions: [String] = []
    for line in String(decoding: output, as: UTF8.self).split(separator: "\n") {
      let value = String(line.trimmingSpaces())
      if SessionID.isValid(value) && !sessions.contains(value) { sessions.append(value) }
    }
    return sessions
  }
}
