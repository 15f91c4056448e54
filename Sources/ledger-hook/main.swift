import LedgerCore

#if canImport(Glibc)
  import Glibc
#endif

// The hook executable that the shims in .git/hooks run: read the process, run the hook, exit.
ProcessEnvironment.prepareSignals()
let arguments = ProcessEnvironment.arguments()
if arguments.count >= 2, arguments[0] == "--shim", HookRunner.hookNames.contains(arguments[1]) {
  // Prints the hook file `ledger install` writes (keeps the top-level hooks/ folder true).
  print(
    HookShim.render(
      hook: arguments[1], hookBinary: arguments.count > 2 ? arguments[2] : "@LEDGER_HOOK@"),
    terminator: "")
  exit(0)
}
exit(HookRunner.run(arguments: arguments, context: ProcessEnvironment.context()))
