import LedgerCore

extension Doctor {
  /// The hooks: each of the nine installed (as a file, through a hook manager or registered in
  /// config), current, executable and able to find its `ledger-hook`; and the hook tools beside
  /// them (git-lfs, gitlint).
  static func hookFindings(_ workspace: Workspace, hookBinary: String) -> [Finding] {
    var findings: [Finding] = []
    do {
      let inspection = try HookInspection.inspect(workspace.git, hookBinary: hookBinary)
      var missing: [String] = []
      var stale: [String] = []
      var foreign: [String] = []
      var broken: [String] = []
      var notExecutable: [String] = []
      var managed: [String: [String]] = [:]  // manager → hooks it runs AgentLedger's from config
      let wired = inspection.config?.wired ?? []
      findings += configHookFindings(inspection)
      for hook in inspection.hooks
      where !(wired.contains(hook.name) && [.missing, .foreign].contains(hook.state)) {
        switch hook.state {
        case .missing: missing.append(hook.name)
        case .foreign: foreign.append(hook.name)
        case .managed(let manager, _): managed[manager, default: []].append(hook.name)
        case .ours(let current, let executable, let found):
          if !executable { notExecutable.append(hook.name) }
          if !current { stale.append(hook.name) }
          if !found { broken.append(hook.name) }
        }
      }
      for name in notExecutable {
        let path = FileSystem.join(inspection.hooksDirectory, name)
        findings.append(
          Finding(
            level: .problem, area: "hooks",
            text:
              "\(path) is not executable: git skips it silently, so commits go unchecked or unstamped",
            fix: "Run `chmod +x \(HookShim.shellWord(path))`, or `ledger install`."))
      }
      if missing.isEmpty && foreign.isEmpty && stale.isEmpty && broken.isEmpty
        && notExecutable.isEmpty && wired.count < HookRunner.hookNames.count
      {
        findings.append(
          Finding(
            level: .ok, area: "hooks",
            text: "all installed and current in \(inspection.hooksDirectory)"
              + managed.keys.sorted().map {
                "; \($0) runs \(managed[$0]!.joined(separator: ", ")) from its config"
              }.joined()))
      }
      if !missing.isEmpty || !foreign.isEmpty {
        findings.append(
          Finding(
            level: .problem, area: "hooks",
            text:
              "not installed in \(inspection.hooksDirectory): \((missing + foreign).joined(separator: ", "))",
            fix: "Run `ledger install` (a hook already there keeps running, chained)."))
      }
      if !stale.isEmpty {
        findings.append(
          Finding(
            level: .warning, area: "hooks",
            text:
              "installed by another version or for another binary: \(stale.joined(separator: ", "))",
            fix: "Run `ledger install` to update them."))
      }
      if !broken.isEmpty {
        findings.append(
          Finding(
            level: .problem, area: "hooks",
            text: "the ledger-hook the shims run is missing: \(broken.joined(separator: ", "))",
            fix: "Reinstall (./install.sh), or run `ledger install` with the ledger you use now."))
      }
      findings += gitLFSFindings(hooksDirectory: inspection.hooksDirectory)
      findings += gitlintFindings(
        hooksDirectory: inspection.hooksDirectory, workTree: workspace.repository.workTree)
    } catch {
      findings.append(Finding(level: .problem, area: "hooks", text: error.message, fix: error.hint))
    }

    return findings
  }
}
