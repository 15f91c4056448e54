/// `ledger/created.json`: the point the ledger began, which reconciliation counts from. It holds
/// the time and every object a ref or `HEAD` pointed at then (the *tips*): what those reach was
/// history before the ledger and is never reported as unrecorded.
///
/// It is written once, by whoever creates the ledger while nothing is logged yet (`ledger
/// install`, the first `ledger claim`), and never rewritten. A ledger without it (made by an
/// older version, or first written by a hook) counts from its first log event's time instead.
public struct LedgerCreation: Sendable, Equatable {
  /// When the ledger was created.
  public var time: Timestamp
  /// The objects every ref and `HEAD` pointed at then (tags peeled too), full hex ids.
  public var tips: [String]

  /// Creates a creation point.
  public init(time: Timestamp, tips: [String]) {
    self.time = time
    self.tips = tips
  }

  /// The file of `store`.
  public static func path(_ store: LedgerStore) -> String {
    FileSystem.join(store.directory, "created.json")
  }

  /// The recorded creation point, or `nil` when there is none (or it cannot be read: then the
  /// log's first event stands in, which can only report more, never less).
  public static func load(_ store: LedgerStore) -> LedgerCreation? {
    guard let bytes = try? FileSystem.readIfPresent(path(store)),
      let value = try? JSONParser.parse(bytes), value["version"]?.integerValue == 1,
      let time = value["time"]?.stringValue.flatMap(Timestamp.init(parsing:)),
      let tips = value["tips"]?.arrayValue
    else { return nil }
    return LedgerCreation(
      time: time, tips: tips.compactMap { $0.stringValue }.filter(ObjectID.isFull))
  }

  /// Records the creation point now, when the ledger has none and has logged nothing yet (a
  /// ledger with events began at its first event; recording today's tips for it would hide
  /// what was committed unrecorded since). Returns true when it wrote the file.
  @discardableResult
  public static func recordIfNew(_ store: LedgerStore, git: Git, now: Timestamp)
    throws(LedgerError) -> Bool
  {
    guard !FileSystem.exists(path(store)), !FileSystem.exists(store.log.path) else {
      return false
    }
    // `show-ref --head -d`: HEAD, every ref, and what annotated tags point at. Exit 1 with no
    // output is a repository without commits.
    let result = try git.run(GitCommands.tips)
    guard result.status == 0 || (result.status == 1 && result.output.isEmpty) else {
      throw .gitFailed(GitCommands.tips, result)
    }
    var seen = Set<String>()
    var tips: [String] = []
    for line in result.outputText.split(separator: "\n") {
      let id = String(line.prefix { $0 != " " })
      if ObjectID.isFull(id) && seen.insert(id).inserted { tips.append(id) }
    }
    let value = JSONValue.object([
      ("version", .integer(1)), ("time", .string(now.rfc3339)),
      ("tips", .array(tips.map { .string($0) })),
    ])
    do {
      try FileSystem.createDirectory(store.directory)
      try FileSystem.writeAtomically(path(store), Array((JSONWriter.compact(value) + "\n").utf8))
    } catch {
      throw .system(
        error, hint: "The ledger lives in the repository's git dir, which must be writable.")
    }
    return true
  }
}

/// Full object ids as git prints them.
enum ObjectID {
  /// True for a full SHA-1 (40) or SHA-256 (64) id in lowercase hex.
  static func isFull(_ text: String) -> Bool {
    (text.utf8.count == 40 || text.utf8.count == 64)
      && text.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }
  }
}
