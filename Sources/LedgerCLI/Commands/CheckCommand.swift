import LedgerCore

enum CheckCommand {
  static let spec = CommandSpec(
    name: "check", summary: "(not yet available)", usage: ["check"], discussion: "", examples: [],
    options: [], positionals: (0, nil), run: { _ throws(LedgerError) in
      throw LedgerError(.environment, "ledger check is not available in this build")
    })
}
