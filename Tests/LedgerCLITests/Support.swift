import Foundation
import LedgerCore

@testable import LedgerCLI

/// Text a command wrote, captured in memory.
final class Captured: @unchecked Sendable {
  private let lock = NSLock()
  private var outText = ""
  private var errorText = ""

  var out: String { lock.withLock { outText } }
  var error: String { lock.withLock { errorText } }

  var output: Output {
    Output(
      out: { text in self.lock.withLock { self.outText += text } },
      error: { text in self.lock.withLock { self.errorText += text } })
  }
}

/// A process context with no repository, a fixed clock and captured output.
func context(_ captured: Captured, environment: [String: String] = [:]) -> ProcessContext {
  ProcessContext(
    environment: environment, currentDirectory: NSTemporaryDirectory(),
    clock: { Timestamp(seconds: 1_800_000_000) }, output: captured.output)
}

/// Runs `ledger ARGUMENTS` in-process: the exit status and what it wrote.
func ledger(_ arguments: String...) -> (status: Int32, out: String, error: String) {
  let captured = Captured()
  let status = LedgerCLI.run(arguments: arguments, context: context(captured))
  return (status, captured.out, captured.error)
}

/// The command `name` of the table.
func command(_ name: String) -> CommandSpec {
  LedgerCLI.commands.first { $0.name == name }!
}

/// The package root, from this file's path.
let packageRoot = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
