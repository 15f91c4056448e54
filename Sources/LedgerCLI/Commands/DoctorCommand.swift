import LedgerCore

/// `ledger doctor`: runs the `ledger-doctor` executable installed next to `ledger`.
enum DoctorCommand {
  static let spec = CommandSpec(
    name: "doctor",
    summary: "Check hooks, ledger and session; --repair rebuilds an unreadable ledger",
    usage: ["doctor [--repair] [--json]"],
    discussion: """
      Checks the session, the repository (as git and as libgit2 see it), the four hooks, the \
      settings, the claims file and the audit log, and says how to fix what is wrong. Exit \
      code 0 when healthy, 1 when a problem was found, 3 when the ledger is unreadable. \
      --repair sets an unreadable claims file aside inside the ledger folder (renamed, never \
      deleted) and rebuilds the claims from the audit log.
      """,
    examples: [("ledger doctor --repair", "after a commit reported the ledger unreadable")],
    options: [
      .flag("repair", "Set an unreadable ledger aside and rebuild it from the log."), .json,
    ],
    positionals: (0, 0),
    run: run)

  static func run(_ invocation: Invocation) throws(LedgerError) -> ExitCode {
    let doctor = invocation.context.executablePath.map {
      FileSystem.join(FileSystem.directoryName(of: $0), "ledger-doctor")
    }
    guard let doctor, FileSystem.isExecutable(doctor) else {
      throw LedgerError(
        .environment, "ledger-doctor is not installed next to ledger (\(doctor ?? "unknown path"))",
        hint: "Reinstall AgentLedger with ./install.sh, which installs both.")
    }
    var arguments: [String] = []
    if invocation.flag("repair") { arguments.append("--repair") }
    if invocation.json { arguments.append("--json") }
    let status: Int32
    do {
      status = try Subprocess.runAttached(invocation.context.command(doctor, arguments))
    } catch {
      throw LedgerError(.environment, "cannot run \(doctor): \(error.reason)")
    }
    return ExitCode(rawValue: status) ?? .environment
  }
}
