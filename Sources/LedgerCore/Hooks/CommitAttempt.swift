/// The note the hooks of one commit attempt leave each other, named by the attempt's identity
/// (`CommitAttemptIdentity`: the git process that runs them, as the mounted `/proc` shows it): whether pre-commit ran (if not, `--no-verify` was used and
/// prepare-commit-msg checks instead), whether the commit replays work, any override, the
/// untouched template text commit-msg compares against — and the repository layout and
/// configuration pre-commit read, so the later hooks of the commit need not ask git again.
/// post-commit removes it.
///
/// Notes live in a private per-user folder (`$XDG_RUNTIME_DIR/agentledger`, else
/// `$TMPDIR/agentledger-UID`, mode 0700, checked to be the user's own), not in the repository:
/// a later hook must find its note before it knows where the repository is.
struct CommitAttempt {
  var preCommitRan = false
  var replay = false
  var overrideReason: String?
  var overridden: [String] = []
  var pristineTemplate: String?
  /// The claims file as pre-commit's check read it (`FileSystem.fingerprint`): a change since
  /// (a claim made while the editor was open) means the commit may take in claimed work.
  var claimsRead: String?
  /// The repository as pre-commit found it.
  var repository: Repository?
  /// The configuration as pre-commit read it (`git config -z` entries, in order).
  var config: GitConfig?
  /// pre-commit's decision when it was made beside git (`ConcurrentCheck`): the exit code and
  /// what pre-commit would have printed; prepare-commit-msg acts on it.
  var check: (code: Int32, report: String)?

  /// Where the note of one commit attempt lives.
  struct Location {
    let path: String
    /// The attempt the note belongs to.
    let identity: CommitAttemptIdentity

    /// The note of `identity`, or `nil` when there is no identity or no private folder.
    init?(environment: [String: String], identity: CommitAttemptIdentity?) {
      guard let identity, let directory = CommitAttempt.attemptsDirectory(environment) else {
        return nil
      }
      self.identity = identity
      path = FileSystem.join(directory, identity.name + ".json")
    }

    /// The note, when there is one and it was left in `directory` (the folder git runs the
    /// hooks in: the work tree's top); a note that names another folder is no proof of anything.
    func load(directory: String) -> CommitAttempt? {
      guard let bytes = try? FileSystem.read(path), let value = try? JSONParser.parse(bytes),
        value["directory"]?.stringValue == directory
      else { return nil }
      var attempt = CommitAttempt()
      attempt.preCommitRan = value["preCommit"]?.boolValue ?? false
      attempt.replay = value["replay"]?.boolValue ?? false
      attempt.overrideReason = value["override"]?.stringValue
      attempt.overridden = value["overridden"]?.arrayValue?.compactMap(\.stringValue) ?? []
      attempt.pristineTemplate = value["template"]?.stringValue
      attempt.claimsRead = value["claimsRead"]?.stringValue
      attempt.repository = value["repository"].flatMap(Repository.init(json:))
      attempt.config = value["config"].flatMap(GitConfig.init(json:))
      if let check = value["check"], let code = check["code"]?.integerValue,
        let report = check["report"]?.stringValue
      {
        attempt.check = (Int32(truncatingIfNeeded: code), report)
      }
      return attempt
    }

    func save(_ attempt: CommitAttempt, directory: String) throws(SystemError) {
      var members: [(key: String, value: JSONValue)] = [
        ("directory", .string(directory)),
        ("preCommit", .bool(attempt.preCommitRan)),
        ("replay", .bool(attempt.replay)),
        ("override", .optional(attempt.overrideReason)),
        ("overridden", .array(attempt.overridden.map { .string($0) })),
        ("template", .optional(attempt.pristineTemplate)),
        ("claimsRead", .optional(attempt.claimsRead)),
      ]
      if let repository = attempt.repository { members.append(("repository", repository.json)) }
      if let config = attempt.config { members.append(("config", config.json)) }
      if let check = attempt.check {
        members.append(
          (
            "check",
            .object([("code", .integer(Int64(check.code))), ("report", .string(check.report))])
          ))
      }
      try FileSystem.writeAtomically(
        path, Array(JSONWriter.compact(.object(members)).utf8), mode: 0o600, durable: false)
    }

    func remove() {
      try? FileSystem.remove(path)
      try? FileSystem.remove(path + ".check")
    }

    /// The note's file name (what `LEDGER_NOTE` carries).
    var name: String { FileSystem.baseName(of: path) }
  }

  /// The private per-user folder (`PrivateFolder`).
  static func directory(_ environment: [String: String]) -> String? {
    PrivateFolder.path(environment)
  }

  /// The notes' own folder inside the private one, created on first use: pre-commit lists it
  /// on every commit (`pruneEnded`), so it holds only live attempts' notes — not the
  /// `RepositoryCache` entries beside it, of which a busy machine keeps thousands.
  static func attemptsDirectory(_ environment: [String: String]) -> String? {
    guard let parent = directory(environment) else { return nil }
    let path = FileSystem.join(parent, "attempts")
    // Inside the user's own 0700 folder, nobody else can have made it.
    if mkdir(path, 0o700) != 0 && errno != EEXIST { return nil }
    return path
  }

  /// Removes what ended attempts left: an attempt aborted after pre-commit (an empty message, a
  /// failing commit-msg hook) leaves its note, and perhaps its check's lock, behind. Only notes
  /// of git processes that this process's `/proc` shows have ended are removed (a name is read,
  /// a `/proc` file per note); `current` is kept. `prune` removes the rest after a day.
  static func pruneEnded(_ environment: [String: String], keeping current: CommitAttemptIdentity?) {
    guard let directory = attemptsDirectory(environment),
      let names = try? FileSystem.contents(of: directory)
    else { return }
    let procDevice = ProcessFacts.procDevice()
    for name in names where name.hasPrefix("commit-") {
      if let identity = CommitAttemptIdentity(name: name), identity != current,
        identity.hasEnded(procDevice: procDevice)
      {
        try? FileSystem.remove(FileSystem.join(directory, name))
      }
    }
  }

  /// Removes notes older than a day (left by attempts in another sandbox's `/proc`, or by an
  /// older version) and cache entries not rewritten for a day.
  static func prune(_ environment: [String: String], now: Timestamp) {
    // `commit-…` notes and the `.check` locks of concurrent checks (in `attempts/`; at the top
    // from versions before it), and `RepositoryCache` entries (rewritten whenever they no
    // longer hold).
    for directory in [directory(environment), attemptsDirectory(environment)].compactMap({ $0 }) {
      guard let names = try? FileSystem.contents(of: directory) else { continue }
      for name in names where name.hasPrefix("commit-") || name.hasPrefix("repo-") {
        let path = FileSystem.join(directory, name)
        if let modified = FileSystem.modificationTime(of: path), modified < now.seconds - 86400 {
          try? FileSystem.remove(path)
        }
      }
    }
  }
}
