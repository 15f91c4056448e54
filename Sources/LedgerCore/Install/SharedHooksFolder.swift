/// A hooks folder other repositories may share: `core.hooksPath` set in the global or system
/// config, or pointing at a folder outside this repository's work tree and git dir (a company
/// folder several clones point at). AgentLedger never writes into one: `ledger install --force`
/// gives the repository a folder of its own, where every hook name git knows links to the
/// shared folder's file — AgentLedger's nine through `HOOK.pre-ledger`, the others (pre-push,
/// post-checkout, …) directly — so every hook of the shared folder keeps running, including
/// ones added to it later (a link to a file that is not there yet is no hook, to git).
public enum SharedHooksFolder {
  /// Every hook git runs from a hooks folder (githooks(5)).
  public static let gitHookNames = [
    "applypatch-msg", "pre-applypatch", "post-applypatch", "pre-commit", "pre-merge-commit",
    "prepare-commit-msg", "commit-msg", "post-commit", "pre-rebase", "post-checkout",
    "post-merge", "pre-push", "pre-receive", "update", "proc-receive", "post-receive",
    "post-update", "reference-transaction", "push-to-checkout", "pre-auto-gc", "post-rewrite",
    "sendemail-validate", "fsmonitor-watchman", "p4-changelist", "p4-prepare-changelist",
    "p4-post-changelist", "p4-pre-submit", "post-index-change",
  ]

  /// The folder of its own a repository gets when its hooks folder is shared (in its git
  /// dir, so no other repository sees it, and apart from `hooks/`, whose files git ignored
  /// while `core.hooksPath` was set).
  public static func ownDirectory(commonDirectory: String) -> String {
    FileSystem.join(commonDirectory, "ledger-hooks")
  }

  /// True when `hooksDirectory`, chosen by `core.hooksPath` from config `scope`, may be shared
  /// with other repositories: set globally (or system-wide), or outside both the work tree and
  /// the git dir.
  public static func isShared(
    scope: String, hooksDirectory: String, workTree: String?, commonDirectory: String
  ) -> Bool {
    if !["local", "worktree"].contains(scope) { return true }
    let folder = FileSystem.realPath(hooksDirectory) ?? hooksDirectory
    let insides = [workTree, commonDirectory].compactMap { $0 }.map {
      FileSystem.realPath($0) ?? $0
    }
    return !insides.contains { folder == $0 || folder.hasPrefix($0 + "/") }
  }

  /// Links each hook name AgentLedger does not wire, in `own`, to the file of that name in
  /// `shared` (there or not yet); a name `own` already holds is left alone. Returns the names
  /// linked.
  static func linkOthers(own: String, shared: String) throws(SystemError) -> [String] {
    var linked: [String] = []
    for name in gitHookNames where !HookRunner.hookNames.contains(name) {
      let path = FileSystem.join(own, name)
      guard FileSystem.kind(of: path) == nil else { continue }
      try FileSystem.createSymlink(path, to: FileSystem.join(shared, name))
      linked.append(name)
    }
    return linked
  }

  /// Removes the links into `shared` that `linkOthers` (and the install's `HOOK.pre-ledger`
  /// chain) made in `own`, and `own` itself when that leaves it empty.
  static func unlink(own: String, shared: String) throws(SystemError) {
    for name in (try? FileSystem.contents(of: own)) ?? [] {
      let path = FileSystem.join(own, name)
      guard FileSystem.kind(of: path) == .symlink,
        let target = FileSystem.linkTarget(path), target.hasPrefix(shared + "/")
      else { continue }
      try FileSystem.remove(path)
    }
    if (try? FileSystem.contents(of: own))?.isEmpty == true {
      _ = rmdir(own)
    }
  }
}
