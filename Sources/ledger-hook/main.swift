import LedgerCore

// The hook executable that git and the hook files run: read the process, run the hook, exit.
ProcessEnvironment.prepareSignals()
exit(
  HookEntry.run(arguments: ProcessEnvironment.arguments(), context: ProcessEnvironment.context()))
