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

extension FuzzRegressionTests {
  /// fuzz/TrailerFuzz.swift, crash-6c64f19e: options byte 0x04 (comment prefix auto, an editor
  /// will open, key X-Agent, value alice), message "\n# Please enter the commit message for your
  /// changes.\n" — git's template for an empty message. The fuzzer expected the trailer in a
  /// trailer block, but in an empty message it deliberately waits alone on line 3 (line 1 is for
  /// the subject; left so, commit-msg aborts the commit): the property was wrong, not the code.
  @Test("in git's empty-message template the trailer is the only content, once, and removable")
  func trailerInEmptyTemplate() {
    let text = "\n# Please enter the commit message for your changes.\n"
    var message = CommitMessage(text, commentPrefix: nil)
    let cleaned = message.cleaned
    let added = message.addTrailer(key: "X-Agent", value: "alice", editorWillOpen: true)
    #expect(added)
    #expect(
      message.text == "\n\nX-Agent: alice\n# Please enter the commit message for your changes.\n")
    var twice = message
    let again = twice.addTrailer(key: "X-Agent", value: "alice", editorWillOpen: true)
    #expect(!again)
    #expect(twice == message)
    let removed = message.removeTrailer(key: "X-Agent", value: "alice")
    #expect(removed)
    #expect(message.cleaned == cleaned)
  }
}
