/// AgentLedger registered as config-based hooks (git ≥ 2.54: `[hook "NAME"] event = …,
/// command = …`), which git runs beside the hooks folder's file and which no installer that
/// renames, replaces or moves hook files can displace.
///
/// How git 2.55 runs them (hook.c, run-command.c): the configured hooks of an event first, in
/// configuration order, then the hooks folder's file; every one runs and any failure fails the
/// event. A command holding a space or a shell character runs as `sh -c 'COMMAND "$@"' COMMAND
/// ARGS…` (dash does not exec the last command, so the command starts with `exec`: git stays
/// `ledger-hook`'s parent). Each hook gets git's arguments and its own copy of standard input
/// (post-rewrite). `core.hooksPath` (even `/dev/null`) changes only where the file is looked
/// for; `--no-verify` skips the configured pre-commit and commit-msg hooks like the file. A
/// name equal to a known event (`hook.pre-commit.event`) is a fatal error, hence
/// `agentledger-HOOK`.
///
/// Exactly once per event: when git runs both a registration and AgentLedger's own hook file
/// for one event (a repository wired by an older git, or a `--global` registration beside
/// files), the registration defers to the file (`fileWillRun`); git older than 2.54 ignores the
/// registration and runs the file. Neither twice nor zero times.
public enum ConfigHooks {
  /// The oldest git that runs config-based hooks.
  public static let minimumVersion = GitVersion(major: 2, minor: 54, patch: 0)

  /// The argument that tells `ledger-hook` git started it from a registration.
  public static let flag = "--via-config"

  /// The friendly name of AgentLedger's registration for `hook` (a known event name is fatal).
  public static func name(_ hook: String) -> String { "agentledger-" + hook }

  /// The configured command for `hook`.
  ///
  /// commit-msg skips `ledger-hook` when no editor runs (`GIT_EDITOR=:`, every agent commit),
  /// as the hook file does (`HookShim`): prepare-commit-msg's stamp is then final.
  public static func command(_ hook: String, hookBinary: String) -> String {
    let run = "exec \(HookShim.shellWord(hookBinary)) \(flag) \(hook)"
    return hook == "commit-msg" ? "[ \"${GIT_EDITOR-}\" = : ] || \(run)" : run
  }

  /// Where a registration is written: this repository, or every repository of the user.
  public enum Scope: String, Sendable {
    case local, global
  }

  /// What the configuration registers for AgentLedger, per hook (`HookRunner.hookNames`).
  public struct Registration: Sendable, Equatable {
    /// The hooks with an enabled AgentLedger registration, and the command each runs.
    public var commands: [String: String] = [:]

    /// Creates an empty registration.
    public init() {}

    /// True when every hook is registered.
    public var isComplete: Bool { HookRunner.hookNames.allSatisfy { commands[$0] != nil } }
    /// True when no hook is registered.
    public var isEmpty: Bool { commands.isEmpty }

    /// The `ledger-hook` a command runs, when it names one by path.
    public static func binary(of command: String) -> String? {
      let words = command.split(separator: " ", omittingEmptySubsequences: true)
      guard let exec = words.firstIndex(of: "exec"), exec + 1 < words.count,
        words[exec + 1].hasPrefix("/")
      else { return nil }
      return String(words[exec + 1])
    }
  }

  /// Reads AgentLedger's registrations from `config` (the keys `hook.*`): a hook counts when a
  /// `hook.agentledger-*` entry lists it as an event (an empty `event` resets the list), its
  /// command runs `ledger-hook --via-config HOOK`, and neither `hook.NAME.enabled` nor
  /// `hook.EVENT.enabled` is false.
  public static func registration(in config: GitConfig) -> Registration {
    var events: [String: [String]] = [:]
    for (key, value) in config.entries where key.hasPrefix("hook.agentledger-") {
      guard key.hasSuffix(".event") else { continue }
      let name = String(key.dropFirst("hook.".count).dropLast(".event".count))
      if let value, !value.isEmpty {
        events[name, default: []].append(value)
      } else {
        events[name] = []
      }
    }
    var registration = Registration()
    for (name, hooks) in events {
      guard let command = config.string("hook.\(name).command"),
        (try? config.bool("hook.\(name).enabled")) != false
      else { continue }
      for hook in hooks where HookRunner.hookNames.contains(hook) {
        guard command.hasSuffix(" \(flag) \(hook)"),
          (try? config.bool("hook.\(hook).enabled")) != false
        else { continue }
        registration.commands[hook] = command
      }
    }
    return registration
  }

  /// For a hook git started from a registration: true when git will run AgentLedger's own hook
  /// file for the same event right after (git runs the hooks folder's file last), so this run
  /// must do nothing. The file counts when it is AgentLedger's, executable and its `ledger-hook`
  /// exists, in the folder git runs hooks from (`core.hooksPath`, `git -c` included).
  static func fileWillRun(_ hook: String, context: ProcessContext) -> Bool {
    guard let (directory, _) = hooksFolder(context) else { return false }
    return ownFileRuns(FileSystem.join(directory, hook))
  }

  /// The folder git runs hook files from, and the configuration (remembered; no git run when
  /// `RepositoryCache` holds it).
  static func hooksFolder(_ context: ProcessContext) -> (String, GitConfig)? {
    guard
      let (repository, config, _) = try? Discovery.run(context, git: Git(context: context))
    else { return nil }
    let directory = HookHealth.hooksDirectory(
      repository: repository, hooksPath: config.string("core.hooksPath"),
      home: context.environment["HOME"])
    return (directory, config)
  }

  /// For pre-commit run from a registration: starts its check beside git (`ConcurrentCheck`)
  /// when AgentLedger's prepare-commit-msg will run after it, registered or as its own file.
  static func startCheck(_ context: ProcessContext) -> Bool {
    guard let (directory, config) = hooksFolder(context) else { return false }
    let registered = registration(in: config).commands["prepare-commit-msg"] != nil
    let runs = registered || ownFileRuns(FileSystem.join(directory, "prepare-commit-msg"))
    return ConcurrentCheck.startFromRegistration(context, prepareCommitMsgRuns: runs)
  }

  /// True when the file at `path` is AgentLedger's hook and git can run it.
  static func ownFileRuns(_ path: String) -> Bool {
    guard let head = FileSystem.readPrefix(path, count: 320) else { return false }
    let text = String(decoding: head, as: UTF8.self)
    guard HookShim.isShim(text), FileSystem.isExecutable(path) else { return false }
    if let binary = HookShim.interpreter(of: text) { return FileSystem.isExecutable(binary) }
    return true
  }

  /// The version of the git `git` runs (`git version`), remembered for `HookHealth`.
  public static func runningVersion(_ git: Git) throws(LedgerError) -> GitVersion? {
    let result = try git.run(GitCommands.version)
    guard result.status == 0 else { return nil }
    let version = GitVersion(parsing: result.outputText)
    if let version, let binary = GitBinary.locate(git.context.environment["PATH"]) {
      GitBinary.remember(binary, version: version, environment: git.context.environment)
    }
    return version
  }

  /// Writes (or rewrites) the nine registrations in `scope`; returns one line per hook.
  static func register(_ git: Git, scope: Scope, hookBinary: String) throws(LedgerError)
    -> [String]
  {
    let existing = try read(git, scope: scope)
    var actions: [String] = []
    for hook in HookRunner.hookNames {
      let name = name(hook)
      let command = command(hook, hookBinary: hookBinary)
      if existing[name] == Entry(command: command, events: [hook], enabled: true) {
        actions.append("\(hook): unchanged (hook.\(name) in \(scope.rawValue) config)")
        continue
      }
      _ = try git.output(
        GitCommands.replaceConfig("hook.\(name).command", command, scope: scope.rawValue))
      _ = try git.output(
        GitCommands.replaceConfig("hook.\(name).event", hook, scope: scope.rawValue))
      if existing[name]?.enabled == false {
        _ = try git.run(
          GitCommands.unsetConfig("hook.\(name).enabled", scope: scope.rawValue, all: true))
      }
      actions.append(
        "\(hook): \(existing[name] == nil ? "registered" : "updated") as hook.\(name) in \(scope.rawValue) config"
      )
    }
    return actions
  }

  /// Removes exactly AgentLedger's registrations (`hook.agentledger-*` sections) from `scope`.
  static func unregister(_ git: Git, scope: Scope) throws(LedgerError) -> [String] {
    var actions: [String] = []
    for name in try read(git, scope: scope).keys.sorted() {
      _ = try git.output(GitCommands.removeConfigSection("hook.\(name)", scope: scope.rawValue))
      actions.append("hook.\(name): removed from \(scope.rawValue) config")
    }
    return actions
  }

  struct Entry: Equatable {
    var command: String?
    var events: [String] = []
    var enabled = true
  }

  /// The `hook.agentledger-*` entries of one configuration file.
  static func read(_ git: Git, scope: Scope) throws(LedgerError) -> [String: Entry] {
    let query = GitCommands.config(matching: "^hook\\.agentledger-", scope: scope.rawValue)
    let result = try git.run(query)
    guard result.status == 0 || result.status == 1 else { throw .gitFailed(query, result) }
    var entries: [String: Entry] = [:]
    for (key, value) in GitConfig(parsing: result.output).entries {
      guard key.hasPrefix("hook.") else { continue }
      let rest = key.dropFirst("hook.".count)
      guard let dot = rest.lastIndex(of: ".") else { continue }
      let name = String(rest[..<dot])
      var entry = entries[name] ?? Entry()
      switch rest[rest.index(after: dot)...] {
      case "command": entry.command = value
      case "event": entry.events.append(value ?? "")
      case "enabled":
        entry.enabled = !["false", "no", "off", "0"].contains(value?.lowercased() ?? "true")
      default: break
      }
      entries[name] = entry
    }
    return entries
  }
}

/// A git version (`git version 2.55.0`, `git version 2.39.5`).
public struct GitVersion: Sendable, Equatable, Comparable, CustomStringConvertible {
  /// The parts of the version.
  public var major: Int, minor: Int, patch: Int

  /// A version from its parts.
  public init(major: Int, minor: Int, patch: Int) {
    self.major = major
    self.minor = minor
    self.patch = patch
  }

  /// Reads `git version X.Y.Z…` or `X.Y.Z…`.
  public init?(parsing text: String) {
    var word = Substring(text.split(separator: "\n").first ?? "")
    if word.hasPrefix("git version ") { word = word.dropFirst("git version ".count) }
    let parts = word.split(separator: ".", maxSplits: 3).map { Int($0.prefix { $0.isNumber }) }
    guard parts.count >= 2, let major = parts[0], let minor = parts[1] else { return nil }
    self.init(major: major, minor: minor, patch: parts.count > 2 ? parts[2] ?? 0 : 0)
  }

  /// True when this git runs config-based hooks.
  public var runsConfigHooks: Bool { self >= ConfigHooks.minimumVersion }

  public var description: String { "\(major).\(minor).\(patch)" }

  public static func < (lhs: GitVersion, rhs: GitVersion) -> Bool {
    (lhs.major, lhs.minor, lhs.patch) < (rhs.major, rhs.minor, rhs.patch)
  }
}

extension HookInstaller {
  /// Installs as config-based hooks when the git that runs here supports them (else `nil`: the
  /// hook files are installed): registers the nine hooks in the repository's configuration (or
  /// the user's with `global`) and, for a repository, removes AgentLedger's own hook files,
  /// putting back the hooks they had replaced (the registration runs beside them).
  func installIntoConfig() throws(LedgerError) -> Report? {
    if !global {
      if files { return nil }
      if try ConfigHooks.filesChosen(git) { return nil }
    }
    let version = try ConfigHooks.runningVersion(git)
    guard let version, version.runsConfigHooks else {
      if global { throw .globalNeedsNewGit(version) }
      return nil
    }
    if global {
      var report = Report(hooksDirectory: "the global git configuration (every repository)")
      report.actions = try ConfigHooks.register(git, scope: .global, hookBinary: hookBinary)
      report.notes.append(
        "git \(version) runs these beside each repository's hooks folder; `ledger uninstall --global` removes them."
      )
      return report
    }
    let layout = try layout()
    // AgentLedger's files go only from this repository's own hooks folder (or one `install
    // --force` pointed it at): a folder elsewhere may run other repositories' hooks, and
    // beside a registration a file of ours runs instead of it, never as well.
    let top = layout.workTree.map { $0 + "/" }
    let own =
      layout.hooksDirectory.hasPrefix(layout.commonDirectory + "/")
      || top.map { layout.hooksDirectory.hasPrefix($0) } ?? false
      || FileSystem.exists(InstallRecord.path(layout))
    var files = Report(hooksDirectory: layout.hooksDirectory)
    if own {
      files = try uninstallFiles()
    } else if HookRunner.hookNames.contains(where: {
      ConfigHooks.ownFileRuns(FileSystem.join(layout.hooksDirectory, $0))
    }) {
      files.notes.append(
        "AgentLedger's hook files in \(layout.hooksDirectory) are left there: other repositories may use that folder. Where they run, the registration defers to them."
      )
    }
    var report = Report(
      hooksDirectory:
        "the repository's git configuration (\(FileSystem.join(layout.commonDirectory, "config")))"
    )
    report.actions = try ConfigHooks.register(git, scope: .local, hookBinary: hookBinary)
    report.actions += files.actions.filter { !$0.hasSuffix("left alone") }.map {
      "hook file " + $0
    }
    report.notes += files.notes
    report.notes.append(
      "git \(version) runs AgentLedger from config, before the hooks in \(layout.hooksDirectory), which keep running; no hook file is AgentLedger's."
    )
    if !FileSystem.isExecutable(hookBinary) {
      report.notes.append("\(hookBinary) is not executable yet; the registrations run it.")
    }
    try LedgerCreation.recordIfNew(
      LedgerStore(commonDirectory: layout.commonDirectory), git: git, now: git.context.now)
    return report
  }

  /// `ledger uninstall --global`: removes AgentLedger's registrations from the user's config.
  func uninstallFromConfig() throws(LedgerError) -> Report {
    var report = Report(hooksDirectory: "the global git configuration")
    report.actions = try ConfigHooks.unregister(git, scope: .global)
    if report.actions.isEmpty { report.actions = ["no AgentLedger hook registered there"] }
    return report
  }
}

extension ConfigHooks {
  /// The setting that remembers `ledger install --files` (hook files even where git runs
  /// config-based hooks), so a later plain `ledger install` — the advice every warning gives —
  /// repeats the user's choice instead of moving the repository to config. `ledger uninstall`
  /// removes it.
  public static let filesSetting = "ledger.hookFiles"

  /// True when this repository's configuration holds `ledger.hookFiles=true`.
  static func filesChosen(_ git: Git) throws(LedgerError) -> Bool {
    let result = try git.run(GitCommands.configBool(filesSetting))
    switch result.status {
    case 0: return result.outputText.hasPrefix("true")
    case 1: return false  // not set
    case 128 where !result.errorText.contains("bad boolean"):
      return false  // not a repository: `layout()` explains
    default:
      throw LedgerError(
        .badInput,
        "\(filesSetting) is not a boolean: \(result.errorText.split(separator: "\n").first ?? "")",
        hint: "Set it to true (hook files) or remove it: `git config --unset \(filesSetting)`.")
    }
  }

  /// Remembers (`true`) or forgets (`false`) the `--files` choice in the repository's config.
  static func rememberFiles(_ chosen: Bool, _ git: Git) throws(LedgerError) {
    if chosen {
      _ = try git.output(GitCommands.setConfig(filesSetting, "true", scope: "local"))
    } else {
      _ = try git.run(GitCommands.unsetConfig(filesSetting, scope: "local", all: true))
    }
  }
}

extension LedgerError {
  static func globalNeedsNewGit(_ version: GitVersion?) -> LedgerError {
    LedgerError(
      .environment,
      "`ledger install --global` registers config-based hooks, which git \(version.map { "\($0)" } ?? "(unknown version)") does not run (they need git \(ConfigHooks.minimumVersion) or newer)",
      hint:
        "Install a newer git first, or wire each repository with `ledger install` (hook files).")
  }
}

extension ConfigHooks {
  /// What the liveness check learned about a registration: which hooks it wires, and whether
  /// the git on `PATH` (the one agents' commits will run) honours it.
  public struct Wiring: Sendable, Equatable {
    /// The hooks registered in config.
    public var hooks: [String]
    /// The git `PATH` finds, when one was needed and found.
    public var gitPath: String?
    /// Its version, when known.
    public var version: GitVersion?
    /// True when that git runs the registrations (≥ 2.54).
    public var honoured: Bool

    /// The line the warning adds when the registration is ignored by the git that will run.
    var warning: String? {
      guard !honoured else { return nil }
      let git =
        gitPath.map { "the git on PATH (\($0), \(version.map { "\($0)" } ?? "version unknown"))" }
        ?? "no git on PATH"
      return
        "AgentLedger is registered as config-based hooks (\(hooks.count) of \(HookRunner.hookNames.count)), but \(git) does not run them: they need git \(ConfigHooks.minimumVersion) or newer. `ledger install` run with this git (or `ledger install --files` with any) writes hook files (the registration then defers to them, so nothing runs twice)."
    }
  }
}

extension HookHealth {
  /// Counts the hooks AgentLedger registered in config as wired when the git on `PATH` runs
  /// them (a hook file problem then no longer matters; a registration whose `ledger-hook` is
  /// gone is one), and says so when it does not. Costs nothing without a registration; with
  /// one and a hook file problem: one `stat` per `PATH` folder up to git, one short read.
  mutating func count(_ registration: ConfigHooks.Registration, environment: [String: String]) {
    guard !registration.isEmpty else { return }
    let hooks = HookRunner.hookNames.filter { registration.commands[$0] != nil }
    var wiring = ConfigHooks.Wiring(hooks: hooks, gitPath: nil, version: nil, honoured: true)
    if problems.contains(where: { registration.commands[$0.hook] != nil }) {
      let binary = GitBinary.locate(environment["PATH"])
      wiring.gitPath = binary?.path
      wiring.version = binary.flatMap { GitBinary.version(of: $0, environment: environment) }
      wiring.honoured = wiring.version?.runsConfigHooks ?? false
    }
    config = wiring
    guard wiring.honoured else { return }
    problems = problems.compactMap { entry in
      guard let command = registration.commands[entry.hook] else { return entry }
      if let binary = ConfigHooks.Registration.binary(of: command),
        !FileSystem.isExecutable(binary)
      {
        return (entry.hook, .binaryMissing(binary))
      }
      return nil
    }
  }
}

extension ConfigHooks {
  /// AgentLedger's registrations as `ledger doctor` reports them.
  public struct Inspection: Sendable, Equatable {
    /// The git that ran the inspection (`PATH`'s) and its version.
    public var gitPath: String?
    /// Its version, when it answered.
    public var version: GitVersion?
    /// Each registered hook: the scope of its command (`local`, `global`, …) and the command.
    public var hooks: [String: (scope: String, command: String)]
    /// The hooks whose command is not what `ledger install` would write now.
    public var stale: [String]
    /// The `ledger-hook` binaries the commands name that are missing.
    public var missingBinaries: [String]

    /// True when this git runs the registrations.
    public var honoured: Bool { version?.runsConfigHooks ?? false }
    /// The hooks the registration wires for this git (none when it ignores them).
    public var wired: Set<String> { honoured ? Set(hooks.keys) : [] }

    public static func == (lhs: Inspection, rhs: Inspection) -> Bool {
      lhs.gitPath == rhs.gitPath && lhs.version == rhs.version
        && lhs.hooks.mapValues(\.command) == rhs.hooks.mapValues(\.command)
        && lhs.stale == rhs.stale && lhs.missingBinaries == rhs.missingBinaries
    }
  }

  /// Reads the registrations (with their scopes) and git's version, or `nil` when there is no
  /// registration.
  public static func inspect(_ git: Git, hookBinary: String) throws(LedgerError) -> Inspection? {
    let results = try git.runAll([
      git.command(GitCommands.configWithScopes(matching: "^hook\\.")),
      git.command(GitCommands.version),
    ])
    // --show-scope -z prints SCOPE\0KEY\nVALUE\0.
    let fields = Git.fields(results[0].output)
    var entries: [(String, String?)] = []
    var scopes: [String: String] = [:]
    var index = 0
    while index + 1 < fields.count {
      let field = fields[index + 1]
      let key = String(field.prefix { $0 != "\n" })
      let value = field.contains("\n") ? String(field.drop { $0 != "\n" }.dropFirst()) : nil
      entries.append((key, value))
      scopes[key.lowercased()] = fields[index]
      index += 2
    }
    let registration = registration(in: GitConfig(entries: entries))
    guard !registration.isEmpty else { return nil }
    var hooks: [String: (scope: String, command: String)] = [:]
    var stale: [String] = []
    var missing: Set<String> = []
    for (hook, command) in registration.commands {
      let key = entries.last { $0.0.lowercased().hasSuffix(".command") && $0.1 == command }?.0
        .lowercased()
      hooks[hook] = (key.flatMap { scopes[$0] } ?? "unknown", command)
      if command != self.command(hook, hookBinary: hookBinary) { stale.append(hook) }
      if let binary = Registration.binary(of: command), !FileSystem.isExecutable(binary) {
        missing.insert(binary)
      }
    }
    let version = results[1].status == 0 ? GitVersion(parsing: results[1].outputText) : nil
    let binary = GitBinary.locate(git.context.environment["PATH"])
    if let version, let binary {
      GitBinary.remember(binary, version: version, environment: git.context.environment)
    }
    return Inspection(
      gitPath: binary?.path, version: version, hooks: hooks,
      stale: HookRunner.hookNames.filter { stale.contains($0) }, missingBinaries: missing.sorted())
  }
}

extension Workspace {
  /// AgentLedger's config-based hook registrations (`ConfigHooks`), from the configuration
  /// discovery read (no git run).
  public var configHooks: ConfigHooks.Registration { ConfigHooks.registration(in: config) }
}
