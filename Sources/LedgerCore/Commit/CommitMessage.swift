/// A commit message file as git sees it, and the one edit AgentLedger makes to it: adding (or
/// removing) a trailer at the place `git interpret-trailers` would, without changing anything
/// else.
///
/// Git's rules, followed here: the message ends at the scissors line (`# ------------------------
/// >8 ------------------------`, written by `git commit -v`) and at a patch divider (a line
/// starting with `---`), and trailing comment and blank lines do not count. The trailer block is
/// the last paragraph, never the first (the subject), when it holds only trailers, or holds a
/// git-generated or configured one and at least 25% trailer lines. Lines keep their endings:
/// a CRLF message gets CRLF lines.
public struct CommitMessage: Sendable, Equatable {
  /// The lines, without their "\n" (a CRLF line keeps its "\r").
  public private(set) var lines: [String]
  /// True when the text ended with a newline.
  public private(set) var endsWithNewline: Bool
  /// The comment prefix (`core.commentChar`/`core.commentString`).
  public let commentPrefix: String
  /// True when the lines end in CRLF.
  public let usesCRLF: Bool

  /// Keys whose presence makes a mixed last paragraph a trailer block (besides git's own
  /// `Signed-off-by` and `(cherry picked from commit`).
  public var configuredKeys: [String] = []

  /// Reads a message. `commentPrefix` `nil` means `core.commentChar=auto`: the prefix is
  /// guessed from the comment block git wrote.
  public init(_ text: String, commentPrefix: String?) {
    // Split on the "\n" scalar: to Swift, "\r\n" is one Character, which "\n" does not match.
    var lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map {
      String(String.UnicodeScalarView($0))
    }
    endsWithNewline = text.unicodeScalars.last == "\n"
    if endsWithNewline { lines.removeLast() }
    self.lines = lines
    let crlf = lines.filter { $0.unicodeScalars.last == "\r" }.count
    usesCRLF = crlf > 0 && crlf * 2 >= lines.count
    self.commentPrefix = commentPrefix ?? CommitMessage.guessPrefix(lines)
  }

  /// The message as file text.
  public var text: String {
    guard !lines.isEmpty else { return "" }
    return lines.joined(separator: "\n") + (endsWithNewline ? "\n" : "")
  }

  /// True when the file was not valid UTF-8 and was read byte for byte as Latin-1, so that
  /// writing it back restores every original byte.
  public private(set) var readAsBytes = false

  /// Reads a message file's bytes: as UTF-8 when they are valid, otherwise one character per
  /// byte, so no byte of a message in another encoding is ever changed.
  public init(bytes: [UInt8], commentPrefix: String?) {
    if let text = String(validating: bytes, as: UTF8.self) {
      self.init(text, commentPrefix: commentPrefix)
    } else {
      var text = ""
      text.unicodeScalars.append(contentsOf: bytes.map { Unicode.Scalar($0) })
      self.init(text, commentPrefix: commentPrefix)
      readAsBytes = true
    }
  }

  /// The message as file bytes, in the encoding it was read with (added text as UTF-8).
  public var bytes: [UInt8] {
    guard readAsBytes else { return Array(text.utf8) }
    var out: [UInt8] = []
    for scalar in text.unicodeScalars {
      if scalar.value <= 0xFF {
        out.append(UInt8(scalar.value))
      } else {
        out.append(contentsOf: Array(String(scalar).utf8))
      }
    }
    return out
  }

  private static func guessPrefix(_ lines: [String]) -> String {
    let candidates: [Character] = ["#", ";", "@", "!", "$", "%", "^", "&", "|", ":"]
    if let last = lines.last(where: { !$0.isEmpty }), let first = last.first,
      candidates.contains(first)
    {
      return String(first)
    }
    return "#"
  }

  // MARK: Reading git's structure

  static func content(_ line: String) -> Substring {
    line.unicodeScalars.last == "\r" ? Substring(line.unicodeScalars.dropLast()) : line[...]
  }

  static func isBlank(_ line: String) -> Bool {
    content(line).allSatisfy { $0 == " " || $0 == "\t" }
  }

  func isComment(_ line: String) -> Bool { CommitMessage.content(line).hasPrefix(commentPrefix) }

  /// The index of the first line that is not part of the message (scissors or patch divider).
  var limit: Int {
    let scissors = commentPrefix + " ------------------------ >8 ------------------------"
    for (index, line) in lines.enumerated() {
      let text = CommitMessage.content(line)
      if text == scissors { return index }
      if text.hasPrefix("---") {
        let rest = text.dropFirst(3)
        if rest.isEmpty || rest.first == " " || rest.first == "\t" { return index }
      }
    }
    return lines.count
  }

  /// The index after the last line of content: trailing comments and blank lines excluded.
  var messageEnd: Int {
    var end = limit
    while end > 0 && (CommitMessage.isBlank(lines[end - 1]) || isComment(lines[end - 1])) {
      end -= 1
    }
    return end
  }

  /// True when the message has no content (only blank lines and comments).
  public var isEmpty: Bool { messageEnd == 0 }

  /// A trailer line's key, when the line has the `Key: value` shape git recognises.
  static func trailerKey(_ line: String) -> Substring? {
    let text = content(line)
    var index = text.startIndex
    var sawSpace = false
    while index < text.endIndex {
      let character = text[index]
      if character == ":" {
        return index == text.startIndex ? nil : text[..<index].trimmingSpaces()
      }
      if !sawSpace
        && (character.isASCII && (character.isLetter || character.isNumber) || character == "-")
      {
        index = text.index(after: index)
        continue
      }
      if index != text.startIndex && (character == " " || character == "\t") {
        sawSpace = true
        index = text.index(after: index)
        continue
      }
      return nil
    }
    return nil
  }

  static func trailerValue(_ line: String) -> Substring {
    let text = content(line)
    guard let colon = text.firstIndex(of: ":") else { return "" }
    return text[text.index(after: colon)...].trimmingSpaces()
  }

  /// The range of the last paragraph of content, when it is not the first paragraph.
  var lastParagraph: Range<Int>? {
    let end = messageEnd
    guard end > 0 else { return nil }
    var start = end
    while start > 0 && !CommitMessage.isBlank(lines[start - 1]) { start -= 1 }
    // Only a paragraph after some earlier content can be a trailer block.
    let hasEarlierContent = lines[0..<start].contains {
      !CommitMessage.isBlank($0) && !isComment($0)
    }
    return hasEarlierContent ? start..<end : nil
  }

  /// The range of the trailer block, when the message has one.
  var trailerBlock: Range<Int>? {
    guard let paragraph = lastParagraph else { return nil }
    var trailers = 0
    var others = 0
    var recognized = false
    var continuation = 0
    let known = ["signed-off-by"] + configuredKeys.map { $0.lowercased() }
    for line in lines[paragraph].reversed() {
      if isComment(line) { continue }
      let text = CommitMessage.content(line)
      if text.first == " " || text.first == "\t" {
        continuation += 1
        continue
      }
      if text.hasPrefix("(cherry picked from commit ") {
        recognized = true
        trailers += 1
        continuation = 0
        continue
      }
      if let key = CommitMessage.trailerKey(line) {
        trailers += 1
        continuation = 0
        if known.contains(key.lowercased()) { recognized = true }
      } else {
        others += 1 + continuation
        continuation = 0
      }
    }
    others += continuation
    let isBlock = (trailers > 0 && others == 0) || (recognized && trailers * 3 >= others)
    return isBlock ? paragraph : nil
  }

  /// The `(key, value)` pairs of the trailer block, as `git interpret-trailers --parse` reads
  /// them: a continuation line (starting with white space) is folded into the line before it,
  /// and that line may be one git keeps in the block without reading it as a trailer
  /// (`(cherry picked from commit …)`, other text), whose continuation is then no trailer's.
  public var trailers: [(key: String, value: String)] {
    guard let block = trailerBlock else { return [] }
    var entries: [(key: String, value: String)] = []
    var continuesEntry = false
    for line in lines[block] where !isComment(line) {
      let text = CommitMessage.content(line)
      if text.first == " " || text.first == "\t" {
        if continuesEntry {
          let more = String(text.trimmingSpaces())
          entries[entries.count - 1].value +=
            entries[entries.count - 1].value.isEmpty ? more : " " + more
        }
        continue
      }
      guard let key = CommitMessage.trailerKey(line) else {
        continuesEntry = false
        continue
      }
      entries.append((String(key), String(CommitMessage.trailerValue(line))))
      continuesEntry = true
    }
    return entries
  }

  // MARK: Editing

  /// Adds `key: value` at the end of the trailer block, or as a new last paragraph. Returns
  /// false (and changes nothing) when the trailer is already there, or when the message is
  /// empty and `editorWillOpen` is false (an empty message stays empty).
  ///
  /// In an empty message that an editor will open, the trailer goes on line 3 and lines 1–2 stay
  /// empty, so what the person types on line 1 becomes the subject.
  @discardableResult
  public mutating func addTrailer(key: String, value: String, editorWillOpen: Bool) -> Bool {
    let line = "\(key): \(value)"
    let ending = usesCRLF ? "\r" : ""
    let end = messageEnd
    if end == 0 {
      guard editorWillOpen else { return false }
      if let first = lines.first, CommitMessage.isBlank(first) {
        lines.insert(contentsOf: [ending, line + ending], at: 1)
      } else {
        lines.insert(contentsOf: [ending, ending, line + ending], at: 0)
      }
      endsWithNewline = true
      return true
    }
    if contains(key: key, value: value) { return false }
    // An editor message with nothing written yet but this trailer (added before the editor
    // opened): already there.
    let content = lines[0..<limit].filter { !CommitMessage.isBlank($0) && !isComment($0) }
    if editorWillOpen && !content.isEmpty
      && content.allSatisfy({ CommitMessage.content($0) == line })
    {
      return false
    }
    let atEnd = end == lines.count
    if trailerBlock != nil {
      lines.insert(line + ending, at: end)
    } else {
      lines.insert(contentsOf: [ending, line + ending], at: end)
    }
    if atEnd { endsWithNewline = true }
    return true
  }

  /// Makes git read exactly `values`, each once, as this message's `key` trailers (keys compared
  /// without case): in the trailer block, a `key` trailer whose value is not in `values`, or
  /// repeats one already kept, is removed (with its continuation lines); the values still
  /// missing are added at the end of the block, or as a new last paragraph. Lines that git does
  /// not read as trailers (the subject, a body paragraph) are left as they are. Returns true
  /// when the message changed.
  ///
  /// An empty message gets the trailers only when `editorWillOpen` (on line 3, lines 1–2 left
  /// empty for the subject); one whose only content is `key` lines (this method's own work
  /// before the editor opened) is treated as empty.
  @discardableResult
  public mutating func setTrailers(key: String, values: [String], editorWillOpen: Bool) -> Bool {
    let before = (lines, endsWithNewline)
    let lowered = key.lowercased()
    func isKeyLine(_ line: String) -> Bool {
      CommitMessage.trailerKey(line)?.lowercased() == lowered
    }
    let ending = usesCRLF ? "\r" : ""
    let content = lines[0..<limit].filter { !CommitMessage.isBlank($0) && !isComment($0) }
    if editorWillOpen && !content.isEmpty && content.allSatisfy(isKeyLine) {
      var index = limit
      while index > 0 {
        index -= 1
        if index < lines.count && isKeyLine(lines[index]) { removeLine(at: index) }
      }
    }
    if messageEnd == 0 {
      guard editorWillOpen, !values.isEmpty else { return false }
      let block = values.map { "\(key): \($0)" + ending }
      if let first = lines.first, CommitMessage.isBlank(first) {
        lines.insert(contentsOf: [ending] + block, at: 1)
      } else {
        lines.insert(contentsOf: [ending, ending] + block, at: 0)
      }
      endsWithNewline = true
      return (lines, endsWithNewline) != before
    }
    // Drop the foreign and repeated ones, with their continuation lines; a block emptied that
    // way leaves the paragraph above it last, which git may read as the block in turn.
    while let block = trailerBlock {
      var kept: Set<String> = []
      var doomed: [Int] = []
      var index = block.lowerBound
      while index < block.upperBound {
        let line = lines[index]
        index += 1
        guard !isComment(line), isKeyLine(line) else { continue }
        var value = String(CommitMessage.trailerValue(line))
        var span = [index - 1]
        while index < block.upperBound,
          let first = CommitMessage.content(lines[index]).first, first == " " || first == "\t"
        {
          let more = String(CommitMessage.content(lines[index]).trimmingSpaces())
          value += value.isEmpty ? more : " " + more
          span.append(index)
          index += 1
        }
        if values.contains(value) && !kept.contains(value) {
          kept.insert(value)
        } else {
          doomed.append(contentsOf: span)
        }
      }
      if doomed.isEmpty { break }
      for index in doomed.reversed() { removeLine(at: index) }
    }
    let present = Set(trailers.filter { $0.key.lowercased() == lowered }.map(\.value))
    let missing = values.filter { !present.contains($0) }
    if !missing.isEmpty {
      let end = messageEnd
      let atEnd = end == lines.count
      let block = missing.map { "\(key): \($0)" + ending }
      if trailerBlock != nil {
        lines.insert(contentsOf: block, at: end)
      } else {
        lines.insert(contentsOf: [ending] + block, at: end)
      }
      if atEnd { endsWithNewline = true }
    }
    return (lines, endsWithNewline) != before
  }

  /// Removes line `index`, and the blank line above it when that leaves its paragraph empty.
  private mutating func removeLine(at index: Int) {
    lines.remove(at: index)
    let emptied = index == lines.count || !isContent(lines[index])
    if emptied && index > 0 && CommitMessage.isBlank(lines[index - 1]) {
      lines.remove(at: index - 1)
    }
  }

  /// True when git reads `key: value` as a trailer of this message (keys compared without
  /// case, as git does). A line that looks like one elsewhere — in the subject, in a last
  /// paragraph git does not take for a trailer block, or folded into a longer value by a
  /// continuation line — does not count.
  public func contains(key: String, value: String) -> Bool {
    trailers.contains { $0.key.lowercased() == key.lowercased() && $0.value == value }
  }

  /// Removes every line `key: value` (any key case) from the message, and, when that leaves
  /// its paragraph empty, the blank line `addTrailer` put above it. Returns true when something
  /// was removed.
  @discardableResult
  public mutating func removeTrailer(key: String, value: String) -> Bool {
    removeTrailers(key: key) { $0 == value }
  }

  /// Removes every line `key: VALUE` (any key case) whose value `matches` (every value by
  /// default), wherever it stands above the scissors line, as `removeTrailer` does.
  @discardableResult
  public mutating func removeTrailers(
    key: String, matching matches: (Substring) -> Bool = { _ in true }
  )
    -> Bool
  {
    let limit = limit
    var removed = false
    var index = limit - 1
    while index >= 0 {
      let line = lines[index]
      if let found = CommitMessage.trailerKey(line), found.lowercased() == key.lowercased(),
        matches(CommitMessage.trailerValue(line))
      {
        lines.remove(at: index)
        removed = true
        let emptied = index == lines.count || !isContent(lines[index])
        if emptied && index > 0 && CommitMessage.isBlank(lines[index - 1]) {
          lines.remove(at: index - 1)
          index -= 1
        }
      }
      index -= 1
    }
    return removed
  }

  /// A line that belongs to a paragraph's text: not blank, not a comment, not the scissors
  /// line or a patch divider.
  private func isContent(_ line: String) -> Bool {
    if CommitMessage.isBlank(line) || isComment(line) { return false }
    let text = CommitMessage.content(line)
    if text.hasPrefix("---") {
      let rest = text.dropFirst(3)
      if rest.isEmpty || rest.first == " " || rest.first == "\t" { return false }
    }
    return true
  }

  /// The message as `git stripspace --strip-comments` would leave it, cut at the scissors line:
  /// what git compares to decide that a message is empty or a template untouched.
  public var cleaned: String {
    var out: [String] = []
    var pendingBlank = false
    for line in lines[0..<scissorsLimit] {
      if isComment(line) { continue }
      var text = String(CommitMessage.content(line))
      while text.last == " " || text.last == "\t" { text.removeLast() }
      if text.isEmpty {
        pendingBlank = !out.isEmpty
        continue
      }
      if pendingBlank { out.append("") }
      pendingBlank = false
      out.append(text)
    }
    return out.joined(separator: "\n")
  }

  private var scissorsLimit: Int {
    let scissors = commentPrefix + " ------------------------ >8 ------------------------"
    return lines.firstIndex { CommitMessage.content($0) == scissors } ?? lines.count
  }
}

extension Substring {
  func trimmingSpaces() -> Substring {
    var text = self
    while text.first == " " || text.first == "\t" { text = text.dropFirst() }
    while text.last == " " || text.last == "\t" { text = text.dropLast() }
    return text
  }
}
