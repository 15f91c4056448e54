/// The git configuration as the running git sees it, including `git -c` overrides (read with
/// `git config -z --get-regexp`, which honours `GIT_CONFIG_PARAMETERS` and worktree config).
public struct GitConfig: Sendable, Equatable {
  /// Every value of each (lower-cased) key, in the order git reports them; the last one wins.
  public var values: [String: [String?]]
  /// Every key in the order git reported it (for aliases such as core.commentChar and
  /// core.commentString, where the one set last wins).
  public var order: [String] = []

  /// The keys AgentLedger reads (and the include directives, which `RepositoryCache` must see).
  public static let pattern =
    "^(ledger\\..*|core\\.ignorecase|core\\.commentchar|core\\.commentstring|core\\.hookspath|commit\\.cleanup|trailer\\..*|hook\\..*|include\\..*|includeif\\..*)$"

  /// A configuration from explicit values.
  public init(values: [String: [String?]] = [:]) { self.values = values }

  /// A configuration from `(key, value)` entries in the order git reports them.
  public init(entries: [(String, String?)]) {
    var values: [String: [String?]] = [:]
    var order: [String] = []
    for (key, value) in entries {
      values[key.lowercased(), default: []].append(value)
      order.append(key.lowercased())
    }
    self.values = values
    self.order = order
  }

  /// Every entry in the order git reported it.
  public var entries: [(key: String, value: String?)] {
    var seen: [String: Int] = [:]
    return order.map { key in
      let index = seen[key, default: 0]
      seen[key] = index + 1
      let all = values[key] ?? []
      return (key, index < all.count ? all[index] : nil)
    }
  }

  /// Parses `git config -z --get-regexp` output: `key\nvalue\0`, or `key\0` for a key with no
  /// value.
  public init(parsing bytes: [UInt8]) {
    var entries: [(String, String?)] = []
    for field in Git.fields(bytes) where !field.isEmpty {
      if let newline = field.firstIndex(of: "\n") {
        entries.append((String(field[..<newline]), String(field[field.index(after: newline)...])))
      } else {
        entries.append((field, nil))
      }
    }
    self.init(entries: entries)
  }

  /// The command that reads the configuration.
  public static func command(_ git: Git) -> Command {
    git.command(GitCommands.config(matching: pattern))
  }

  /// Interprets the result of `command(_:)`: exit 1 means no key matched.
  public init(result: ProcessResult) throws(LedgerError) {
    guard result.status == 0 || result.status == 1 else {
      throw .gitFailed(GitCommands.config(matching: GitConfig.pattern), result)
    }
    self.init(parsing: result.output)
  }

  /// The last value of `key` (`""` for a key with no value), or `nil` when unset.
  public func string(_ key: String) -> String? {
    guard let last = values[key.lowercased()]?.last else { return nil }
    return last ?? ""
  }

  /// The value of whichever of `keys` git reported last (aliases of one setting).
  public func lastOf(_ keys: [String]) -> String? {
    let lowered = keys.map { $0.lowercased() }
    guard let key = order.last(where: { lowered.contains($0) }) else { return nil }
    return string(key)
  }

  /// True when the key is present.
  public func has(_ key: String) -> Bool { values[key.lowercased()] != nil }

  /// A boolean the way git reads one: true/yes/on/1 (or no value) and false/no/off/0/empty.
  public func bool(_ key: String) throws(LedgerError) -> Bool? {
    guard let entries = values[key.lowercased()], let last = entries.last else { return nil }
    guard let text = last else { return true }
    switch text.lowercased() {
    case "true", "yes", "on", "1": return true
    case "false", "no", "off", "0", "": return false
    default:
      if let number = Int(text) { return number != 0 }
      throw .badConfig(key, text, expected: "a boolean (true or false)")
    }
  }
}

extension LedgerError {
  static func badConfig(_ key: String, _ value: String, expected: String) -> LedgerError {
    LedgerError(
      .badInput, "git config \(key) is '\(value)', which is not \(expected)",
      hint:
        "Fix it with `git config \(key) <value>`, or remove it with `git config --unset \(key)`.")
  }
}

extension GitConfig {
  /// The entries as JSON pairs, in git's order (in hook notes and `RepositoryCache` entries).
  var json: JSONValue {
    .array(entries.map { .array([.string($0.key), .optional($0.value)]) })
  }

  /// A configuration read back from `json`.
  init?(json value: JSONValue) {
    guard let pairs = value.arrayValue else { return nil }
    self.init(
      entries: pairs.compactMap { entry -> (String, String?)? in
        guard let pair = entry.arrayValue, pair.count == 2, let key = pair[0].stringValue
        else { return nil }
        return (key, pair[1].stringValue)
      })
  }
}
