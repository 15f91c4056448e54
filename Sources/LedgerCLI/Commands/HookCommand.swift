import LedgerCore

enum HookCommand {
  static let spec = CommandSpec(
    name: "hook", summary: "(not yet available)", usage: ["hook"], discussion: "", examples: [],
    options: [], positionals: (0, nil), run: { _ throws(LedgerError) in
      throw LedgerError(.environment, "ledger hook is not available in this build")
    })
}
