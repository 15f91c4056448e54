/// A cheap answer to "will git run AgentLedger's hooks here?", for the commands that read or
/// change claims: claiming means nothing if commits are not checked, and enforcement is never
/// silently off. A few `stat`s, opens and short reads per call (it runs after every agent
/// edit); `ledger doctor` (`HookInspection`) looks deeper.
public struct HookHealth: Sendable, Equatable {
  /// What is wrong with one hook.
  public enum Problem: Sendable, Equatable {
    /// No file: git runs nothing there.
    case missing
    /// A file that is not AgentLedger's (another tool replaced it).
    case foreign
    /// AgentLedger's file without its exec bit: git skips it, silently.
    case notExecutable
    /// AgentLedger's file runs a `ledger-hook` that is not there (or not executable).
    case binaryMissing(String)
    /// A hook manager runs the hook from its config (the path), which does not run AgentLedger.
    case notRunBy(manager: String, config: String)
    /// The hook AgentLedger kept (the path) no longer runs: a manager moved the shim that
    /// chained it (pre-commit renamed it `HOOK.legacy`).
    case orphaned(String)
  }

  /// The folder git runs hooks from.
  public var hooksDirectory: String
  /// True when `core.hooksPath` chose that folder.
  public var fromHooksPath: Bool
  /// Each hook with a problem, in `HookRunner.hookNames` order.
  public var problems: [(hook: String, problem: Problem)]
  /// How config-based registrations (git ≥ 2.54) count here, when there are any (`ConfigHooks`).
  public var config: ConfigHooks.Wiring? = nil

  public static func == (lhs: HookHealth, rhs: HookHealth) -> Bool {
    lhs.hooksDirectory == rhs.hooksDirectory && lhs.fromHooksPath == rhs.fromHooksPath
      && lhs.problems.map(\.hook) == rhs.problems.map(\.hook)
      && lhs.problems.map(\.problem) == rhs.problems.map(\.problem)
  }

  /// True when git will run AgentLedger's four hooks.
  public var isHealthy: Bool { problems.isEmpty }

  /// The folder git runs the hooks of `repository` from: `core.hooksPath` (`~/` expanded, a
  /// relative path taken from the top of the work tree, where git runs hooks), else the
  /// common dir's `hooks`.
  public static func hooksDirectory(
    repository: Repository, hooksPath: String?, home: String?
  ) -> String {
    guard let hooksPath, !hooksPath.isEmpty else {
      return FileSystem.join(repository.commonDirectory, "hooks")
    }
    if hooksPath.hasPrefix("~/"), let home {
      return FileSystem.join(home, String(hooksPath.dropFirst(2)))
    }
    if hooksPath.hasPrefix("/") { return hooksPath }
    return FileSystem.join(repository.workTree, hooksPath)
  }

  /// Looks at the hooks of `workspace`, from its remembered configuration (no git run).
  public static func check(_ workspace: Workspace) -> HookHealth {
    let hooksPath = workspace.hooksPath
    var health = check(
      hooksDirectory: hooksDirectory(
        repository: workspace.repository, hooksPath: hooksPath,
        home: workspace.context.environment["HOME"]),
      fromHooksPath: !(hooksPath ?? "").isEmpty, workTree: workspace.repository.workTree,
      commonDirectory: workspace.repository.commonDirectory)
    health.count(workspace.configHooks, environment: workspace.context.environment)
    return health
  }

  /// Looks at the hooks in `hooksDirectory`, following the managers that own hook files
  /// (`HookRoute`): the pre-commit framework's `HOOK.legacy`, husky's scripts, lefthook's config.
  public static func check(
    hooksDirectory: String, fromHooksPath: Bool, workTree: String? = nil,
    commonDirectory: String? = nil
  ) -> HookHealth {
    var problems: [(String, Problem)] = []
    var binaries: [String: Bool] = [:]  // the shims share one ledger-hook: look at it once
    var texts: [String: String] = [:]
    let husky = Husky.isRuntime(hooksDirectory)
    for name in HookRunner.hookNames {
      // The shim's marker is on its first or second line.
      let head = FileSystem.readPrefix(FileSystem.join(hooksDirectory, name), count: 320).map {
        String(decoding: $0, as: UTF8.self)
      }
      let route = HookRoute.resolve(
        hook: name, hooksDirectory: hooksDirectory, head: head, husky: husky, workTree: workTree,
        commonDirectory: commonDirectory ?? FileSystem.directoryName(of: hooksDirectory),
        texts: &texts)
      let path: String
      switch route {
      case .manager(let manager, let config, let runsLedger):
        if !runsLedger { problems.append((name, .notRunBy(manager: manager, config: config))) }
        continue
      case .file(let file):
        path = file
      }
      let hookPath = FileSystem.join(hooksDirectory, name)
      if path != hookPath, !FileSystem.exists(path + HookShim.chainedSuffix),
        let kept = FileSystem.readPrefix(hookPath + HookShim.chainedSuffix, count: 512),
        !PreCommitFramework.isScript(String(decoding: kept, as: UTF8.self))
      {
        problems.append((name, .orphaned(hookPath + HookShim.chainedSuffix)))
      }
      // A shim elsewhere (`HOOK.legacy`) is named by its file, for the fixing command.
      let label =
        path == FileSystem.join(hooksDirectory, name) ? name : FileSystem.baseName(of: path)
      let text: String
      if path == FileSystem.join(hooksDirectory, name) {
        guard let head else {
          problems.append((name, .missing))
          continue
        }
        text = head
      } else {
        guard let bytes = FileSystem.readPrefix(path, count: 320) else {
          problems.append((name, .missing))
          continue
        }
        text = String(decoding: bytes, as: UTF8.self)
      }
      guard HookShim.isShim(text) else {
        problems.append((label, .foreign))
        continue
      }
      guard FileSystem.isExecutable(path) else {
        problems.append((label, .notExecutable))
        continue
      }
      if let binary = HookShim.interpreter(of: text) {
        let found = binaries[binary] ?? FileSystem.isExecutable(binary)
        binaries[binary] = found
        if !found { problems.append((label, .binaryMissing(binary))) }
      }
    }
    return HookHealth(
      hooksDirectory: hooksDirectory, fromHooksPath: fromHooksPath, problems: problems)
  }

  /// Prints `warning` on standard error, unless AgentLedger is turned off on purpose
  /// (`ledger.enabled=false`).
  public static func warn(_ workspace: Workspace) {
    guard workspace.settings.enabled, let warning = check(workspace).warning else { return }
    workspace.context.output.error("ledger: " + warning)
  }

  /// The warning to print, or `nil` when the hooks are AgentLedger's: what is wrong with each
  /// hook, and the command that fixes it.
  public var warning: String? {
    guard !problems.isEmpty else { return nil }
    let folder = hooksDirectory + (fromHooksPath ? " (core.hooksPath)" : "")
    var lines: [String] = []
    if problems.count == HookRunner.hookNames.count
      && problems.allSatisfy({ $0.problem == .missing })
    {
      lines.append(
        "warning: AgentLedger's hooks are not installed where git runs hooks, \(folder): commits here are not checked against claims."
      )
    } else {
      lines.append(
        "warning: commits here are not fully checked by AgentLedger; git runs hooks from \(folder), where:"
      )
      for (hook, problem) in problems {
        let path = FileSystem.join(hooksDirectory, hook)
        switch problem {
        case .missing:
          lines.append("  \(hook) is missing")
        case .foreign:
          lines.append("  \(hook) is not AgentLedger's (another tool replaced it)")
        case .notExecutable:
          lines.append(
            "  \(hook) is not executable, so git skips it (`chmod +x \(HookShim.shellWord(path))`)")
        case .binaryMissing(let binary):
          lines.append("  \(hook) runs \(binary), which is missing or not executable")
        case .orphaned(let kept):
          lines.append(
            "  \(hook): \(kept), the hook that was there before AgentLedger, no longer runs")
        case .notRunBy(let manager, let config):
          lines.append("  \(hook) is run by \(manager), and \(config) does not run AgentLedger")
        }
      }
    }
    if let line = config?.warning { lines.append(line) }
    lines.append(
      "Run `ledger install` to fix it (hooks already there keep running); `ledger doctor` explains."
    )
    return lines.joined(separator: "\n")
  }
}
