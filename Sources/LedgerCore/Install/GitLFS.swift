/// git-lfs's hooks beside AgentLedger's.
///
/// git-lfs writes four hooks, each `git lfs HOOK "$@"`: pre-push (uploads the LFS objects a
/// push needs), post-checkout, post-commit and post-merge (lockable files). It counts a hook as
/// its own only when the file is, byte for byte, one of the texts it ever wrote (git-lfs
/// `lfs/hook.go`), so AgentLedger's post-commit and post-merge can never be: `git lfs install`
/// after `ledger install` writes pre-push and post-checkout, then stops at post-commit ("Hook
/// already exists"). Re-running `ledger install` then chains git-lfs's post-commit and
/// post-merge as `HOOK.pre-ledger` (the lines `git lfs update --manual` says to add), which the
/// shims run first; `ledger uninstall` moves them back to where git-lfs would have put them.
/// `git lfs install --force` followed by `ledger install` ends the same way.
public enum GitLFS {
  /// The hooks both git-lfs and AgentLedger wire.
  public static let sharedHooks = ["post-commit", "post-merge"]
  /// The hooks only git-lfs wires.
  public static let ownHooks = ["pre-push", "post-checkout"]

  /// True when `text` is a hook that runs git-lfs.
  static func runsLFS(_ text: String) -> Bool { text.contains("git lfs ") }

  /// The start of the file at `path`, if any.
  static func head(_ path: String) -> String? {
    FileSystem.readPrefix(path, count: 1024).map { String(decoding: $0, as: UTF8.self) }
  }

  /// True when git-lfs has wired hooks into `hooksDirectory`: its pre-push or post-checkout is
  /// there, or one of its hooks is chained.
  public static func isWired(hooksDirectory: String) -> Bool {
    let paths =
      ownHooks.map { FileSystem.join(hooksDirectory, $0) }
      + sharedHooks.map { FileSystem.join(hooksDirectory, $0) + HookShim.chainedSuffix }
    return paths.contains { head($0).map(runsLFS) ?? false }
  }

  /// The chained hook that runs git-lfs's `hook`: git-lfs's own text, as the installed
  /// git-lfs wrote it for pre-push or post-checkout with the hook's name changed (so after
  /// `ledger uninstall` git-lfs finds the file it would have written), else the lines
  /// `git lfs update --manual` says to add.
  static func chainedHook(_ hook: String, hooksDirectory: String) -> String {
    for own in ownHooks {
      guard let text = head(FileSystem.join(hooksDirectory, own)),
        text.contains("git lfs \(own) \"$@\"")
      else { continue }
      return text.replacing(own, with: hook)
    }
    return """
      #!/bin/sh
      command -v git-lfs >/dev/null 2>&1 || { echo >&2 "This repository is configured for Git LFS but 'git-lfs' was not found on your path."; exit 2; }
      git lfs \(hook) "$@"

      """
  }

  /// The state of git-lfs's part of one hook AgentLedger wires.
  public enum Gap: Sendable, Equatable {
    /// Nothing chained: `ledger install` chains git-lfs's hook.
    case notChained(hook: String)
    /// Another hook is chained, without git-lfs's line: add it there.
    case chainedWithout(hook: String, chained: String)
  }

  /// Where git-lfs is wired into `hooksDirectory` but AgentLedger's post-commit or post-merge
  /// does not run git-lfs's.
  public static func gaps(hooksDirectory: String) -> [Gap] {
    guard isWired(hooksDirectory: hooksDirectory) else { return [] }
    var gaps: [Gap] = []
    for hook in sharedHooks {
      let path = FileSystem.join(hooksDirectory, hook)
      guard let text = head(path), HookShim.isShim(text) else { continue }
      let chained = path + HookShim.chainedSuffix
      // A link into a shared hooks folder (SharedHooksFolder) is that folder's to fill.
      guard FileSystem.kind(of: chained) != .symlink else { continue }
      guard let previous = head(chained) else {
        gaps.append(.notChained(hook: hook))
        continue
      }
      if !runsLFS(previous) { gaps.append(.chainedWithout(hook: hook, chained: chained)) }
    }
    return gaps
  }

  /// Chains git-lfs's hooks where `gaps` finds none; returns the report's actions and notes.
  static func chain(hooksDirectory: String) throws(SystemError) -> (
    actions: [String], notes: [String]
  ) {
    var actions: [String] = []
    var notes: [String] = []
    for gap in gaps(hooksDirectory: hooksDirectory) {
      switch gap {
      case .notChained(let hook):
        let chained = FileSystem.join(hooksDirectory, hook) + HookShim.chainedSuffix
        try FileSystem.writeAtomically(
          chained, Array(chainedHook(hook, hooksDirectory: hooksDirectory).utf8), mode: 0o755)
        actions.append(
          "\(hook): git-lfs's \(hook) chained as \(hook)\(HookShim.chainedSuffix) (git-lfs cannot install over AgentLedger's)"
        )
      case .chainedWithout(let hook, let chained):
        notes.append(advice(hook: hook, chained: chained))
      }
    }
    return (actions, notes)
  }

  /// What to do about a chained hook without git-lfs's line.
  public static func advice(hook: String, chained: String) -> String {
    "git-lfs's \(hook) does not run: add the line `git lfs \(hook) \"$@\"` to \(chained), which AgentLedger's \(hook) runs."
  }
}
