/// Wires AgentLedger's hooks into one repository, or out of it again.
///
/// It installs where git looks (`git rev-parse --git-path hooks`: `core.hooksPath` and linked
/// worktrees honoured), keeps any hook already there (renamed `HOOK.pre-ledger` and chained by
/// the shim), changes nothing on a second run, and only ever replaces or removes files carrying
/// the shim's marker. A shared (`SharedHooksFolder`) or `/dev/null` `core.hooksPath` is
/// refused unless `force`; git-lfs's hooks are chained (`GitLFS`). Hook managers that own the
/// hook files get AgentLedger their way: husky in its scripts (`Husky`), lefthook in its config
/// (`Lefthook`), the pre-commit framework as the `HOOK.legacy` its script runs
/// (`PreCommitFramework`); `HookRoute` says where each hook leads.
public struct HookInstaller: Sendable {
  /// Runs git in the repository being wired.
  public var git: Git
  /// The `ledger-hook` the shims run.
  public var hookBinary: String
  /// Install despite a shared or `/dev/null` `core.hooksPath`.
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
      git.command(GitCommands.hooksLocation),
      git.command(GitCommands.topLevel),
      git.command(GitCommands.configAllWithScopes("core.hooksPath")),
    ])
    guard results[0].status == 0 else {
      throw LedgerError(
        .environment, "\(git.context.currentDirectory) is not in a git repository",
        hint: "Pass the path of a repository: `ledger install PATH`.")
    }
    let lines = results[0].outputText.split(separator: "\n").map(String.init)
    guard lines.count >= 2 else {
      throw .gitFailed(GitCommands.hooksLocation, results[0])
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
    /// The folder the hooks were installed in, when not the common dir's `hooks`.
    var ownDirectory: String? = nil
    /// The shared folder whose hooks `ownDirectory` links to.
    var sharedDirectory: String? = nil

    static func path(_ layout: Layout) -> String {
      FileSystem.join(FileSystem.join(layout.commonDirectory, "ledger"), "install.json")
    }
  }

  /// Installs the hooks.
  public func install() throws(LedgerError) -> Report {
    // git ≥ 2.54 runs hooks registered in config: no hook file at all (ConfigHooks).
    if let report = try installIntoConfig() { return report }
    var layout = try layout()
    if files { try ConfigHooks.rememberFiles(true, git) }
    var report = Report(hooksDirectory: layout.hooksDirectory)
    var chainFrom: String?
    if let effective = layout.hooksPath.last {
      let value = effective.value
      let disabled =
        value == "/dev/null"
        || FileSystem.resolvedKind(of: layout.hooksDirectory).map { $0 != .directory } ?? false
      let shared =
        !disabled
        && SharedHooksFolder.isShared(
          scope: effective.scope, hooksDirectory: layout.hooksDirectory,
          workTree: layout.workTree, commonDirectory: layout.commonDirectory)
      if shared || disabled {
        guard force else {
          throw .hooksPathRefused(scope: effective.scope, value: value, disabled: disabled)
        }
        // Install into a hooks folder of the repository's own and point this repository at
        // it; a shared folder is never written, and every hook of it keeps running through
        // links (SharedHooksFolder).
        let own =
          disabled
          ? FileSystem.join(layout.commonDirectory, "hooks")
          : SharedHooksFolder.ownDirectory(commonDirectory: layout.commonDirectory)
        let previousLocal = layout.hooksPath.last(where: { $0.scope == "local" })?.value
        _ = try git.output(GitCommands.setConfig("core.hooksPath", own, scope: "local"))
        try saveRecord(
          InstallRecord(
            setHooksPath: true, previousHooksPath: previousLocal, ownDirectory: own,
            sharedDirectory: disabled ? nil : layout.hooksDirectory), layout)
        if disabled {
          report.notes.append(
            "core.hooksPath was \(value) (\(effective.scope)); this repository now uses \(own) (`ledger uninstall` restores it)."
          )
        } else {
          chainFrom = layout.hooksDirectory
          do {
            try FileSystem.createDirectory(own)
            _ = try SharedHooksFolder.linkOthers(own: own, shared: layout.hooksDirectory)
          } catch {
            throw .system(error, hint: "The git dir must be writable.")
          }
          report.notes.append(
            "core.hooksPath was \(value) (\(effective.scope)), a folder other repositories may share, so it was left as it is; this repository now uses \(own), whose hooks run every hook of \(value) (those added later too). `ledger uninstall` restores the setting."
          )
        }
        layout.hooksDirectory = own
        report.hooksDirectory = own
      } else if let top = layout.workTree, layout.hooksDirectory.hasPrefix(top + "/"),
        !Husky.isRuntime(layout.hooksDirectory)
      {
        report.notes.append(
          "core.hooksPath \(value) is inside the work tree: commit the shims or ignore them, and note that each linked worktree resolves a relative hooks path against its own top."
        )
      }
    }
    if Husky.isRuntimeMissing(layout.hooksDirectory) {
      throw .huskyRuntimeMissing(layout.hooksDirectory)
    }
    do {
      try FileSystem.createDirectory(layout.hooksDirectory)
    } catch {
      throw .system(error, hint: "The hooks folder must be writable.")
    }
    // Managers that own the hook files get AgentLedger the way they expect (their scripts or
    // config); the other hooks get the shim, where the hook manager's script runs it.
    if Husky.isRuntime(layout.hooksDirectory) {
      do {
        report.actions += try Husky.install(
          hooksDirectory: layout.hooksDirectory, hookBinary: hookBinary)
      } catch {
        throw .system(error, hint: "husky's scripts folder must be writable.")
      }
      report.notes.append(
        "husky owns \(layout.hooksDirectory): AgentLedger runs from its scripts in \(Husky.scriptsDirectory(layout.hooksDirectory)) (commit them, or keep them local); `ledger uninstall` removes its lines."
      )
      try LedgerCreation.recordIfNew(
        LedgerStore(commonDirectory: layout.commonDirectory), git: git, now: git.context.now)
      return report
    }
    var texts: [String: String] = [:]
    let lefthook =
      layout.workTree.map { Lefthook.isConfigured(workTree: $0) } ?? false
      || HookRunner.hookNames.contains { hook in
        Lefthook.isScript(head(FileSystem.join(layout.hooksDirectory, hook)) ?? "")
      }
    if lefthook, let top = layout.workTree {
      report.actions += try Lefthook.install(
        workTree: top, commonDirectory: layout.commonDirectory, hookBinary: hookBinary)
    }
    for hook in HookRunner.hookNames {
      let hookPath = FileSystem.join(layout.hooksDirectory, hook)
      let hookHead = head(hookPath)
      let route = HookRoute.resolve(
        hook: hook, hooksDirectory: layout.hooksDirectory, head: hookHead, husky: false,
        workTree: layout.workTree, commonDirectory: layout.commonDirectory, texts: &texts)
      if case .manager(let manager, _, _) = route {
        try tidy(hook: hook, managedBy: manager, layout)
        report.actions.append("\(hook): \(manager) runs it from its config")
        continue
      }
      guard case .file(let path) = route else { continue }
      if path != hookPath {
        report.notes.append(
          "\(hook): the pre-commit framework's script runs AgentLedger's, kept as \(FileSystem.baseName(of: path)) (where `pre-commit install` keeps it)."
        )
      }
      try adoptForPreCommit(hook: hook, at: path, layout)
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
          if FileSystem.exists(chained),
            (try? FileSystem.read(chained)) == Array(existing.utf8)
          {
            // The tool wrote again the hook already chained (`git lfs install --force`, a
            // second `curl` of Gerrit's commit-msg): it keeps running from there.
            try FileSystem.writeAtomically(path, Array(shim.utf8), mode: 0o755)
            report.actions.append(
              "\(hook): installed; the hook that was there is already kept as \(hook)\(HookShim.chainedSuffix)"
            )
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
          // Linked even when the shared folder has no such hook yet: one added later runs.
          if FileSystem.kind(of: chained) == nil {
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
    do {
      let lfs = try GitLFS.chain(hooksDirectory: layout.hooksDirectory)
      report.actions += lfs.actions
      report.notes += lfs.notes
    } catch {
      throw .system(error)
    }
    if let gitlint = Gitlint.advice(
      hooksDirectory: layout.hooksDirectory, workTree: layout.workTree)
    {
      report.notes.append(gitlint)
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

  /// Removes the hooks (files and config registrations) and restores what they replaced,
  /// wherever a hook manager moved them: the hooks folder git uses and the repository's own
  /// (after `core.hooksPath` moved), as `HOOK`, `HOOK.legacy` (pre-commit) or `HOOK.old`
  /// (lefthook); husky's scripts and lefthook's config lose AgentLedger's lines.
  public func uninstall() throws(LedgerError) -> Report {
    if global { return try uninstallFromConfig() }
    var report = try uninstallFiles()
    report.actions += try ConfigHooks.unregister(git, scope: .local)
    try ConfigHooks.rememberFiles(false, git)
    return report
  }

  /// Removes AgentLedger's hook files and restores what they replaced.
  func uninstallFiles() throws(LedgerError) -> Report {
    let layout = try layout()
    let record = loadRecord(layout)
    let own = record?.ownDirectory ?? FileSystem.join(layout.commonDirectory, "hooks")
    var directories = record?.setHooksPath == true ? [own] : [layout.hooksDirectory]
    let repositoryOwn = FileSystem.join(layout.commonDirectory, "hooks")
    if !directories.contains(repositoryOwn) { directories.append(repositoryOwn) }
    var report = Report(hooksDirectory: directories[0])
    // Each linked worktree has its own lefthook-local.yml.
    var workTrees = layout.workTree.map { [$0] } ?? []
    if let listed = try? git.output(GitCommands.worktrees) {
      for line in String(decoding: listed, as: UTF8.self).split(separator: "\n")
      where line.hasPrefix("worktree ") {
        let top = String(line.dropFirst("worktree ".count))
        if !workTrees.contains(top) { workTrees.append(top) }
      }
    }
    do {
      for directory in directories where FileSystem.exists(directory) {
        for hook in HookRunner.hookNames {
          try uninstall(hook: hook, in: directory, symlinks: record?.setHooksPath == true, &report)
        }
      }
      if Husky.isRuntime(layout.hooksDirectory) {
        report.actions += try Husky.uninstall(hooksDirectory: layout.hooksDirectory)
      }
      report.actions += try Lefthook.uninstall(
        workTrees: workTrees, commonDirectory: layout.commonDirectory)
    } catch {
      throw .system(error)
    }
    if let record, record.setHooksPath {
      if let shared = record.sharedDirectory {
        do {
          try SharedHooksFolder.unlink(own: directories[0], shared: shared)
        } catch {
          throw .system(error)
        }
      }
      if let previous = record.previousHooksPath {
        _ = try git.output(GitCommands.setConfig("core.hooksPath", previous, scope: "local"))
      } else {
        _ = try git.run(GitCommands.unsetConfig("core.hooksPath", scope: "local", all: false))
      }
      try? FileSystem.remove(InstallRecord.path(layout))
      report.notes.append("core.hooksPath restored.")
    }
    return report
  }

  /// Removes AgentLedger's shims of `hook` in `directory` (as `HOOK`, `.legacy`, `.old`), puts
  /// back what each chained, and moves a hook left behind where its manager runs it.
  private func uninstall(
    hook: String, in directory: String, symlinks: Bool, _ report: inout Report
  ) throws(SystemError) {
    let hookPath = FileSystem.join(directory, hook)
    let label = directory == report.hooksDirectory ? "" : " (in \(directory))"
    for path in [hookPath, hookPath + PreCommitFramework.legacySuffix, hookPath + ".old"] {
      let name = FileSystem.baseName(of: path)
      if let text = head(path) {
        guard HookShim.isShim(text) else {
          if path == hookPath {
            report.actions.append("\(name): not AgentLedger's; left alone\(label)")
          }
          continue
        }
        try FileSystem.remove(path)
        report.actions.append("\(name): removed\(label)")
      }
      let chained = path + HookShim.chainedSuffix
      if FileSystem.kind(of: chained) != nil {
        if symlinks, FileSystem.kind(of: chained) == .symlink {
          try FileSystem.remove(chained)
        } else {
          try FileSystem.move(chained, to: path)
          report.actions.append("\(name): restored the hook it had replaced\(label)")
        }
      }
    }
    // A hook AgentLedger chained whose place a manager took since.
    let orphan = hookPath + HookShim.chainedSuffix
    guard let kept = head(orphan), let current = head(hookPath) else { return }
    if PreCommitFramework.isScript(kept) && PreCommitFramework.isScript(current) {
      try FileSystem.remove(orphan)
    } else if PreCommitFramework.isScript(current),
      !FileSystem.exists(hookPath + PreCommitFramework.legacySuffix)
    {
      try FileSystem.move(orphan, to: hookPath + PreCommitFramework.legacySuffix)
      report.actions.append(
        "\(hook): the hook AgentLedger had kept is now \(hook).legacy, which pre-commit runs")
    } else if Lefthook.isScript(current), !FileSystem.exists(hookPath + ".old") {
      try FileSystem.move(orphan, to: hookPath + ".old")
      report.actions.append(
        "\(hook): the hook AgentLedger had kept is now \(hook).old, where lefthook keeps hooks it replaced"
      )
    } else {
      report.notes.append(
        "\(hook): \(orphan) is a hook AgentLedger had kept; git does not run it there.")
    }
  }

  /// The start of a hook file, or nil when it is missing.
  private func head(_ path: String) -> String? {
    FileSystem.readPrefix(path, count: 512).map { String(decoding: $0, as: UTF8.self) }
  }

  /// Beside the pre-commit framework's script, AgentLedger's shim is `HOOK.legacy`: a shim left
  /// as `HOOK` by an earlier install is not needed there; an older layout's `HOOK.pre-ledger`
  /// (pre-commit's script, chained) is a stale copy of what runs; another hook kept there moves
  /// behind the legacy shim. For post-rewrite, whose legacy hook pre-commit gives no input, the
  /// shim takes `HOOK` back.
  private func adoptForPreCommit(hook: String, at path: String, _ layout: Layout)
    throws(LedgerError)
  {
    let hookPath = FileSystem.join(layout.hooksDirectory, hook)
    do {
      if path != hookPath {
        let stale = hookPath + HookShim.chainedSuffix
        if let text = head(stale) {
          if PreCommitFramework.isScript(text) {
            try FileSystem.remove(stale)
          } else if !FileSystem.exists(path + HookShim.chainedSuffix) {
            try FileSystem.move(stale, to: path + HookShim.chainedSuffix)
          }
        }
      } else if PreCommitFramework.isScript(head(hookPath) ?? "") {
        let legacy = hookPath + PreCommitFramework.legacySuffix
        if HookShim.isShim(head(legacy) ?? "") {
          try FileSystem.remove(legacy)
          if FileSystem.exists(legacy + HookShim.chainedSuffix) {
            try FileSystem.move(legacy + HookShim.chainedSuffix, to: legacy)
          }
        }
      }
    } catch {
      throw .system(error)
    }
  }

  /// Where lefthook runs `hook` from its config, AgentLedger's shim it renamed `HOOK.old` is
  /// dead: removed (a hook the shim chained takes its place, where `lefthook uninstall`
  /// restores hooks from).
  private func tidy(hook: String, managedBy manager: String, _ layout: Layout) throws(LedgerError) {
    guard manager == "lefthook" else { return }
    let hookPath = FileSystem.join(layout.hooksDirectory, hook)
    let old = hookPath + ".old"
    do {
      if HookShim.isShim(head(old) ?? "") {
        try FileSystem.remove(old)
      }
      if !FileSystem.exists(old), FileSystem.exists(hookPath + HookShim.chainedSuffix) {
        try FileSystem.move(hookPath + HookShim.chainedSuffix, to: old)
      }
    } catch {
      throw .system(error)
    }
  }

  private func saveRecord(_ record: InstallRecord, _ layout: Layout) throws(LedgerError) {
    let path = InstallRecord.path(layout)
    let value = JSONValue.object([
      ("setHooksPath", .bool(record.setHooksPath)),
      ("previousHooksPath", .optional(record.previousHooksPath)),
      ("ownDirectory", .optional(record.ownDirectory)),
      ("sharedDirectory", .optional(record.sharedDirectory)),
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
      previousHooksPath: value["previousHooksPath"]?.stringValue,
      ownDirectory: value["ownDirectory"]?.stringValue,
      sharedDirectory: value["sharedDirectory"]?.stringValue)
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
    let problem =
      ["local", "worktree"].contains(scope)
      ? "core.hooksPath (\(scope) config) is \(value), a folder outside this repository that other repositories may share: installing there would change their hooks too"
      : "core.hooksPath is set in your \(scope) config to \(value): installing there would change the hooks of every repository"
    return LedgerError(
      .environment, problem,
      hint:
        "`ledger install --force` gives this repository a hooks folder of its own (a local core.hooksPath) that runs every hook of \(value), those added later too, and writes nothing there; `ledger uninstall` restores the setting."
    )
  }

  static func huskyRuntimeMissing(_ hooksDirectory: String) -> LedgerError {
    LedgerError(
      .environment,
      "core.hooksPath is husky's \(hooksDirectory), which does not exist in this checkout (husky installs it per checkout), so git runs no hook here",
      hint:
        "Run husky's install in this checkout (`npx husky`, or your package manager's install), then `ledger install`."
    )
  }
}
