import LedgerCore

enum DoctorCommand {
  static let spec = CommandSpec(
    name: "doctor", summary: "(not yet available)", usage: ["doctor"], discussion: "", examples: [],
    options: [], positionals: (0, nil), run: { _ throws(LedgerError) in
      throw LedgerError(.environment, "ledger doctor is not available in this build")
    })
}
