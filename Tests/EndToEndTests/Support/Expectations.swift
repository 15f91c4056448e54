import Foundation

import Testing

/// Expects `result` to have exited (not been killed) with `code`, showing the whole run if not.
func expectExit(
  _ code: Int32, _ result: CommandResult, sourceLocation: SourceLocation = #_sourceLocation
) {
  #expect(result.exited(code), "expected exit \(code)\n\(result)", sourceLocation: sourceLocation)
}

/// Expects an error exit that explains itself on stderr and prints nothing on stdout.
func expectError(
  _ code: Int32, _ result: CommandResult, mentioning fragments: [String] = [],
  sourceLocation: SourceLocation = #_sourceLocation
) {
  expectExit(code, result, sourceLocation: sourceLocation)
  #expect(
    !result.stderr.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty,
    "an error must be explained on stderr\n\(result)", sourceLocation: sourceLocation)
  #expect(
    !result.stderr.contains("Fatal error") && !result.stderr.contains("Stack dump"),
    "crashed\n\(result)", sourceLocation: sourceLocation)
  for fragment in fragments {
    #expect(
      result.stderr.contains(fragment), "stderr should mention '\(fragment)'\n\(result)",
      sourceLocation: sourceLocation)
  }
}
