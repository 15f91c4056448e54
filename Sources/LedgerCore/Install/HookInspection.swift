/// The state of AgentLedger's hooks in one repository, for `ledger doctor`.
public struct HookInspection: Sendable, Equatable {
  /// The state of one hook file.
  public enum State: Sendable, Equatable {
    /// No file.
    case missing
    /// Someone else's hook (AgentLedger's is not installed there).
    case foreign
    /// AgentLedger's shim: whether it matches what `ledger install` would write now, whether
    /// git can run it (a file without its exec bit is skipped by git, silently), and whether
    /// the `ledger-hook` it runs exists.
    case ours(current: Bool, executable: Bool, binaryFound: Bool)
    /// A hook manager (husky, lefthook) runs AgentLedger's hook from its config, the path.
    case managed(by: String, config: String)
  }

  /// The folder git runs hooks from.
  public var hooksDirectory: String
  /// Each hook's state, in `HookRunner.hookNames` order.
  public var hooks: [(name: String, state: State, chained: Bool)]
  /// AgentLedger's config-based registrations, when there are any (`ConfigHooks`).
  public var config: ConfigHooks.Inspection? = nil

  public static func == (lhs: HookInspection, rhs: HookInspection) -> Bool {
    lhs.hooksDirectory == rhs.hooksDirectory && lhs.hooks.map(\.name) == rhs.hooks.map(\.name)
      && lhs.hooks.map(\.state) == rhs.hooks.map(\.state)
      && lhs.hooks.map(\.chained) == rhs.hooks.map(\.chained)
  }

  /// Looks at the hooks of the repository `git` runs in, against the shims for `hookBinary`.
  public static func inspect(_ git: Git, hookBinary: String) throws(LedgerError) -> HookInspection {
    let installer = HookInstaller(git: git, hookBinary: hookBinary, force: false)
    let layout = try installer.layout()
    var hooks: [(String, State, Bool)] = []
    var texts: [String: String] = [:]
    let husky = Husky.isRuntime(layout.hooksDirectory)
    for name in HookRunner.hookNames {
      // Follow the managers that own hook files: the file that must be AgentLedger's shim.
      let route = HookRoute.resolve(
        hook: name, hooksDirectory: layout.hooksDirectory,
        head: FileSystem.readPrefix(FileSystem.join(layout.hooksDirectory, name), count: 512).map {
          String(decoding: $0, as: UTF8.self)
        }, husky: husky, workTree: layout.workTree, commonDirectory: layout.commonDirectory,
        texts: &texts)
      let path: String
      switch route {
      case .manager(let manager, let config, let runsLedger):
        hooks.append((name, runsLedger ? .managed(by: manager, config: config) : .foreign, false))
        continue
      case .file(let file):
        path = file
      }
      let chained = FileSystem.exists(path + HookShim.chainedSuffix)
      guard FileSystem.exists(path) else {
        hooks.append((name, .missing, chained))
        continue
      }
      let text = String(decoding: (try? FileSystem.read(path)) ?? [], as: UTF8.self)
      guard HookShim.isShim(text) else {
        hooks.append((name, .foreign, chained))
        continue
      }
      let current = text == HookShim.render(hook: name, hookBinary: hookBinary)
      let baked =
        HookShim.interpreter(of: text)
        ?? text.split(separator: "\n").first { $0.hasPrefix("expected=") }.map {
          String($0.dropFirst("expected=".count).dropFirst().dropLast()).replacing(
            "'\\''", with: "'")
        }
      let found = baked.map { FileSystem.isExecutable($0) } ?? false
      hooks.append(
        (
          name,
          .ours(current: current, executable: FileSystem.isExecutable(path), binaryFound: found),
          chained
        ))
    }
    var inspection = HookInspection(hooksDirectory: layout.hooksDirectory, hooks: hooks)
    inspection.config = try ConfigHooks.inspect(git, hookBinary: hookBinary)
    return inspection
  }
}
