import LedgerCore

enum SetupCommand {
  static let spec = CommandSpec(
    name: "setup", summary: "(not yet available)", usage: ["setup"], discussion: "", examples: [],
    options: [], positionals: (0, nil), run: { _ throws(LedgerError) in
      throw LedgerError(.environment, "ledger setup is not available in this build")
    })
}
