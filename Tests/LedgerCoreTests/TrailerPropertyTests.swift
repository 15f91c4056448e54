import Foundation
import PropertyBased
import Testing

@testable import LedgerCore

// Property tests of the trailer writer (`CommitMessage`) against the real git: for random
// messages, the message git would commit after prepare-commit-msg added the session trailer
// carries exactly one such trailer according to `git interpret-trailers --parse`, its subject
// and body are what the author wrote, and an empty message stays empty.

/// A random commit message, built from the pieces real messages are made of.
struct RandomMessage: Sendable, CustomStringConvertible {
  /// The text as the hook reads it from the message file.
  var text: String
  /// True when it was built for the editor flow (comment lines, maybe a scissors block).
  var editor: Bool

  var description: String {
    "\(editor ? "editor" : "-m") message: \(String(reflecting: text))"
  }
}

private func pick<T>(_ items: [T], _ rng: inout any SeededRandomNumberGenerator) -> T {
  items[Int.random(in: 0..<items.count, using: &rng)]
}

private func chance(_ percent: Int, _ rng: inout any SeededRandomNumberGenerator) -> Bool {
  Int.random(in: 0..<100, using: &rng) < percent
}

private let words = [
  "Fix", "parser", "the", "empty", "input", "caf\u{E9}", "cafe\u{301}", "\u{65E5}\u{672C}",
  "\u{1F600}", "a:b", "x", "-", "(scope)", "\"quoted\"", "it's", "back\\slash", "$(echo)",
  "100%", "#1", "key:", ":", "--", "\t", "url: http://example.com",
]

private func sentence(_ rng: inout any SeededRandomNumberGenerator) -> String {
  var parts: [String] = []
  for _ in 0..<Int.random(in: 1...6, using: &rng) { parts.append(pick(words, &rng)) }
  var line = parts.joined(separator: " ")
  // A line must not start with "#" in the -m flow (git would keep it, the hook sees a comment);
  // the editor flow adds its comments separately.
  while line.hasPrefix("#") { line.removeFirst() }
  return line.isEmpty ? "x" : line
}

/// Lines that look like trailers, some git-generated, some not ours.
private let trailerLines = [
  "Signed-off-by: A U Thor <author@example.com>", "Co-authored-by: B <b@example.com>",
  "Reviewed-by: C", "Fixes: #12", "Agent-Session: claude:other", "Refs: abc def",
  "(cherry picked from commit 0123456789abcdef0123456789abcdef01234567)",
  "Key-With-Dash: value: with colon",
]

private func randomMessage(editor: Bool, _ rng: inout any SeededRandomNumberGenerator)
  -> RandomMessage
{
  var lines: [String] = []
  let empty = chance(8, &rng)
  if !empty {
    // Subject; sometimes one that itself looks like a trailer.
    lines.append(
      chance(10, &rng)
        ? pick(["Fixes: the build", "Signed-off-by: nobody"], &rng)
        : sentence(&rng))
    for _ in 0..<Int.random(in: 0...3, using: &rng) {
      lines.append("")
      for _ in 0..<Int.random(in: 1...3, using: &rng) {
        if chance(15, &rng) {
          lines.append(pick(trailerLines, &rng))
        } else if chance(10, &rng) {
          lines.append("  indented " + sentence(&rng))
        } else if !editor && chance(4, &rng) {
          // A patch divider: git interpret-trailers stops there.
          lines.append("---")
        } else {
          lines.append(sentence(&rng))
        }
      }
    }
    if chance(35, &rng) {
      // A trailer block of its own, maybe with a continuation line.
      lines.append("")
      for _ in 0..<Int.random(in: 1...3, using: &rng) {
        lines.append(pick(trailerLines, &rng))
        if chance(15, &rng) { lines.append(" continued") }
      }
      // Already stamped (an amend): the session's own trailer, last in a clean block. (The
      // shapes where it is not git's trailer are the known bug in `alreadyStampedShapes`.)
      if chance(25, &rng) { lines.append("Agent-Session: claude:4f1c-prop") }
    }
  }
  if editor {
    // What git's editor template adds below the message.
    lines.append("")
    lines.append("# Please enter the commit message for your changes. Lines starting")
    lines.append("# with '#' will be ignored, and an empty message aborts the commit.")
    lines.append("#")
    lines.append("# On branch main")
    if chance(40, &rng) {
      lines.append("# ------------------------ >8 ------------------------")
      lines.append("# Do not modify or remove the line above.")
      lines.append("diff --git a/a.txt b/a.txt")
      lines.append("--- a/a.txt")
      lines.append("+++ b/a.txt")
      lines.append("+Signed-off-by: not a trailer")
    }
  } else if empty && chance(50, &rng) {
    lines.append(contentsOf: ["", " ", "\t"].prefix(Int.random(in: 0...3, using: &rng)))
  }
  var text = lines.joined(separator: "\n")
  if !lines.isEmpty && !chance(15, &rng) { text += "\n" }
  // Blank lines at the end, as -F files and editors leave them.
  if chance(20, &rng) { text += "\n\n" }
  return RandomMessage(text: text, editor: editor)
}

private let messages = Generator<RandomMessage, Shrink.None<RandomMessage>>(run: { rng in
  randomMessage(editor: chance(50, &rng), &rng)
})

// MARK: The real git

/// Runs `git ARGUMENTS` with `input` on standard input and returns standard output; no user or
/// system configuration is read.
private func git(_ arguments: [String], input: String) throws -> String {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  process.arguments = ["git"] + arguments
  var environment = ProcessInfo.processInfo.environment
  environment["GIT_CONFIG_NOSYSTEM"] = "1"
  environment["GIT_CONFIG_GLOBAL"] = "/dev/null"
  environment["LC_ALL"] = "C.UTF-8"
  process.environment = environment
  let stdin = Pipe()
  let stdout = Pipe()
  process.standardInput = stdin
  process.standardOutput = stdout
  process.standardError = FileHandle.nullDevice
  try process.run()
  // Write from another thread so a large message cannot deadlock against a full pipe.
  let data = Data(input.utf8)
  let writer = Thread {
    stdin.fileHandleForWriting.write(data)
    try? stdin.fileHandleForWriting.close()
  }
  writer.start()
  let output = stdout.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  guard process.terminationStatus == 0 else {
    throw GitFailure(arguments: arguments, status: process.terminationStatus)
  }
  return String(decoding: output, as: UTF8.self)
}

private struct GitFailure: Error {
  var arguments: [String]
  var status: Int32
}

/// The message git commits from the message file: cut at the scissors line and stripped of
/// comments in the editor flow (`--cleanup=strip`), only whitespace-cleaned for -m/-F.
private func committed(_ text: String, editor: Bool) throws -> String {
  guard editor else { return try git(["stripspace"], input: text) }
  var kept: [Substring] = []
  for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
    if line == "# ------------------------ >8 ------------------------" { break }
    kept.append(line)
  }
  return try git(["stripspace", "--strip-comments"], input: kept.joined(separator: "\n"))
}

/// `git interpret-trailers --parse` of a committed message, as (key, value) pairs.
private func parsedTrailers(_ message: String) throws -> [(key: String, value: String)] {
  try git(["interpret-trailers", "--parse"], input: message).split(separator: "\n").compactMap {
    line in
    guard let colon = line.firstIndex(of: ":") else { return nil }
    return (
      String(line[..<colon]),
      line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    )
  }
}

/// `text` without the last line that is exactly `line`.
private func removingLastLine(_ line: String, from text: String) -> String {
  var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
  if let index = lines.lastIndex(where: { $0 == line }) { lines.remove(at: index) }
  return lines.joined(separator: "\n")
}

@Suite("CommitMessage: the trailer writer against git interpret-trailers (property)")
struct TrailerPropertyTests {
  static let key = "Agent-Session"
  static let session = "claude:4f1c-prop"

  @Test("git finds exactly one session trailer; subject and body are unchanged (property)")
  func oneTrailerAndUnchangedMessage() async throws {
    await propertyCheck(count: 150, input: messages) { random in
      var message = CommitMessage(random.text, commentPrefix: "#")
      let empty = message.isEmpty
      let added = message.addTrailer(
        key: Self.key, value: Self.session, editorWillOpen: random.editor)
      if empty && !random.editor {
        #expect(!added, "an empty message must stay empty: \(random)")
        #expect(message.text == random.text, "\(random)")
        return
      }
      let line = "\(Self.key): \(Self.session)"
      #expect(added || random.text.contains(line), "the trailer was not added: \(random)")
      guard !empty else {
        // The person's empty message: only the trailer stands; commit-msg removes it again so
        // that git still aborts.
        var stripped = message
        let removed = stripped.removeTrailer(key: Self.key, value: Self.session)
        #expect(removed)
        #expect(stripped.cleaned.isEmpty, "\(random)")
        return
      }
      let before = try committed(random.text, editor: random.editor)
      let after = try committed(message.text, editor: random.editor)
      let ours = try parsedTrailers(after).filter {
        $0.key.lowercased() == Self.key.lowercased() && $0.value == Self.session
      }
      #expect(
        ours.count == 1,
        "git interpret-trailers --parse finds the trailer \(ours.count) times\n\(random)\ncommitted: \(String(reflecting: after))"
      )
      // Subject and body: the committed message without our trailer line is the message the
      // author wrote (after the same cleanup). Above a patch divider ("---") the trailer needs a
      // blank line of its own, so there only the non-blank lines are compared.
      #expect(
        after.split(separator: "\n").first == before.split(separator: "\n").first,
        "the subject changed\n\(random)\ncommitted: \(String(reflecting: after))")
      guard added else {
        #expect(after == before, "nothing was added, yet the message changed: \(random)")
        return
      }
      let without = try git(["stripspace"], input: removingLastLine(line, from: after))
      if random.text.contains(line) {
        // The author's own copy of the line stays; ours is one more.
        #expect(
          (without.split(separator: "\n") + [Substring(line)]).sorted()
            == after.split(separator: "\n").sorted()
            && Set(before.split(separator: "\n")) == Set(without.split(separator: "\n")),
          "the body changed\n\(random)\nbefore: \(String(reflecting: before))\nafter: \(String(reflecting: after))"
        )
      } else if before.split(separator: "\n").contains("---") {
        #expect(
          without.split(separator: "\n") == before.split(separator: "\n"),
          "the body changed\n\(random)\nbefore: \(String(reflecting: before))\nafter: \(String(reflecting: after))"
        )
      } else {
        #expect(
          without == before,
          "the body changed\n\(random)\nbefore: \(String(reflecting: before))\nafter: \(String(reflecting: after))"
        )
      }
      // The other trailers git saw before are all still there.
      let old = try parsedTrailers(before).map { "\($0.key): \($0.value)" }
      let new = try parsedTrailers(after).map { "\($0.key): \($0.value)" }
      for trailer in old {
        #expect(new.contains(trailer), "lost trailer \(trailer)\n\(random)")
      }
    }
  }

  @Test("adding twice changes nothing; removing gives back the cleaned message (property)")
  func idempotentAndReversible() async {
    await propertyCheck(count: 300, input: messages) { random in
      var message = CommitMessage(random.text, commentPrefix: "#")
      #expect(message.text == random.text, "reading and writing back changed it: \(random)")
      // removeTrailer drops every copy of the line, the author's too; and a patch divider is
      // the known bug kept in FuzzRegressionTests.trailerAboveDivider.
      if random.text.contains("\(Self.key): \(Self.session)") || message.limit < message.lines.count
      {
        return
      }
      let cleaned = message.cleaned
      guard message.addTrailer(key: Self.key, value: Self.session, editorWillOpen: random.editor)
      else { return }
      let once = message
      let again = message.addTrailer(
        key: Self.key, value: Self.session, editorWillOpen: random.editor)
      #expect(!again)
      #expect(message == once, "a second add changed the message: \(random)")
      let removed = message.removeTrailer(key: Self.key, value: Self.session)
      #expect(removed)
      #expect(message.cleaned == cleaned, "add then remove changed the message: \(random)")
    }
  }

  /// Regression (was a bug, docs/RELIABILITY.md): `CommitMessage.contains(key:value:)` looks for the line anywhere in the last
  /// paragraph, while git reads only a trailer block, never the subject, and unfolds
  /// continuation lines. In each of these messages the line is there but git sees no such
  /// trailer, so the hook adds none and the commit goes unstamped.
  @Test(
    "a session line git does not read as a trailer does not count as already stamped",
    arguments: [
      "Agent-Session: claude:4f1c-prop\n",
      "Subject\n\nSome explanation.\nAgent-Session: claude:4f1c-prop\n",
      "Subject\n\nAgent-Session: claude:4f1c-prop\n  continued on the next line\n",
    ])
  func alreadyStampedShapes(_ text: String) throws {
    var message = CommitMessage(text, commentPrefix: "#")
    _ = message.addTrailer(key: Self.key, value: Self.session, editorWillOpen: false)
    let after = try committed(message.text, editor: false)
    let ours = try parsedTrailers(after).filter {
      $0.key == Self.key && $0.value == Self.session
    }
    #expect(ours.count == 1, "committed: \(String(reflecting: after))")
  }

  /// Regression (CI, seed V/76Ik1F…): a continuation line belongs to the line above it, even
  /// when that line is not a `key: value` trailer (`(cherry picked from commit …)`, a
  /// non-trailer line in a block git still accepts). The stamp folded it into the session
  /// trailer before it, thought its own trailer missing and added a second one.
  @Test(
    "a continuation line under a non-trailer line of the block does not hide a session trailer",
    arguments: [
      "Subject\n\nAgent-Session: claude:other\nAgent-Session: claude:other\n"
        + "(cherry picked from commit 0123456789abcdef0123456789abcdef01234567)\n continued\n",
      "Subject\n\nAgent-Session: claude:other\n"
        + "(cherry picked from commit 0123456789abcdef0123456789abcdef01234567)\n continued\n",
      "Subject\n\nSigned-off-by: A <a@example.com>\nAgent-Session: claude:other\n"
        + "not a trailer\n continued\n",
    ])
  func continuationUnderNonTrailer(_ text: String) throws {
    var message = CommitMessage(text, commentPrefix: "#")
    SessionStamp(key: Self.key, session: "claude:other", amended: nil)
      .apply(to: &message, editorWillOpen: false)
    let after = try committed(message.text, editor: false)
    let ours = try parsedTrailers(after).filter { $0.key == Self.key }.map(\.value)
    #expect(ours == ["claude:other"], "committed: \(String(reflecting: after))")
    #expect(message.contains(key: Self.key, value: "claude:other"))
  }

  /// A random stamp: an own session, and for an amend the sessions of the amended commit (some
  /// of which also appear in the random message).
  private static let stamps = Generator<
    (RandomMessage, SessionStamp), Shrink.None<(RandomMessage, SessionStamp)>
  >(run: { rng in
    let message = randomMessage(editor: chance(50, &rng), &rng)
    let pool = [session, "claude:other", "alice", "bob"]
    let own = pick(pool, &rng)
    var amended: [String]?
    if chance(50, &rng) {
      amended = (0..<Int.random(in: 0...3, using: &rng)).map { _ in pick(pool, &rng) }
    }
    return (message, SessionStamp(key: key, session: own, amended: amended))
  })

  @Test(
    "the stamp: git reads exactly the promised session trailers, other trailers and the subject stay (property)"
  )
  func stampGivesExactlyThePromisedTrailers() async throws {
    await propertyCheck(count: 300, input: Self.stamps) { input in
      let (random, stamp) = input
      #expect(Set(stamp.sessions).count == stamp.sessions.count)
      var message = CommitMessage(random.text, commentPrefix: "#")
      guard !message.isEmpty else { return }
      stamp.apply(to: &message, editorWillOpen: random.editor)
      let before = try committed(random.text, editor: random.editor)
      let after = try committed(message.text, editor: random.editor)
      let ours = try parsedTrailers(after).filter { $0.key.lowercased() == Self.key.lowercased() }
        .map(\.value)
      #expect(
        ours.sorted() == stamp.sessions.sorted(),
        "expected \(stamp.sessions), git reads \(ours)\n\(random)\ncommitted: \(String(reflecting: after))"
      )
      #expect(
        after.split(separator: "\n").first == before.split(separator: "\n").first,
        "the subject changed\n\(random)\ncommitted: \(String(reflecting: after))")
      let old = try parsedTrailers(before).filter { $0.key.lowercased() != Self.key.lowercased() }
        .map { "\($0.key): \($0.value)" }
      let new = try parsedTrailers(after).map { "\($0.key): \($0.value)" }
      for trailer in old {
        #expect(
          new.contains(trailer),
          "lost trailer \(trailer)\n\(random)\ncommitted: \(String(reflecting: after))")
      }
      // commit-msg applies the same stamp after the editor: nothing left to change.
      var again = message
      #expect(!stamp.apply(to: &again, editorWillOpen: false), "\(random)")
      #expect(again == message)
    }
  }

  @Test("an empty or comment-only message stays empty without an editor")
  func emptyStaysEmpty() {
    for text in ["", "\n", "\n\n", " \n\t\n", "# comment\n", "\n# a\n#\n", "  "] {
      var message = CommitMessage(text, commentPrefix: "#")
      let added = message.addTrailer(key: Self.key, value: Self.session, editorWillOpen: false)
      #expect(!added)
      #expect(message.text == text)
    }
  }
}
