/// Where the repository is and how it is configured, remembered between calls, so that a hook
/// or a `ledger` command in a repository it has seen asks git nothing for them (two git
/// processes, ≈4 ms of CPU and ≈2 ms of wall time each call).
///
/// An entry is keyed by the user, the caller's directory and every environment variable that
/// changes git's answer (`GIT_DIR`, `GIT_WORK_TREE`, `GIT_CONFIG_*`, `git -c`'s
/// `GIT_CONFIG_PARAMETERS`, `HOME`, `XDG_CONFIG_HOME`, …), and it is used only while the files
/// git's answer came from are what they were: the caller's directory, the work tree's `.git`,
/// the git and common dirs (same inode), and every config file git reads — system, global,
/// repository, worktree — with the same inode, size, modification and change time, or still
/// absent. A configuration with `include`/`includeIf` directives is never remembered: what it
/// reads is open-ended. Entries live in the private per-user folder of the hook notes;
/// `LEDGER_NO_CACHE=1` turns the cache off.
struct RepositoryCache {
  /// The entry's file.
  let path: String
  /// The key, stored in the entry and compared in full.
  let key: String
  let environment: [String: String]
  /// The caller's clock (`ProcessContext.now`): the racy rule compares file times with it.
  let now: @Sendable () -> Timestamp

  /// Environment variables that change what git reports for the layout or the configuration.
  static let keyVariables = [
    "GIT_DIR", "GIT_WORK_TREE", "GIT_COMMON_DIR", "GIT_CONFIG", "GIT_CONFIG_GLOBAL",
    "GIT_CONFIG_SYSTEM", "GIT_CONFIG_NOSYSTEM", "GIT_CONFIG_PARAMETERS", "GIT_CONFIG_COUNT",
    "GIT_CEILING_DIRECTORIES", "GIT_DISCOVERY_ACROSS_FILESYSTEM", "HOME", "XDG_CONFIG_HOME",
  ]

  /// The cache entry for this caller, or `nil` when there is no private folder or the cache
  /// is off.
  init?(_ context: ProcessContext) {
    let environment = context.environment
    guard environment["LEDGER_NO_CACHE"].map({ $0.isEmpty || $0 == "0" }) ?? true,
      environment["GIT_CONFIG"] == nil,
      let directory = PrivateFolder.path(environment)
    else { return nil }
    // The configuration query is part of the key: a new version asking for more keys does not
    // take an entry an older one wrote.
    var key = "v1\u{0}\(GitConfig.pattern)\u{0}\(getuid())\u{0}\(context.currentDirectory)"
    var names = Self.keyVariables
    names += environment.keys.filter {
      $0.hasPrefix("GIT_CONFIG_KEY_") || $0.hasPrefix("GIT_CONFIG_VALUE_")
    }.sorted()
    for name in names {
      key += "\u{0}\(name)=" + (environment[name].map { "+" + $0 } ?? "-")
    }
    self.key = key
    self.environment = environment
    now = context.clock
    path = FileSystem.join(directory, "repo-\(Self.hash(key)).json")
  }

  /// The remembered repository and configuration, if every file they came from is unchanged.
  func load() -> (repository: Repository, config: GitConfig)? {
    guard let bytes = try? FileSystem.read(path), let value = try? JSONParser.parse(bytes),
      value["key"]?.stringValue == key,
      let files = value["files"]?.arrayValue?.compactMap(\.stringValue),
      let stamp = value["stamp"]?.stringValue, Self.stamp(files) == stamp,
      let repository = value["repository"].flatMap(Repository.init(json:)),
      let config = value["config"].flatMap(GitConfig.init(json:))
    else { return nil }
    return (repository, config)
  }
  /// Remembers what git reported, unless the configuration includes other files.
  func save(_ repository: Repository, _ config: GitConfig) {
    guard !config.order.contains(where: { $0.hasPrefix("include.") || $0.hasPrefix("includeif.") })
    else { return }
    let files = sources(of: repository)
    // A file changed in this second or the last may have changed again after git read it,
    // within one tick of a coarse timestamp: remember nothing until things are quiet (git's
    // "racy" rule).
    let settled = now().seconds - 1
    for entry in files where !entry.hasPrefix("d:") {
      var info = stat()
      if lstat(entry, &info) == 0
        && Int64(
          max(Platform.modificationTime(info).tv_sec, Platform.changeTime(info).tv_sec))
          >= settled
      {
        return
      }
    }
    let members: [(key: String, value: JSONValue)] = [
      ("key", .string(key)),
      ("files", .array(files.map { .string($0) })),
      ("stamp", .string(Self.stamp(files))),
      ("repository", repository.json),
      ("config", config.json),
    ]
    try? FileSystem.writeAtomically(
      path, Array(JSONWriter.compact(.object(members)).utf8), mode: 0o600, durable: false)
  }

  /// The files git's answer depends on. A leading "d:" marks a directory, compared by identity
  /// only (git changes what is inside it all the time).
  func sources(of repository: Repository) -> [String] {
    let dotGit = FileSystem.join(repository.workTree, ".git")
    var files = [
      "d:" + FileSystem.join(repository.workTree, repository.prefix),
      (FileSystem.kind(of: dotGit) == .directory ? "d:" : "") + dotGit,
      "d:" + repository.gitDirectory, "d:" + repository.commonDirectory,
      FileSystem.join(repository.commonDirectory, "config"),
      FileSystem.join(repository.gitDirectory, "config.worktree"),
    ]
    if environment["GIT_CONFIG_NOSYSTEM"].map({ $0.isEmpty || $0 == "0" || $0 == "false" })
      ?? true
    {
      files.append(environment["GIT_CONFIG_SYSTEM"] ?? "/etc/gitconfig")
    }
    if let global = environment["GIT_CONFIG_GLOBAL"] {
      files.append(global)
    } else {
      let home = environment["HOME"] ?? ""
      let xdg =
        environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.config"
      files += [xdg + "/git/config", home + "/.gitconfig"]
    }
    return files
  }

  /// One line per file: its identity, and for a file also its size and times ("-" if absent).
  static func stamp(_ files: [String]) -> String {
    var text = ""
    for entry in files {
      let directory = entry.hasPrefix("d:")
      let path = directory ? String(entry.dropFirst(2)) : entry
      var info = stat()
      guard lstat(path, &info) == 0 else {
        text += "-\n"
        continue
      }
      text += "\(info.st_dev):\(info.st_ino):\(info.st_mode)"
      if !directory {
        let modified = Platform.modificationTime(info)
        let changed = Platform.changeTime(info)
        text +=
          ":\(info.st_size):\(modified.tv_sec).\(modified.tv_nsec):\(changed.tv_sec).\(changed.tv_nsec)"
      }
      text += "\n"
    }
    return text
  }

  /// 64-bit FNV-1a, in hex: a file name, not a security measure (the key is compared in full).
  static func hash(_ text: String) -> String {
    var value: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 {
      value ^= UInt64(byte)
      value = value &* 0x100_0000_01b3
    }
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: 16 - digits.count) + digits
  }
}
