import LedgerCore
import LibGit2

/// `ledger doctor [--repair] [--json]`: are the hooks installed and current, is the ledger
/// readable, which session resolves here — and libgit2's independent view of the repository.
///
/// It is its own executable because libgit2 costs ~7 ms to load and ~10 ms to initialise on
/// this platform; keeping it out of `ledger` and `ledger-hook` keeps every other command fast.
public enum Doctor {
  /// One line of the report.
  struct Finding {
    enum Level: String {
      case ok, warning, problem
    }
    var level: Level
    var area: String
    var text: String
    var fix: String?
  }

  /// Runs the doctor and returns the exit status: 0 healthy, 1 problems found, 3 the ledger is
  /// unreadable (and was not repaired).
  public static func run(arguments: [String], context: ProcessContext) -> Int32 {
    let repair = arguments.contains("--repair")
    let json = arguments.contains("--json")
    if let unknown = arguments.first(where: { !["--repair", "--json"].contains($0) }) {
      if unknown == "--help" || unknown == "-h" {
        context.output.write(help)
        return 0
      }
      context.output.error(
        "ledger doctor: unknown argument \(unknown)\nSee `ledger doctor --help`.")
      return ExitCode.badInput.rawValue
    }
    var findings = [sessionFinding(context)]

    // The repository, as git sees it (and as libgit2 does).
    let workspace: Workspace
    do {
      workspace = try Workspace.open(context)
    } catch {
      findings.append(
        Finding(level: .problem, area: "repository", text: error.message, fix: error.hint))
      return finish(findings, json: json, context: context, code: .environment)
    }
    let repository = workspace.repository
    findings.append(
      Finding(
        level: .ok, area: "repository",
        text: "work tree \(repository.workTree); ledger in \(workspace.store.directory)"))
    findings += libgit2Findings(context: context, repository: repository)

    findings += hookFindings(workspace, hookBinary: HookShim.installedBinary(context))
    findings.append(settingsFinding(workspace.settings))
    if repair { findings += repairFindings(workspace, context: context) }
    let (claimFindings, ledgerUnreadable) = claimsFindings(workspace.store, now: context.now)
    findings += claimFindings
    findings += auditLogFindings(workspace, repair: repair, now: context.now)
    findings += leftoverLockFindings(workspace.store)

    let code: ExitCode =
      ledgerUnreadable
      ? .environment : findings.contains { $0.level == .problem } ? .refused : .success
    return finish(findings, json: json, context: context, code: code)
  }

  /// Which session resolves here, by the rules every executable uses.
  static func sessionFinding(_ context: ProcessContext) -> Finding {
    do {
      let resolved = try SessionResolver.resolve(flag: nil, environment: context.environment)
      return Finding(
        level: .ok, area: "session",
        text: resolved.id.map { "\($0.value) (from \(resolved.source.rawValue))" }
          ?? "none: commits here are unscoped")
    } catch {
      return Finding(level: .problem, area: "session", text: error.message, fix: error.hint)
    }
  }

  /// The `ledger.*` settings in force; a warning when the hooks are turned off.
  static func settingsFinding(_ settings: LedgerSettings) -> Finding {
    Finding(
      level: settings.enabled ? .ok : .warning, area: "settings",
      text:
        "enabled=\(settings.enabled) unscoped=\(settings.unscoped.rawValue) requireClaim=\(settings.requireClaim) noVerify=\(settings.noVerify.rawValue) releaseOnCommit=\(settings.releaseOnCommit) ttl=\(settings.ttl?.description ?? "none") trailer=\(settings.trailer)",
      fix: settings.enabled
        ? nil
        : "ledger.enabled is false: no hook checks anything (`git config --unset ledger.enabled`)."
    )
  }

  static func finish(_ findings: [Finding], json: Bool, context: ProcessContext, code: ExitCode)
    -> Int32
  {
    let output = context.output
    if json {
      output.line(
        JSONWriter.compact(
          .object([
            ("healthy", .bool(code == .success)),
            (
              "findings",
              .array(
                findings.map { finding in
                  .object([
                    ("level", .string(finding.level.rawValue)), ("area", .string(finding.area)),
                    ("text", .string(finding.text)), ("fix", .optional(finding.fix)),
                  ])
                })
            ),
          ])))
      return code.rawValue
    }
    for finding in findings {
      let mark: String
      switch finding.level {
      case .ok: mark = output.styled("ok  ", .green)
      case .warning: mark = output.styled("warn", .yellow)
      case .problem: mark = output.styled("FAIL", .red)
      }
      output.line("\(mark)  \(finding.area): \(finding.text)")
      if let fix = finding.fix, finding.level != .ok { output.line("      → \(fix)") }
    }
    return code.rawValue
  }

  static let help = """
    ledger doctor — are the hooks installed and current, is the ledger readable, which session
    resolves here

    Usage:
      ledger doctor [--repair] [--json]

    Checks the session, the repository (as git and as libgit2 see it), the nine hooks, the
    settings, the claims file and the audit log, and whether every commit made since the ledger
    was created is in the log; says how to fix what is wrong. Exit code 0 when healthy, 1 when a
    problem was found (an unrecorded commit is one), 3 when the ledger is unreadable.

    --repair sets an unreadable claims file aside inside the ledger folder (renamed to
    claims.jsonl.broken-TIME, never deleted) and rebuilds the claims from the audit log; it
    records each unrecorded commit in the log (a commit event marked "unrecorded", and a bypass
    event when it carried another session's claimed paths).

    Examples:
      # after `git commit` reported the ledger unreadable
      ledger doctor --repair

    """
}
