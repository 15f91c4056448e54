// Fuzz target: the commit-message editor (`CommitMessage` add/remove trailer, `cleaned`).
//
// Built by scripts/fuzz.sh together with the LedgerCore sources (one module, so internal API
// is visible), with `-sanitize=fuzzer,address`. Not part of the package.
//
// The first input byte picks the options the hooks vary (comment prefix, whether an editor
// will open, a configured trailer key); the rest is the message. Beyond "never crash":
// - reading and writing back an untouched message changes no byte;
// - after adding, the trailer is found in the message's trailer block, exactly once (in an
//   empty message an editor will show, it is the only content), and a second add changes
//   nothing;
// - the first line (the subject) of a non-empty message is never altered;
// - an empty message stays empty unless an editor will open;
// - removing the trailer again gives back the same cleaned text (what git compares).
//
// A bug it found (a patch divider "---" below the message: removing the trailer left the blank
// line added above it) is fixed and pinned in Tests/LedgerCoreTests/FuzzRegressionTests.swift;
// the round-trip property holds for every message again.

#if canImport(Glibc)
  import Glibc
#endif

@_cdecl("LLVMFuzzerTestOneInput")
public func trailerFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  guard let options = bytes.first else { return 0 }
  checkTrailer(options: options, text: String(decoding: bytes.dropFirst(), as: UTF8.self))
  return 0
}

/// Runs the editor on `text` with the options in `options` (traps on a broken invariant).
func checkTrailer(options: UInt8, text: String) {
  let prefixes: [String?] = [nil, "#", ";", "//"]
  let prefix = prefixes[Int(options & 3)]
  let editorWillOpen = options & 4 != 0
  let key = options & 8 != 0 ? "Agent-Session" : "X-Agent"
  let value = options & 16 != 0 ? "claude:fuzz-1" : "alice"

  var message = CommitMessage(text, commentPrefix: prefix)
  if options & 32 != 0 { message.configuredKeys = ["Co-authored-by", key] }
  precondition(message.text == text, "an untouched message does not read back as it was")
  let before = message
  let cleanedBefore = message.cleaned
  _ = message.trailers

  // Skip the invariants that cannot hold when the text already carries this exact trailer.
  let alreadyThere = text.contains("\(value)")

  let added = message.addTrailer(key: key, value: value, editorWillOpen: editorWillOpen)
  if before.isEmpty && !editorWillOpen {
    precondition(!added && message == before, "an empty message did not stay empty")
    return
  }
  if !added {
    precondition(message == before, "addTrailer returned false but changed the message")
    precondition(alreadyThere, "addTrailer refused a trailer that was not there")
    return
  }
  if before.isEmpty {
    // An empty message an editor will show: the trailer waits on line 3 as its only content
    // (what is typed on line 1 becomes the subject; left untouched, commit-msg aborts).
    let content = message.lines[0..<message.limit].filter {
      !CommitMessage.isBlank($0) && !message.isComment($0)
    }
    precondition(
      content.map(CommitMessage.content) == ["\(key): \(value)"],
      "in an empty message the trailer is not the only content")
  } else {
    precondition(message.contains(key: key, value: value), "the added trailer is not found")
    precondition(
      message.lines.first == before.lines.first, "the subject line was altered")
    let found = message.trailers.filter {
      $0.key.lowercased() == key.lowercased() && $0.value == value
    }
    if !alreadyThere {
      precondition(found.count == 1, "the trailer block holds it \(found.count) times")
    }
  }
  var twice = message
  precondition(
    !twice.addTrailer(key: key, value: value, editorWillOpen: editorWillOpen) && twice == message,
    "a second addTrailer changed the message")
  _ = message.cleaned

  var removed = message
  precondition(removed.removeTrailer(key: key, value: value), "removeTrailer found nothing")
  if !alreadyThere {
    precondition(
      removed.cleaned == cleanedBefore,
      "add then remove changed the cleaned message")
  }
}
