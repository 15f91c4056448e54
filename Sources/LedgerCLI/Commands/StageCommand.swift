import LedgerCore

enum StageCommand {
  static let spec = CommandSpec(
    name: "stage", summary: "(not yet available)", usage: ["stage"], discussion: "", examples: [],
    options: [], positionals: (0, nil), run: { _ throws(LedgerError) in
      throw LedgerError(.environment, "ledger stage is not available in this build")
    })
}
