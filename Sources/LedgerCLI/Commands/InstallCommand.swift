import LedgerCore

enum InstallCommand {
  static let spec = CommandSpec(
    name: "install", summary: "(not yet available)", usage: ["install"], discussion: "", examples: [],
    options: [], positionals: (0, nil), run: { _ throws(LedgerError) in
      throw LedgerError(.environment, "ledger install is not available in this build")
    })
  static let uninstallSpec = CommandSpec(
    name: "uninstall", summary: "(not yet available)", usage: ["uninstall"], discussion: "", examples: [],
    options: [], positionals: (0, nil), run: { _ throws(LedgerError) in
      throw LedgerError(.environment, "ledger uninstall is not available in this build")
    })
}
