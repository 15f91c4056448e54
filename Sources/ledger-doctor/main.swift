import LedgerCore
import LedgerDoctor

#if canImport(Glibc)
  import Glibc
#endif

// `ledger doctor` runs this executable (it links libgit2, which `ledger` itself does not).
ProcessEnvironment.prepareSignals()
exit(Doctor.run(arguments: ProcessEnvironment.arguments(), context: ProcessEnvironment.context()))
