/// The note the hooks of one commit leave each other in `ledger/run/`, keyed by the git process
/// that runs them (its pid and start time): whether pre-commit ran (if not, `--no-verify` was
/// used and prepare-commit-msg checks instead), whether the commit replays work, any override,
/// and the untouched template text commit-msg compares against. post-commit removes it.
struct CommitAttempt: Equatable {
  var preCommitRan = false
  var replay = false
  var overrideReason: String?
  var overridden: [String] = []
  var pristineTemplate: String?

  /// Where the note of one git process lives.
  struct Location {
    let path: String

    init(store: LedgerStore, gitProcessID: Int32) {
      let start = ProcessFacts.startTime(of: gitProcessID).map(String.init) ?? "0"
      path = FileSystem.join(store.runDirectory, "commit-\(gitProcessID)-\(start).json")
    }

    func load() -> CommitAttempt? {
      guard let bytes = try? FileSystem.read(path), let value = try? JSONParser.parse(bytes)
      else { return nil }
      var attempt = CommitAttempt()
      attempt.preCommitRan = value["preCommit"]?.boolValue ?? false
      attempt.replay = value["replay"]?.boolValue ?? false
      attempt.overrideReason = value["override"]?.stringValue
      attempt.overridden = value["overridden"]?.arrayValue?.compactMap(\.stringValue) ?? []
      attempt.pristineTemplate = value["template"]?.stringValue
      return attempt
    }

    func save(_ attempt: CommitAttempt) throws(SystemError) {
      try FileSystem.createDirectory(FileSystem.directoryName(of: path))
      let value = JSONValue.object([
        ("preCommit", .bool(attempt.preCommitRan)),
        ("replay", .bool(attempt.replay)),
        ("override", .optional(attempt.overrideReason)),
        ("overridden", .array(attempt.overridden.map { .string($0) })),
        ("template", .optional(attempt.pristineTemplate)),
      ])
      try FileSystem.writeAtomically(path, Array(JSONWriter.compact(value).utf8), durable: false)
    }

    func remove() { try? FileSystem.remove(path) }
  }

  /// Removes notes older than a day (left by commits that were aborted).
  static func prune(_ store: LedgerStore, now: Timestamp) {
    guard let names = try? FileSystem.contents(of: store.runDirectory) else { return }
    for name in names where name.hasPrefix("commit-") {
      let path = FileSystem.join(store.runDirectory, name)
      if let modified = FileSystem.modificationTime(of: path), modified < now.seconds - 86400 {
        try? FileSystem.remove(path)
      }
    }
  }
}
