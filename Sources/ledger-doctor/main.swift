import LedgerCore
import LedgerDoctor

// `ledger doctor` runs this executable (it links libgit2, which `ledger` itself does not).
ProcessEnvironment.prepareSignals()
exit(Doctor.run(arguments: ProcessEnvironment.arguments(), context: ProcessEnvironment.context()))
