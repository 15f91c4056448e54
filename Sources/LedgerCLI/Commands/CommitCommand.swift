import LedgerCore

enum CommitCommand {
  static let spec = CommandSpec(
    name: "commit", summary: "(not yet available)", usage: ["commit"], discussion: "", examples: [],
    options: [], positionals: (0, nil), run: { _ throws(LedgerError) in
      throw LedgerError(.environment, "ledger commit is not available in this build")
    })
}
