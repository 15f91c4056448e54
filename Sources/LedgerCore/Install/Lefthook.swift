/// What AgentLedger knows of lefthook (2.x), which owns the hook files it installs: `lefthook
/// install` renames a hook it did not write to `HOOK.old` and never runs it, and its scripts run
/// the commands of its configuration (`lefthook.yml`, merged with the per-checkout, usually
/// ignored `lefthook-local.yml` and the files either `extends`).
///
/// AgentLedger joins it the way lefthook expects: its commands live in its own config file in
/// the git dir (`ledger/lefthook.yml`, written by `ledger install`), and the checkout's
/// `lefthook-local.yml` extends it with one marked line — a file no `lefthook install` rewrites
/// and no shared `lefthook.yml` needs to know of. Hooks lefthook has no script for yet keep
/// AgentLedger's shim; when lefthook takes them over (its scripts for every hook its merged
/// config names), it runs AgentLedger from the config instead.
public enum Lefthook {
  /// The marker on the lines AgentLedger adds to a lefthook config.
  public static let marker = "# agentledger-lefthook"

  /// The names lefthook reads its shared config from, at the top of the work tree.
  static let configNames = [
    "lefthook.yml", ".lefthook.yml", "lefthook.yaml", ".lefthook.yaml", "lefthook.json",
    "lefthook.toml", ".config/lefthook.yml", ".config/lefthook.yaml",
  ]
  /// The names of the per-checkout config lefthook merges over it.
  static let localConfigNames = [
    "lefthook-local.yml", ".lefthook-local.yml", "lefthook-local.yaml", ".lefthook-local.yaml",
    ".config/lefthook-local.yml", ".config/lefthook-local.yaml",
  ]

  /// True when `text` (a hook file's start) is lefthook's script.
  public static func isScript(_ text: String) -> Bool {
    !HookShim.isShim(text) && (text.contains("call_lefthook") || text.contains("LEFTHOOK"))
  }

  /// True when the work tree at `workTree` has a lefthook config.
  static func isConfigured(workTree: String) -> Bool {
    (configNames + localConfigNames).contains { FileSystem.exists(FileSystem.join(workTree, $0)) }
  }

  /// AgentLedger's own lefthook config, in the git dir.
  public static func ownConfig(commonDirectory: String) -> String {
    FileSystem.join(FileSystem.join(commonDirectory, "ledger"), "lefthook.yml")
  }

  /// The checkout's local config: the one that exists, else `lefthook-local.yml`.
  public static func localConfig(workTree: String) -> String {
    let name =
      localConfigNames.first { FileSystem.exists(FileSystem.join(workTree, $0)) }
      ?? localConfigNames[0]
    return FileSystem.join(workTree, name)
  }

  /// The text of AgentLedger's config running `hookBinary`. lefthook substitutes `{N}` with
  /// git's N-th argument as it is (no quoting) and leaves a missing one as the literal `{N}`:
  /// the arguments are single-quoted, and `ledger-hook` drops unfilled placeholders.
  static func renderConfig(hookBinary: String) -> String {
    var lines = [
      "\(marker): AgentLedger's hooks, written by `ledger install` and extended from the",
      "# checkout's lefthook-local.yml; `ledger uninstall` removes both.",
    ]
    let arguments: [String: String] = [
      "prepare-commit-msg": " '{1}' '{2}' '{3}'", "commit-msg": " '{1}'", "post-merge": " '{1}'",
      "post-rewrite": " '{1}'",
    ]
    for hook in HookRunner.hookNames {
      let command = "\(HookShim.shellWord(hookBinary)) \(hook)\(arguments[hook] ?? "")"
      let quoted = "\"" + command.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"") + "\""
      lines += [
        "\(hook):", "  commands:", "    agentledger:", "      run: \(quoted)",
      ]
      if HookRunner.inputHooks.contains(hook) { lines.append("      use_stdin: true") }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// True when lefthook, configured in `workTree`, runs AgentLedger's `hook`: the local config
  /// extends AgentLedger's, which names the hook, or a config runs `ledger-hook HOOK` itself.
  /// `texts` caches the files read (a few short reads per check).
  public static func runsLedger(
    hook: String, workTree: String, commonDirectory: String, texts: inout [String: String]
  ) -> Bool {
    func text(_ path: String) -> String {
      if let known = texts[path] { return known }
      let read =
        FileSystem.readPrefix(path, count: 16384).map { String(decoding: $0, as: UTF8.self) } ?? ""
      texts[path] = read
      return read
    }
    let own = ownConfig(commonDirectory: commonDirectory)
    if localConfigNames.contains(where: { text(FileSystem.join(workTree, $0)).contains(own) }),
      text(own).contains("\n\(hook):\n")
    {
      return true
    }
    return (configNames + localConfigNames).contains {
      text(FileSystem.join(workTree, $0)).contains("ledger-hook \(hook)")
    }
  }

  /// Writes AgentLedger's config and makes the local config extend it. Returns the actions.
  static func install(
    workTree: String, commonDirectory: String, hookBinary: String
  ) throws(LedgerError) -> [String] {
    func io<T>(_ body: () throws(SystemError) -> T) throws(LedgerError) -> T {
      do { return try body() } catch { throw .system(error) }
    }
    var actions: [String] = []
    let own = ownConfig(commonDirectory: commonDirectory)
    let rendered = renderConfig(hookBinary: hookBinary)
    let existing = try io { () throws(SystemError) in try FileSystem.readIfPresent(own) }
    if existing.map({ String(decoding: $0, as: UTF8.self) }) != rendered {
      try io { () throws(SystemError) in
        try FileSystem.createDirectory(FileSystem.directoryName(of: own))
        try FileSystem.writeAtomically(own, Array(rendered.utf8))
      }
      actions.append("lefthook: wrote AgentLedger's commands to \(own)")
    }
    let local = localConfig(workTree: workTree)
    let bytes = try io { () throws(SystemError) in try FileSystem.readIfPresent(local) }
    let text = bytes.map { String(decoding: $0, as: UTF8.self) } ?? ""
    if text.contains(own) {
      actions.append("lefthook: \(local) already extends it")
      return actions
    }
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if lines.last == "" { lines.removeLast() }
    if let index = lines.firstIndex(where: { $0.hasPrefix("extends:") }) {
      let rest = lines[index].dropFirst("extends:".count).drop { $0 == " " || $0 == "\t" }
      guard rest.isEmpty || rest.hasPrefix("#") else {
        throw LedgerError(
          .environment,
          "\(local) has `extends:` on one line, which AgentLedger does not edit",
          hint:
            "Write its `extends:` as a list, one `- PATH` per line, or add `- \(own)` to it yourself; then run `ledger install` again."
        )
      }
      let next = lines.index(after: index)
      let indent =
        next < lines.count && lines[next].drop(while: { $0 == " " }).hasPrefix("- ")
        ? String(lines[next].prefix { $0 == " " }) : "  "
      lines.insert(indent + "- \(own) \(marker)", at: next)
    } else {
      lines += ["extends: \(marker)", "  - \(own) \(marker)"]
    }
    try io { () throws(SystemError) in
      try FileSystem.writeAtomically(local, Array((lines.joined(separator: "\n") + "\n").utf8))
      if bytes == nil {
        try excludeLocalConfig(local, workTree: workTree, commonDirectory: commonDirectory)
      }
    }
    actions.append(
      "lefthook: \(local) extends it (marked lines\(bytes == nil ? "; a new file, kept out of git status" : ""))"
    )
    return actions
  }

  /// Keeps a local config AgentLedger created out of `git status` (`info/exclude`).
  private static func excludeLocalConfig(
    _ local: String, workTree: String, commonDirectory: String
  ) throws(SystemError) {
    let exclude = FileSystem.join(FileSystem.join(commonDirectory, "info"), "exclude")
    let pattern = "/" + String(local.dropFirst(workTree.count + 1))
    let text = String(decoding: (try FileSystem.readIfPresent(exclude)) ?? [], as: UTF8.self)
    guard !text.contains(pattern + "\n") else { return }
    let added =
      (text.isEmpty || text.hasSuffix("\n") ? "" : "\n")
      + "\(marker): the local lefthook config `ledger install` created\n\(pattern)\n"
    try FileSystem.createDirectory(FileSystem.directoryName(of: exclude))
    try FileSystem.writeAtomically(exclude, Array((text + added).utf8))
  }

  /// Removes AgentLedger's lines from the local config (the file, when nothing else is left),
  /// its own config, and the `info/exclude` lines it added. Returns the actions.
  static func uninstall(workTrees: [String], commonDirectory: String) throws(SystemError)
    -> [String]
  {
    var actions: [String] = []
    let own = ownConfig(commonDirectory: commonDirectory)
    for workTree in workTrees {
      for name in localConfigNames {
        let local = FileSystem.join(workTree, name)
        guard let bytes = try FileSystem.readIfPresent(local) else { continue }
        let text = String(decoding: bytes, as: UTF8.self)
        guard text.contains(marker) else { continue }
        let kept = text.split(separator: "\n", omittingEmptySubsequences: false).filter {
          !$0.contains(marker)
        }
        if kept.allSatisfy({ $0.allSatisfy(\.isWhitespace) }) {
          try FileSystem.remove(local)
          actions.append("lefthook: removed \(local) (it held only AgentLedger's lines)")
        } else {
          try FileSystem.writeAtomically(local, Array(kept.joined(separator: "\n").utf8))
          actions.append("lefthook: removed AgentLedger's lines from \(local)")
        }
      }
    }
    do {
      let exclude = FileSystem.join(FileSystem.join(commonDirectory, "info"), "exclude")
      if let bytes = try FileSystem.readIfPresent(exclude) {
        var lines = String(decoding: bytes, as: UTF8.self).split(
          separator: "\n", omittingEmptySubsequences: false
        ).map(String.init)
        if let index = lines.firstIndex(where: { $0.hasPrefix(marker) }) {
          lines.removeSubrange(index..<min(index + 2, lines.count))
          try FileSystem.writeAtomically(exclude, Array(lines.joined(separator: "\n").utf8))
        }
      }
    }
    if FileSystem.exists(own) {
      try FileSystem.remove(own)
      actions.append("lefthook: removed \(own)")
    }
    return actions
  }
}
