import LedgerCLI
import LedgerCore

// The whole executable: read the process, hand it to the library, exit with its code.
ProcessEnvironment.prepareSignals()
exit(
  LedgerCLI.run(
    arguments: ProcessEnvironment.arguments(), context: ProcessEnvironment.context(),
    invalidArgument: ProcessEnvironment.firstInvalidArgument()))
