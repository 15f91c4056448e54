/// What AgentLedger knows of husky (v9), which owns the hooks folder: `husky` sets
/// `core.hooksPath` to `DIR/_` (`.husky/_` by default, any `DIR` given to `husky DIR`), whose
/// one-line wrappers source the runner `DIR/_/h`; the runner picks the user's script
/// `DIR/HOOK` by `basename "$0"` and runs it with `sh -e`, or does nothing when it is missing.
///
/// husky is recognised by that runtime in the hooks folder, not by the folder's name. AgentLedger
/// joins it the way husky expects: one marked line in each user script `DIR/HOOK` that runs
/// `ledger-hook HOOK "$@"` (`ledger uninstall` removes exactly those lines). husky writes no
/// wrapper for pre-merge-commit, so AgentLedger adds one in husky's form.
public enum Husky {
  /// The marker ending each line AgentLedger adds to a husky script.
  public static let marker =
    "# agentledger-husky: added by `ledger install`; `ledger uninstall` removes this line"

  /// The runner husky copies into its hooks folder.
  static let runnerName = "h"

  /// True when `hooksDirectory` holds husky's runtime (its runner `h`).
  public static func isRuntime(_ hooksDirectory: String) -> Bool {
    guard let head = FileSystem.readPrefix(FileSystem.join(hooksDirectory, runnerName), count: 512)
    else { return false }
    let text = String(decoding: head, as: UTF8.self)
    return text.contains("husky") && text.contains("basename")
  }

  /// True when `hooksDirectory` is husky's (`DIR/_`) but its runtime is not there: husky
  /// installs it per checkout and ignores it in git (`_/.gitignore`), so a linked worktree or a
  /// fresh clone where husky's install never ran has none, and git runs no hook at all.
  public static func isRuntimeMissing(_ hooksDirectory: String) -> Bool {
    guard FileSystem.baseName(of: hooksDirectory) == "_", !FileSystem.exists(hooksDirectory)
    else { return false }
    let scripts = scriptsDirectory(hooksDirectory)
    return HookRunner.hookNames.contains { FileSystem.exists(FileSystem.join(scripts, $0)) }
  }

  /// True when `text` is one of husky's wrappers (it sources the runner).
  public static func isWrapper(_ text: String) -> Bool {
    !HookShim.isShim(text) && (text.contains("/h\"") || text.contains("husky.sh"))
  }

  /// The folder of the user's scripts: the hooks folder's parent.
  public static func scriptsDirectory(_ hooksDirectory: String) -> String {
    FileSystem.directoryName(of: hooksDirectory)
  }

  /// The line AgentLedger adds to the script of `hook`: the installed `ledger-hook`, else the
  /// one on `PATH` (the script is shared through the repository), else it says what is missing
  /// and fails (`false`), so a missing binary fails the commit loudly.
  public static func line(hook: String, hookBinary: String) -> String {
    let binary = HookShim.shellWord(hookBinary)
    let missing =
      "{ echo \"AgentLedger: ledger-hook is not at \(binary.replacing("\"", with: "\\\"")) and not on PATH: reinstall AgentLedger, or remove it with 'ledger uninstall'\" >&2; echo false; }"
    return
      "\"$(command -v \(binary) || command -v ledger-hook || \(missing))\" \(hook) \"$@\" \(marker)"
  }

  /// True when the script `text` runs AgentLedger's `hook`.
  public static func runsLedger(_ text: String, hook: String) -> Bool {
    let lines = text.split(separator: "\n")
    return lines.contains { (line: Substring) -> Bool in
      line.contains(marker) && line.contains("\" \(hook) \"$@\"")
        && !line.drop(while: { $0 == " " || $0 == "\t" }).hasPrefix("#")
    } || text.contains("ledger-hook \(hook)")
  }

  /// Adds AgentLedger's line to each hook's script, and husky's wrapper where husky writes none.
  /// Returns one action per hook.
  static func install(hooksDirectory: String, hookBinary: String) throws(SystemError) -> [String] {
    var actions: [String] = []
    let scripts = scriptsDirectory(hooksDirectory)
    for hook in HookRunner.hookNames {
      let wrapper = FileSystem.join(hooksDirectory, hook)
      if !FileSystem.exists(wrapper) {
        try FileSystem.writeAtomically(
          wrapper, Array("#!/usr/bin/env sh\n. \"${0%/*}/h\"\n".utf8), mode: 0o755)
      }
      let path = FileSystem.join(scripts, hook)
      let text = String(decoding: (try FileSystem.readIfPresent(path)) ?? [], as: UTF8.self)
      let line = line(hook: hook, hookBinary: hookBinary)
      if text.split(separator: "\n").contains(Substring(line))
        || (!text.contains(marker) && runsLedger(text, hook: hook))
      {
        // Ours, or the user's own `ledger-hook HOOK` line: running it twice helps nobody.
        actions.append("\(hook): unchanged (husky runs it from \(path))")
        continue
      }
      // Another version's line is replaced; the user's lines are kept, in order.
      var lines =
        text.isEmpty
        ? [] : text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
      if lines.last == "" { lines.removeLast() }
      lines.removeAll { $0.contains(marker) }
      if HookRunner.inputHooks.contains(hook) {
        // Last: the user's lines see git's standard input first.
        lines.append(line)
      } else {
        // First, before any `exit` of the user's; after a `#!` line.
        let at = lines.first?.hasPrefix("#!") == true ? 1 : 0
        lines.insert(line, at: at)
      }
      let bytes = Array((lines.joined(separator: "\n") + "\n").utf8)
      if FileSystem.exists(path) && !FileSystem.isExecutable(path) {
        try FileSystem.writeAtomically(path, bytes, mode: 0o644)
      } else {
        try FileSystem.writeAtomically(path, bytes, mode: 0o755)
      }
      actions.append("\(hook): added to husky's \(path)")
    }
    return actions
  }

  /// Removes AgentLedger's lines from husky's scripts (a script left empty is removed).
  static func uninstall(hooksDirectory: String) throws(SystemError) -> [String] {
    var actions: [String] = []
    let scripts = scriptsDirectory(hooksDirectory)
    for hook in HookRunner.hookNames {
      let path = FileSystem.join(scripts, hook)
      guard let bytes = try FileSystem.readIfPresent(path) else { continue }
      let text = String(decoding: bytes, as: UTF8.self)
      guard text.contains(marker) else { continue }
      let kept = text.split(separator: "\n", omittingEmptySubsequences: false).filter {
        !$0.contains(marker)
      }.joined(separator: "\n")
      if kept.allSatisfy({ $0.isWhitespace }) {
        try FileSystem.remove(path)
        actions.append("\(hook): removed husky's \(path) (it held only AgentLedger's line)")
      } else {
        if FileSystem.isExecutable(path) {
          try FileSystem.writeAtomically(path, Array(kept.utf8), mode: 0o755)
        } else {
          try FileSystem.writeAtomically(path, Array(kept.utf8), mode: 0o644)
        }
        actions.append("\(hook): removed AgentLedger's line from husky's \(path)")
      }
    }
    return actions
  }
}
