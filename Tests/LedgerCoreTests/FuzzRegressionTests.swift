import Testing

@testable import LedgerCore

/// Inputs the fuzzers (fuzz/*.swift, run by scripts/fuzz.sh) found, kept as regression tests.
@Suite("Fuzzer findings")
struct FuzzRegressionTests {
  /// fuzz/TrailerFuzz.swift, crash-18977f7b: options byte 0x08 (comment prefix auto, no editor,
  /// key Agent-Session, value alice), message "Subject\n\nBody\n---\n a | 1 +\n".
  ///
  /// The trailer goes above the patch divider ("---") with a blank line before it; removing it
  /// leaves that blank line, so the cleaned message differs from the one before. commit-msg
  /// compares exactly that with the pristine template, so an untouched template holding a
  /// "---" line is committed instead of aborting (see BadInputTests.untouchedTemplateWithDivider).
  @Test("add then remove a trailer above a patch divider gives back the cleaned message")
  func trailerAboveDivider() {
    let text = "Subject\n\nBody\n---\n a | 1 +\n"
    var message = CommitMessage(text, commentPrefix: nil)
    let cleaned = message.cleaned
    let added = message.addTrailer(key: "Agent-Session", value: "alice", editorWillOpen: false)
    #expect(added)
    #expect(message.text == "Subject\n\nBody\n\nAgent-Session: alice\n---\n a | 1 +\n")
    let removed = message.removeTrailer(key: "Agent-Session", value: "alice")
    #expect(removed)
    #expect(message.cleaned == cleaned, "\(String(reflecting: message.text))")
  }

  /// The same with a template git's editor flow would show: the commit-msg decision.
  @Test("an untouched template with a '---' line still reads as untouched after the round trip")
  func untouchedTemplateDecision() {
    let template = "Template subject\n\nBody\n---\nnotes below\n"
    var message = CommitMessage(template, commentPrefix: "#")
    let pristine = message.cleaned
    let added = message.addTrailer(key: "Agent-Session", value: "bob", editorWillOpen: true)
    #expect(added)
    var stripped = message
    let removed = stripped.removeTrailer(key: "Agent-Session", value: "bob")
    #expect(removed)
    #expect(stripped.cleaned == pristine)
  }
}
