/// How git's run of one hook reaches AgentLedger's check, through the managers that own hook
/// files: the file that must be AgentLedger's shim (the hook itself, or `HOOK.legacy` behind the
/// pre-commit framework's script), or a manager that runs AgentLedger from its own config
/// (husky's scripts, lefthook's config). Cheap: the caller passes the hook file's first bytes,
/// and a manager's config costs a short read or two (cached in `texts`).
public enum HookRoute: Sendable, Equatable {
  /// The file that must be AgentLedger's shim.
  case file(String)
  /// `manager`'s script runs the hook from `config`; `runsLedger` says whether that runs
  /// AgentLedger's.
  case manager(name: String, config: String, runsLedger: Bool)

  /// Where `hook` in `hooksDirectory` leads. `head` is the start of the hook file (nil when
  /// missing); `husky` whether the folder holds husky's runtime.
  public static func resolve(
    hook: String, hooksDirectory: String, head: String?, husky: Bool, workTree: String?,
    commonDirectory: String, texts: inout [String: String]
  ) -> HookRoute {
    let path = FileSystem.join(hooksDirectory, hook)
    guard let head, !HookShim.isShim(head) else { return .file(path) }
    if husky, Husky.isWrapper(head) {
      let script = FileSystem.join(Husky.scriptsDirectory(hooksDirectory), hook)
      let text =
        texts[script]
        ?? FileSystem.readPrefix(script, count: 16384).map { String(decoding: $0, as: UTF8.self) }
        ?? ""
      texts[script] = text
      return .manager(name: "husky", config: script, runsLedger: Husky.runsLedger(text, hook: hook))
    }
    if Lefthook.isScript(head), let workTree {
      return .manager(
        name: "lefthook", config: Lefthook.localConfig(workTree: workTree),
        runsLedger: Lefthook.runsLedger(
          hook: hook, workTree: workTree, commonDirectory: commonDirectory, texts: &texts))
    }
    if PreCommitFramework.isScript(head), PreCommitFramework.chainsLegacy(hook) {
      return .file(path + PreCommitFramework.legacySuffix)
    }
    return .file(path)
  }
}
