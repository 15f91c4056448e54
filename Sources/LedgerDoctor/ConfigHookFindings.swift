import LedgerCore

extension Doctor {
  /// What `ledger doctor` says about AgentLedger's config-based registrations (git ≥ 2.54): which
  /// hooks they wire, in which config, and which git runs them — or that the git on `PATH` is too
  /// old to run them, or that the `ledger-hook` they run is gone.
  static func configHookFindings(_ inspection: HookInspection) -> [Finding] {
    guard let config = inspection.config else { return [] }
    let names = HookRunner.hookNames.filter { config.hooks[$0] != nil }
    let scopes = Set(names.compactMap { config.hooks[$0]?.scope }).sorted().joined(separator: ", ")
    let which =
      names.count == HookRunner.hookNames.count
      ? "all \(names.count) hooks" : names.joined(separator: ", ")
    let git =
      "git \(config.version.map { "\($0)" } ?? "(unknown version)") (\(config.gitPath ?? "git"))"
    var findings: [Finding] = []
    if config.honoured {
      findings.append(
        Finding(
          level: .ok, area: "hooks",
          text:
            "\(which) registered as config-based hooks (\(scopes) config); \(git) runs them, beside the hooks in \(inspection.hooksDirectory)"
        ))
    } else {
      findings.append(
        Finding(
          level: .warning, area: "hooks",
          text:
            "\(which) registered as config-based hooks (\(scopes) config), but \(git) ignores them (they need git \(ConfigHooks.minimumVersion) or newer)",
          fix:
            "Commit with git \(ConfigHooks.minimumVersion) or newer, or run `ledger install` with this git (it writes hook files; the registration defers to them)."
        ))
    }
    if !config.missingBinaries.isEmpty {
      findings.append(
        Finding(
          level: .problem, area: "hooks",
          text:
            "the ledger-hook the registrations run is missing: \(config.missingBinaries.joined(separator: ", "))",
          fix: "Reinstall (./install.sh), or run `ledger install` with the ledger you use now."))
    } else if !config.stale.isEmpty {
      findings.append(
        Finding(
          level: .warning, area: "hooks",
          text:
            "registered by another version or for another binary: \(config.stale.joined(separator: ", "))",
          fix: "Run `ledger install` to update them."))
    }
    return findings
  }
}
