/// Wires AgentLedger's hooks into one repository, or out of it again.
///
/// It installs where git looks (`git rev-parse --git-path hooks`: `core.hooksPath` and linked
/// worktrees honoured), keeps any hook already there (renamed `HOOK.pre-ledger` and chained by
/// the shim), changes nothing on a second run, and only ever replaces or removes files carrying
/// the shim's marker. A global or `/dev/null` `core.hooksPath` is refused unless `force`; husky
/// and lefthook, which own the hooks folder, are refused with the exact step to take instead.
public struct HookInstaller: Sendable {
  /// Runs git in the repository being wired.
  public var git: Git
  /// The `ledger-hook` the shims run.
  public var hookBinary: String
  /// Install despite a global or `/dev/null` `core.hooksPath`, or a lefthook configuration.
  public var force: Bool
  /// Register in the user's global configuration (every repository) instead of this one.
  public var global = false
  /// Write hook files even where git runs config-based hooks (commits also made by an older git).
  public var files = false

  /// Creates an installer.
  public init(git: Git, hookBinary: String, force: Bool) {
    self.git = git
    self.hookBinary = hookBinary
    self.force = force
  }

  /// What was done, for the report.
  public struct Report: Sendable, Equatable {
    /// The folder the hooks are in.
    public var hooksDirectory: String
    /// One line per change (or "unchanged").
    public var actions: [String] = []
    /// Things the user should know.
    public var notes: [String] = []
  }

  /// What git says about the repository's hooks.
  struct Layout {
    var commonDirectory: String
    var hooksDirectory: String
    var workTree: String?
    var hooksPath: [(scope: String, value: String)]
  }

  func layout() throws(LedgerError) -> Layout {
    let results = try git.runAll([
      git.command([
        "rev-parse", "--path-format=absolute", "--git-common-dir", "--git-path", "hooks",
      ]),
      git.command(["rev-parse", "--show-toplevel"]),
      git.command(["config", "--show-scope", "-z", "--get-all", "core.hooksPath"]),
    ])
    guard results[0].status == 0 else {
      throw LedgerError(
        .environment, "\(git.context.currentDirectory) is not in a git repository",
        hint: "Pass the path of a repository: `ledger install PATH`.")
    }
    let lines = results[0].outputText.split(separator: "\n").map(String.init)
    guard lines.count >= 2 else {
      throw .gitFailed(["rev-parse", "--git-path", "hooks"], results[0])
    }
    var hooksPath: [(String, String)] = []
    let fields = Git.fields(results[2].output)
    var index = 0
    while index + 1 < fields.count {
      // --show-scope -z prints SCOPE\0VALUE\0.
      hooksPath.append((fields[index], fields[index + 1]))
      index += 2
    }
    let top =
      results[1].status == 0
      ? results[1].outputText.split(separator: "\n").first.map(String.init) : nil
    return Layout(
      commonDirectory: lines[0], hooksDirectory: lines[1], workTree: top, hooksPath: hooksPath)
  }

  /// The record of changes to the configuration that `uninstall` must undo.
  struct InstallRecord {
    var setHooksPath: Bool
    var previousHooksPath: String?

    static func path(_ layout: Layout) -> String {
      FileSystem.join(FileSystem.join(layout.commonDirectory, "ledger"), "install.json")
    }
  }

  /// Installs the hooks.
  public func install() throws(LedgerError) -> Report {
    // git ≥ 2.54 runs hooks registered in config: no hook file at all (ConfigHooks).
    if let report = try installIntoConfig() { return report }
    var layout = try layout()
    var report = Report(hooksDirectory: layout.hooksDirectory)
    var chainFrom: String?
    if let effective = layout.hooksPath.last {
      let value = effective.value
      if value.contains(".husky") {
        throw .husky(hooksPath: value)
      }
      let external = !["local", "worktree"].contains(effective.scope)
      let disabled =
        value == "/dev/null"
        || FileSystem.resolvedKind(of: layout.hooksDirectory).map { $0 != .directory } ?? false
      if external || disabled {
        guard force else {
          throw .hooksPathRefused(scope: effective.scope, value: value, disabled: disabled)
        }
        // Install into the repository's own hooks folder and point this repository at it,
        // chaining the hooks of the folder it replaces.
        let own = FileSystem.join(layout.commonDirectory, "hooks")
        let previousLocal = layout.hooksPath.last(where: { $0.scope == "local" })?.value
        _ = try git.output(["config", "--local", "core.hooksPath", own])
        try saveRecord(InstallRecord(setHooksPath: true, previousHooksPath: previousLocal), layout)
        if !disabled { chainFrom = layout.hooksDirectory }
        report.notes.append(
          "core.hooksPath was \(value) (\(effective.scope)); this repository now uses \(own) (`ledger uninstall` restores it)."
        )
        layout.hooksDirectory = own
        report.hooksDirectory = own
      } else if let top = layout.workTree, layout.hooksDirectory.hasPrefix(top + "/") {
        report.notes.append(
          "core.hooksPath \(value) is inside the work tree: commit the shims or ignore them, and note that each linked worktree resolves a relative hooks path against its own top."
        )
      }
    }
    try refuseLefthook(layout)
    do {
      try FileSystem.createDirectory(layout.hooksDirectory)
    } catch {
      throw .system(error, hint: "The hooks folder must be writable.")
    }
    for hook in HookRunner.hookNames {
      let path = FileSystem.join(layout.hooksDirectory, hook)
      let chained = path + HookShim.chainedSuffix
      let shim = HookShim.render(hook: hook, hookBinary: hookBinary)
      do {
        if FileSystem.exists(path) {
          let existing = String(decoding: (try? FileSystem.read(path)) ?? [], as: UTF8.self)
          if HookShim.isShim(existing) {
            if existing == shim && FileSystem.isExecutable(path) {
              report.actions.append("\(hook): unchanged")
              continue
            }
            try FileSystem.writeAtomically(path, Array(shim.utf8), mode: 0o755)
            report.actions.append("\(hook): updated")
            continue
          }
          guard !FileSystem.exists(chained) else {
            throw LedgerError(
              .environment,
              "\(path) is not AgentLedger's, and \(chained) already exists, so it cannot be kept",
              hint: "Merge or remove one of them by hand, then run `ledger install` again.")
          }
          if existing.contains("pre-commit.com")
            || existing.contains("# ID: 138fd403232d2ddd5efb44317e38bf03")
          {
            report.notes.append(
              "\(hook): the pre-commit framework's hook keeps running, chained as \(hook)\(HookShim.chainedSuffix)."
            )
          }
          try FileSystem.move(path, to: chained)
          try FileSystem.writeAtomically(path, Array(shim.utf8), mode: 0o755)
          report.actions.append(
            "\(hook): installed; the hook that was there runs first, kept as \(hook)\(HookShim.chainedSuffix)"
          )
          continue
        }
        if let chainFrom {
          let foreign = FileSystem.join(chainFrom, hook)
          if FileSystem.isExecutable(foreign) && !FileSystem.exists(chained) {
            try FileSystem.createSymlink(chained, to: foreign)
          }
        }
        try FileSystem.writeAtomically(path, Array(shim.utf8), mode: 0o755)
        report.actions.append("\(hook): installed")
      } catch let error as LedgerError {
        throw error
      } catch let error as SystemError {
        throw .system(error)
      } catch {
        throw LedgerError(.environment, "cannot install \(hook): \(error)")
      }
    }
    if !FileSystem.isExecutable(hookBinary) {
      report.notes.append(
        "\(hookBinary) is not executable yet; until it is, the shims look for ledger-hook on PATH.")
    }
    // From here on every commit is recorded: what history holds now is never "unrecorded".
    try LedgerCreation.recordIfNew(
      LedgerStore(commonDirectory: layout.commonDirectory), git: git, now: git.context.now)
    return report
  }

  /// Removes the hooks (files and config registrations) and restores what they replaced.
  public func uninstall() throws(LedgerError) -> Report {
    if global { return try uninstallFromConfig() }
    var report = try uninstallFiles()
    report.actions += try ConfigHooks.unregister(git, scope: .local)
    return report
  }

  /// Removes AgentLedger's hook files and restores what they replaced.
  func uninstallFiles() throws(LedgerError) -> Report {
    let layout = try layout()
    let record = loadRecord(layout)
    let directories =
      record?.setHooksPath == true
      ? [FileSystem.join(layout.commonDirectory, "hooks")] : [layout.hooksDirectory]
    var report = Report(hooksDirectory: directories[0])
    for directory in directories {
      for hook in HookRunner.hookNames {
        let path = FileSystem.join(directory, hook)
        let chained = path + HookShim.chainedSuffix
        do {
          if FileSystem.exists(path) {
            let existing = String(decoding: (try? FileSystem.read(path)) ?? [], as: UTF8.self)
            guard HookShim.isShim(existing) else {
              report.actions.append("\(hook): not AgentLedger's; left alone")
              continue
            }
            try FileSystem.remove(path)
            report.actions.append("\(hook): removed")
          }
          if FileSystem.kind(of: chained) != nil {
            if record?.setHooksPath == true, FileSystem.kind(of: chained) == .symlink {
              try FileSystem.remove(chained)
            } else {
              try FileSystem.move(chained, to: path)
              report.actions.append("\(hook): restored the hook it had replaced")
            }
          }
        } catch {
          throw .system(error)
        }
      }
    }
    if let record, record.setHooksPath {
      if let previous = record.previousHooksPath {
        _ = try git.output(["config", "--local", "core.hooksPath", previous])
      } else {
        _ = try git.run(["config", "--local", "--unset", "core.hooksPath"])
      }
      try? FileSystem.remove(InstallRecord.path(layout))
      report.notes.append("core.hooksPath restored.")
    }
    return report
  }

  private func refuseLefthook(_ layout: Layout) throws(LedgerError) {
    guard !force else { return }
    let configs = [
      "lefthook.yml", ".lefthook.yml", "lefthook.yaml", ".lefthook.yaml", "lefthook.json",
      "lefthook.toml",
    ]
    let inTree =
      layout.workTree.map { top in
        configs.contains { FileSystem.exists(FileSystem.join(top, $0)) }
      } ?? false
    let inHooks = HookRunner.hookNames.contains { hook in
      let text = String(
        decoding: (try? FileSystem.read(FileSystem.join(layout.hooksDirectory, hook))) ?? [],
        as: UTF8.self)
      return text.contains("LEFTHOOK") && !HookShim.isShim(text)
    }
    if inTree || inHooks { throw .lefthook(hookBinary: hookBinary) }
  }

  private func saveRecord(_ record: InstallRecord, _ layout: Layout) throws(LedgerError) {
    let path = InstallRecord.path(layout)
    let value = JSONValue.object([
      ("setHooksPath", .bool(record.setHooksPath)),
      ("previousHooksPath", .optional(record.previousHooksPath)),
    ])
    do {
      try FileSystem.createDirectory(FileSystem.directoryName(of: path))
      try FileSystem.writeAtomically(path, Array(JSONWriter.pretty(value).utf8))
    } catch {
      throw .system(error)
    }
  }

  private func loadRecord(_ layout: Layout) -> InstallRecord? {
    guard let bytes = try? FileSystem.read(InstallRecord.path(layout)),
      let value = try? JSONParser.parse(bytes)
    else { return nil }
    return InstallRecord(
      setHooksPath: value["setHooksPath"]?.boolValue ?? false,
      previousHooksPath: value["previousHooksPath"]?.stringValue)
  }
}

extension LedgerError {
  static func hooksPathRefused(scope: String, value: String, disabled: Bool) -> LedgerError {
    if disabled {
      return LedgerError(
        .environment,
        "core.hooksPath is \(value) (\(scope) config), which turns every hook off, so AgentLedger's hooks would never run",
        hint:
          "If hooks were turned off on purpose, leave it. Otherwise `ledger install --force` points this repository at its own hooks folder (`ledger uninstall` restores the setting)."
      )
    }
    return LedgerError(
      .environment,
      "core.hooksPath is set in your \(scope) config to \(value): installing there would change the hooks of every repository",
      hint:
        "`ledger install --force` gives this repository its own hooks folder (a local core.hooksPath) and keeps running the hooks from \(value) through the shims; `ledger uninstall` restores it."
    )
  }

  static func husky(hooksPath: String) -> LedgerError {
    let lines = HookRunner.hookNames.map { "  echo 'ledger-hook \($0) \"$@\"' >> .husky/\($0)" }
    return LedgerError(
      .environment,
      "this repository's hooks are managed by husky (core.hooksPath=\(hooksPath)), which rewrites that folder",
      hint: (["Add AgentLedger to husky's scripts instead, one line each:"] + lines).joined(
        separator: "\n"))
  }

  static func lefthook(hookBinary: String) -> LedgerError {
    LedgerError(
      .environment,
      "this repository uses lefthook, which replaces the hooks folder's files (and renames prepare-commit-msg)",
      hint: """
        Add AgentLedger to lefthook.yml instead, then run `lefthook install`:
          pre-commit:         { commands: { agentledger: { run: ledger-hook pre-commit } } }
          prepare-commit-msg: { commands: { agentledger: { run: 'ledger-hook prepare-commit-msg {1} {2} {3}' } } }
          commit-msg:         { commands: { agentledger: { run: 'ledger-hook commit-msg {1}' } } }
          post-commit:        { commands: { agentledger: { run: ledger-hook post-commit } } }
          pre-merge-commit:   { commands: { agentledger: { run: ledger-hook pre-merge-commit } } }
          post-merge:         { commands: { agentledger: { run: 'ledger-hook post-merge {1}' } } }
          pre-applypatch:     { commands: { agentledger: { run: ledger-hook pre-applypatch } } }
          post-applypatch:    { commands: { agentledger: { run: ledger-hook post-applypatch } } }
          post-rewrite:       { commands: { agentledger: { run: 'ledger-hook post-rewrite {1}', use_stdin: true } } }
        Or install alongside it anyway with `ledger install --force`.
        """)
  }
}
