import LedgerCore

#if canImport(Glibc)
  import Glibc
#endif

// The hook executable that the shims in .git/hooks run: read the process, run the hook, exit.
ProcessEnvironment.prepareSignals()
exit(
  HookRunner.run(arguments: ProcessEnvironment.arguments(), context: ProcessEnvironment.context()))
