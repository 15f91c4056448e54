import LedgerCore

extension Doctor {
  /// `--repair`: sets an unreadable claims file aside and rebuilds the claims from the log.
  static func repairFindings(_ workspace: Workspace, context: ProcessContext) -> [Finding] {
    var findings: [Finding] = []
    do {
      let report = try LedgerRepair.repair(
        workspace.store, now: context.now, timeout: workspace.lockTimeout,
        session: try? SessionResolver.resolve(flag: nil, environment: context.environment).id?
          .value)
      if let rebuilt = report.rebuilt {
        findings.append(
          Finding(
            level: .warning, area: "repair",
            text:
              "\(report.setAside.isEmpty ? "the claims file was missing" : "set aside \(report.setAside.joined(separator: ", "))"); rebuilt \(rebuilt) claims from the audit log\(report.skippedLogLines > 0 ? " (skipped \(report.skippedLogLines) unreadable log lines)" : "")",
            fix: report.setAside.isEmpty
              ? "Check `ledger status`."
              : "Check `ledger status`; the set-aside file is kept for inspection."))
      } else {
        findings.append(
          Finding(level: .ok, area: "repair", text: "the ledger is readable; nothing to repair"))
      }
    } catch {
      findings.append(
        Finding(level: .problem, area: "repair", text: error.message, fix: error.hint))
    }
    return findings
  }

  /// The claims: how many are active, by how many sessions, and those ended sessions left.
  /// `unreadable` is true when the claims file cannot be read (exit 3 unless repaired).
  static func claimsFindings(_ store: LedgerStore, now: Timestamp) -> (
    findings: [Finding], unreadable: Bool
  ) {
    var findings: [Finding] = []
    var unreadable = false
    do {
      let claims = try store.loadClaims()
      let active = claims.filter { $0.isActive(at: now) }
      let sessions = Set(active.map(\.session))
      let ended = Set(active.filter { $0.ended != nil }.map(\.session))
      var text =
        "\(active.count) active claim\(active.count == 1 ? "" : "s") by \(sessions.count) session\(sessions.count == 1 ? "" : "s")"
      if claims.count > active.count {
        text += ", \(claims.count - active.count) expired (dropped at the next write)"
      }
      findings.append(Finding(level: .ok, area: "ledger", text: text))
      if !ended.isEmpty {
        findings.append(
          Finding(
            level: .warning, area: "ledger",
            text:
              "claims left by ended sessions: \(ended.map(\.value).sorted().joined(separator: ", "))",
            fix:
              "Their work is uncommitted: commit or release it (`ledger claim --steal --reason …` to take over)."
          ))
      }
    } catch {
      unreadable = true
      findings.append(
        Finding(level: .problem, area: "ledger", text: error.message, fix: error.hint))
    }
    return (findings, unreadable)
  }

  /// A claims lock file left by a writer that died mid-write.
  static func leftoverLockFindings(_ store: LedgerStore) -> [Finding] {
    var findings: [Finding] = []
    if FileSystem.exists(store.claimsPath + ".lock") {
      findings.append(
        Finding(
          level: .warning, area: "ledger",
          text:
            "\(store.claimsPath).lock exists: a writer died mid-write (the next write removes it)"))
    }
    return findings
  }
}
