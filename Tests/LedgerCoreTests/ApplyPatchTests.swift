import Testing

@testable import LedgerCore

/// Patches in the shapes Codex sends (openai/codex `codex-rs/apply-patch` grammar and its own
/// parser tests), and malformed ones.
@Suite("Codex apply_patch file operations")
struct ApplyPatchTests {
  func paths(_ text: String) throws -> [String] { try ApplyPatch(parsing: text).paths }

  @Test("add, update, delete and a move: every path, both sides of the move")
  func allOperations() throws {
    let patch = """
      *** Begin Patch
      *** Add File: path/add.py
      +abc
      +def
      *** Delete File: path/delete.py
      *** Update File: path/update.py
      *** Move to: path/update2.py
      @@ def f():
      -    pass
      +    return 123
      *** End Patch
      """
    let parsed = try ApplyPatch(parsing: patch)
    #expect(
      parsed.operations == [
        .add("path/add.py"), .delete("path/delete.py"),
        .update("path/update.py", moveTo: "path/update2.py"),
      ])
    #expect(parsed.paths == ["path/add.py", "path/delete.py", "path/update.py", "path/update2.py"])
  }

  @Test("an update whose first hunk has no @@ line, several hunks, End of File, blank lines")
  func updateShapes() throws {
    let patch = """
      *** Begin Patch
      *** Update File: a.swift
       import Foundation
      +import Testing

      @@ struct A
      -  var x = 1
      +  var x = 2
      @@
       last
      +tail
      *** End of File
      *** Update File: b.swift
      @@
      -old
      +new
      *** End Patch
      """
    #expect(try paths(patch) == ["a.swift", "b.swift"])
  }

  @Test("lines that look like headers inside content are content, as Codex reads them")
  func headerLookalikes() throws {
    let patch = """
      *** Begin Patch
      *** Add File: notes.md
      +*** Delete File: not-a-file.txt
      *** Update File: docs.md
      @@
       *** Update File: also-not-a-file.txt
      -*** Move to: nor-this.txt
      +x
      *** End Patch
      """
    #expect(try paths(patch) == ["notes.md", "docs.md"])
  }

  @Test("padding around markers, CRLF line ends, a heredoc wrapper, absolute paths, repeats")
  func lenient() throws {
    #expect(
      try paths("  *** Begin Patch \r\n*** Add File: foo\r\n+hi\r\n *** End Patch\n\n") == ["foo"])
    let heredoc = "<<'EOF'\n*** Begin Patch\n*** Delete File: gone.txt\n*** End Patch\nEOF\n"
    #expect(try paths(heredoc) == ["gone.txt"])
    #expect(
      try paths("*** Begin Patch\n*** Delete File: /abs/x\n*** Add File: /abs/x\n+1\n*** End Patch")
        == ["/abs/x"])
    // Bytes count, not characters: a "+" with a combining mark is still an added line.
    #expect(
      try paths("*** Begin Patch\n*** Add File: a\n+\u{301}x\n*** Delete File: b\n*** End Patch")
        == ["a", "b"])
    // An empty patch writes nothing.
    #expect(try paths("*** Begin Patch\n*** End Patch") == [])
  }

  @Test(
    "a malformed patch is an error naming what is wrong, never an empty list",
    arguments: [
      ("", "first line"),
      ("just some text", "first line"),
      ("*** Begin Patch\n*** Add File: a\n+x", "last line"),
      ("*** Add File: a\n+x\n*** End Patch", "first line"),
      ("*** Begin Patch\n*** Frobnicate File: a\n*** End Patch", "not a file header"),
      ("*** Begin Patch\nrandom line\n*** End Patch", "not a file header"),
      ("*** Begin Patch\n*** Update File: a\n*** End Patch", "no changes"),
      ("*** Begin Patch\n*** Update File: a\n@@\n*** End Patch", "no lines"),
      ("*** Begin Patch\n*** Update File: a\nnot a diff line\n*** End Patch", "neither"),
      (
        "*** Begin Patch\n*** Update File: a\n@@\n-x\n@@ y\n*** End of File\n*** End Patch",
        "no lines"
      ),
      ("*** Begin Patch\n*** Add File: \n+x\n*** End Patch", "not a file header"),
      ("*** Begin Patch\n*** Delete File: a\u{0}b\n*** End Patch", "no usable path"),
      (
        "*** Begin Patch\n*** Update File: a\n*** Move to: \n@@\n-x\n*** End Patch",
        "no usable path"
      ),
      ("<<'EOF'\n*** Begin Patch\n*** Delete File: a\nEOF", "first line"),
    ])
  func malformed(text: String, mentioning: String) {
    do {
      let parsed = try ApplyPatch(parsing: text)
      Issue.record("parsed as \(parsed.operations)")
    } catch {
      #expect(error.code == .badInput)
      #expect(error.message.contains(mentioning), "\(error.message)")
      #expect(error.message.contains("cannot be read"))
    }
  }

  @Test("arbitrary damage to a valid patch never crashes: it parses or is refused")
  func fuzz() {
    let valid = Array(
      "*** Begin Patch\n*** Add File: a\n+x\n*** Update File: b\n*** Move to: c\n@@\n-y\n+z\n*** Delete File: d\n*** End Patch\n"
    )
    var generator = SystemRandomNumberGenerator()
    let alphabet = Array("*+- @\n\r:EOFabc\u{0}é")
    for _ in 0..<2000 {
      var text = valid
      for _ in 0..<Int.random(in: 1...4, using: &generator) {
        let index = Int.random(in: 0..<text.count, using: &generator)
        switch Int.random(in: 0..<3, using: &generator) {
        case 0: text.remove(at: index)
        case 1: text.insert(alphabet.randomElement(using: &generator)!, at: index)
        default: text[index] = alphabet.randomElement(using: &generator)!
        }
      }
      if let parsed = try? ApplyPatch(parsing: String(text)) {
        #expect(parsed.paths.allSatisfy { !$0.isEmpty })
      }
    }
  }
}
