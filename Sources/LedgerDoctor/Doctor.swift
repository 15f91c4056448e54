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
    var findings: [Finding] = []
    var ledgerUnreadable = false

    // The session.
    do {
      let resolved = try SessionResolver.resolve(flag: nil, environment: context.environment)
      findings.append(
        Finding(
          level: .ok, area: "session",
          text: resolved.id.map { "\($0.value) (from \(resolved.source.rawValue))" }
            ?? "none: commits here are unscoped"))
    } catch {
      findings.append(
        Finding(level: .problem, area: "session", text: error.message, fix: error.hint))
    }

    // The repository, as git sees it.
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

    // The hooks.
    let hookBinary = HookShim.installedBinary(context)
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
        hooksDirectory: inspection.hooksDirectory, workTree: repository.workTree)
    } catch {
      findings.append(Finding(level: .problem, area: "hooks", text: error.message, fix: error.hint))
    }

    // The settings.
    let settings = workspace.settings
    findings.append(
      Finding(
        level: settings.enabled ? .ok : .warning, area: "settings",
        text:
          "enabled=\(settings.enabled) unscoped=\(settings.unscoped.rawValue) requireClaim=\(settings.requireClaim) noVerify=\(settings.noVerify.rawValue) releaseOnCommit=\(settings.releaseOnCommit) ttl=\(settings.ttl?.description ?? "none") trailer=\(settings.trailer)",
        fix: settings.enabled
          ? nil
          : "ledger.enabled is false: no hook checks anything (`git config --unset ledger.enabled`)."
      ))

    // The ledger.
    let store = workspace.store
    if repair {
      do {
        let report = try LedgerRepair.repair(
          store, now: context.now, timeout: workspace.lockTimeout,
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
    }
    do {
      let claims = try store.loadClaims()
      let now = context.now
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
      ledgerUnreadable = true
      findings.append(
        Finding(level: .problem, area: "ledger", text: error.message, fix: error.hint))
    }
    var loggedEvents: [AuditEvent]?
    do {
      let (events, unreadable) = try store.readLog()
      loggedEvents = events
      findings.append(
        Finding(
          level: unreadable > 0 ? .warning : .ok, area: "audit log",
          text:
            "\(events.count) event\(events.count == 1 ? "" : "s")\(unreadable > 0 ? ", \(unreadable) unreadable line\(unreadable == 1 ? "" : "s") skipped" : "")",
          fix: unreadable > 0
            ? "A torn last line comes from a crash mid-write; the log is otherwise intact." : nil))
    } catch {
      findings.append(Finding(level: .problem, area: "audit log", text: error.description))
    }
    if let events = loggedEvents {
      findings += reconciliationFindings(
        workspace, events: events, repair: repair, now: context.now)
    }
    let failures = RecordingLock.failureCount(store)
    if failures > 0 {
      findings.append(
        Finding(
          level: .warning, area: "audit log",
          text:
            "\(failures) commit\(failures == 1 ? "" : "s") could not be recorded after git returned (\(RecordingLock.failuresPath(store)))",
          fix:
            "Each line says why; the commits themselves are in git (`git log`). Remove the file once read."
        ))
    }
    if FileSystem.exists(store.claimsPath + ".lock") {
      findings.append(
        Finding(
          level: .warning, area: "ledger",
          text:
            "\(store.claimsPath).lock exists: a writer died mid-write (the next write removes it)"))
    }
    let code: ExitCode =
      ledgerUnreadable
      ? .environment : findings.contains { $0.level == .problem } ? .refused : .success
    return finish(findings, json: json, context: context, code: code)
  }

  /// Reconciles the log with history (see `Reconciliation`): unrecorded commits are a problem
  /// until `--repair` records them in the log, marked as found late.
  static func reconciliationFindings(
    _ workspace: Workspace, events: [AuditEvent], repair: Bool, now: Timestamp
  ) -> [Finding] {
    let unrecorded: [UnrecordedCommit]
    do {
      unrecorded = try Reconciliation.unrecorded(
        events: events, store: workspace.store, git: workspace.git, settings: workspace.settings,
        now: now)
    } catch {
      return [
        Finding(
          level: .warning, area: "history",
          text: "could not reconcile the audit log with history: \(error.message)",
          fix: error.hint)
      ]
    }
    guard !unrecorded.isEmpty else {
      return [
        Finding(
          level: .ok, area: "history",
          text: "every commit since the ledger was created is in the audit log")
      ]
    }
    let count = unrecorded.count
    let bypasses = unrecorded.filter { !$0.bypass.isEmpty }
    let listed =
      unrecorded.prefix(10).map { commit in
        "\(commit.commit.prefix(12)) (\(commit.session ?? "unscoped")\(commit.bypass.isEmpty ? "" : ", bypass: " + commit.bypass.prefix(3).map { "\($0.path) claimed by \($0.owner?.session.value ?? "?")" }.joined(separator: ", ")))"
      }.joined(separator: ", ") + (count > 10 ? ", …" : "")
    if repair {
      do {
        try workspace.store.record(unrecorded.flatMap { $0.events(now: now) }, durable: true)
        return [
          Finding(
            level: .warning, area: "repair",
            text:
              "recorded \(count) commit\(count == 1 ? "" : "s") that no hook had recorded, marked unrecorded\(bypasses.isEmpty ? "" : " (\(bypasses.count) as bypass)"): \(listed)",
            fix: "`ledger log` shows them; `git show ID` shows what each changed.")
        ]
      } catch {
        return [
          Finding(level: .problem, area: "repair", text: error.message, fix: error.hint)
        ]
      }
    }
    return [
      Finding(
        level: .problem, area: "history",
        text:
          "\(count) commit\(count == 1 ? "" : "s") in history never recorded in the audit log (made without the hooks)\(bypasses.isEmpty ? "" : ", \(bypasses.count) carrying another session's claimed paths"): \(listed)",
        fix:
          "`ledger log --unrecorded` lists them and `git show ID` shows one; once checked, `ledger doctor --repair` records them in the log (marked unrecorded)."
      )
    ]
  }

  static func libgit2Findings(context: ProcessContext, repository: Repository) -> [Finding] {
    LibGit2.initialize()
    defer { LibGit2.shutdown() }
    var findings: [Finding] = []
    do {
      let opened = try GitRepository(
        directory: context.currentDirectory, environment: context.environment)
      let agrees =
        FileSystem.realPath(opened.commonDirectory)
        == FileSystem.realPath(repository.commonDirectory)
      if agrees {
        findings.append(
          Finding(
            level: .ok, area: "libgit2",
            text: "libgit2 \(LibGit2.version) opens the repository and agrees on its common dir"))
      } else {
        findings.append(
          Finding(
            level: .warning, area: "libgit2",
            text:
              "libgit2 \(LibGit2.version) sees the common dir as \(opened.commonDirectory), git as \(repository.commonDirectory)"
          ))
      }
      do {
        let count = try opened.indexEntryCount()
        findings.append(Finding(level: .ok, area: "index", text: "readable (\(count) entries)"))
      } catch {
        findings.append(
          Finding(
            level: .warning, area: "index",
            text: "libgit2 cannot read the index (\(error.message)) — a split or sparse index",
            fix: "Nothing to do: AgentLedger's hooks ask git, which reads it."))
      }
    } catch {
      findings.append(
        Finding(
          level: .warning, area: "libgit2",
          text: "libgit2 \(LibGit2.version) cannot open the repository: \(error.message)"))
    }
    return findings
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

    Checks the session, the repository (as git and as libgit2 see it), the four hooks, the
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
