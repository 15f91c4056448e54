import Foundation
import Testing

/// Every git command line AgentLedger runs is spelled in one file, `Git/GitCommands.swift`
/// (docs/ARCHITECTURE.md, "Git"), so shared options cannot drift apart between copies. This
/// reads every source file of every target and fails on an array literal anywhere else that
/// starts like a git command line: a git subcommand, or `-c` (a configuration override). A set
/// of names to compare with (`[…].contains(x)`, `Set<String> = […]`) and a subscript
/// (`event["commit"]`) are not command lines.
@Suite("Git commands: one catalogue")
struct GitCommandCatalogueTests {
  static let sources = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Sources")

  /// The catalogue itself.
  static let catalogue = "LedgerCore/Git/GitCommands.swift"

  /// git's subcommands (porcelain and plumbing) that a tool like this one could run.
  static let subcommands = [
    "add", "am", "apply", "blame", "branch", "cat-file", "check-attr", "check-ignore",
    "checkout", "cherry-pick", "commit", "commit-tree", "config", "diff", "diff-files",
    "diff-index", "diff-tree", "fetch", "for-each-ref", "hash-object", "hook",
    "interpret-trailers", "log", "ls-files", "ls-tree", "merge", "merge-base", "merge-tree",
    "mktree", "notes", "push", "read-tree", "rebase", "reset", "restore", "rev-list",
    "rev-parse", "rm", "show", "show-ref", "stash", "status", "stripspace", "switch",
    "symbolic-ref", "update-index", "update-ref", "var", "version", "worktree", "write-tree",
    "-c", "-C",
  ]

  /// `text` without comments.
  static func uncommented(_ text: String) -> String {
    var result = text
    for pattern in [#"//[^\n]*"#, #"/\*[\s\S]*?\*/"#] {
      result = result.replacingOccurrences(of: pattern, with: " ", options: .regularExpression)
    }
    return result
  }

  @Test("no git command line is spelled outside Git/GitCommands.swift")
  func oneCatalogue() throws {
    let names = Self.subcommands.map { NSRegularExpression.escapedPattern(for: $0) }
    let expression = try NSRegularExpression(
      pattern: #"(?<![\w\]\)?!])\[\s*"("# + names.joined(separator: "|")
        + #")"[^\[\]]*\](?!\s*\.contains)"#)
    let manager = FileManager.default
    guard let walker = manager.enumerator(atPath: Self.sources.path) else {
      Issue.record("the sources were not found at \(Self.sources.path)")
      return
    }
    var files = 0
    var found: [String] = []
    var catalogueUses = 0
    for case let relative as String in walker where relative.hasSuffix(".swift") {
      files += 1
      let text = try String(
        contentsOf: Self.sources.appendingPathComponent(relative), encoding: .utf8)
      let code = Self.uncommented(text)
      let matches = expression.matches(in: code, range: NSRange(code.startIndex..., in: code))
      if relative == Self.catalogue {
        catalogueUses = matches.count
        continue
      }
      for match in matches {
        guard let range = Range(match.range, in: code),
          !code[..<range.lowerBound].hasSuffix("Set<String> = ")
        else { continue }
        let line = code[..<range.lowerBound].filter { $0 == "\n" }.count + 1
        found.append("\(relative):\(line): \(code[range])…")
      }
    }
    #expect(files > 100, "the sources were not found at \(Self.sources.path)")
    #expect(catalogueUses > 20, "the catalogue \(Self.catalogue) was not read")
    #expect(
      found.isEmpty,
      "git command lines outside \(Self.catalogue) (add them there):\n\(found.joined(separator: "\n"))"
    )
  }
}
