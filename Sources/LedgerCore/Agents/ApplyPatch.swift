/// The file operations of a Codex `apply_patch` patch, read the way Codex reads it (its
/// `codex-rs/apply-patch` grammar, lenient mode), so that the paths AgentLedger checks are exactly
/// the paths Codex will write:
///
/// ```
/// *** Begin Patch
/// *** Add File: P          followed by "+" lines
/// *** Delete File: P
/// *** Update File: P       optionally followed by "*** Move to: Q", then hunks
/// *** End Patch
/// ```
///
/// A patch this parser cannot read is an error, never an empty list: a caller guarding edits
/// must refuse what it cannot see, not let it through.
public struct ApplyPatch: Sendable, Equatable {
  /// One file operation.
  public enum Operation: Sendable, Equatable {
    /// `*** Add File: P`.
    case add(String)
    /// `*** Delete File: P`.
    case delete(String)
    /// `*** Update File: P`, with the `*** Move to: Q` destination when the file is renamed.
    case update(String, moveTo: String?)

    /// The paths the operation writes: both sides of a move.
    public var paths: [String] {
      switch self {
      case .add(let path), .delete(let path): [path]
      case .update(let path, let destination): [path] + (destination.map { [$0] } ?? [])
      }
    }
  }

  /// The operations, in patch order.
  public var operations: [Operation]

  /// Every path the patch writes (both sides of a move), in patch order, without repeats.
  public var paths: [String] {
    var seen = Set<String>()
    return operations.flatMap(\.paths).filter { seen.insert($0).inserted }
  }

  static let begin = "*** Begin Patch"
  static let end = "*** End Patch"
  static let addMarker = "*** Add File: "
  static let deleteMarker = "*** Delete File: "
  static let updateMarker = "*** Update File: "
  static let moveMarker = "*** Move to: "
  static let endOfFile = "*** End of File"

  /// Reads `text`.
  ///
  /// - Throws: a `.badInput` error saying what is wrong and on which line.
  public init(parsing text: String) throws(LedgerError) {
    // Lines and markers are compared byte by byte, as Codex compares them (a Swift `Character`
    // would join "\r\n", or a "+" with a combining mark after it, into one).
    var lines = ApplyPatch.trimmed(text).utf8.split(separator: 10, omittingEmptySubsequences: false)
      .map { String(decoding: $0.last == 13 ? $0.dropLast() : $0, as: UTF8.self) }
    if lines.count == 1 && lines[0].isEmpty { lines = [] }
    var body = try ApplyPatch.body(of: lines)
    var operations: [Operation] = []
    var lineNumber = 2
    while !body.isEmpty {
      let (operation, used) = try ApplyPatch.operation(at: body, lineNumber: lineNumber)
      operations.append(operation)
      body.removeFirst(used)
      lineNumber += used
    }
    self.operations = operations
  }

  // MARK: Grammar

  /// `text` without leading and trailing white space (Unicode `White_Space`, as Rust's `trim`).
  static func trimmed(_ text: String) -> String {
    let scalars = text.unicodeScalars
    guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
      let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
    else { return "" }
    return String(scalars[first...last])
  }

  /// Whether `line` is exactly `text`, byte for byte.
  static func same(_ line: String, _ text: String) -> Bool { line.utf8.elementsEqual(text.utf8) }

  static func malformed(_ why: String) -> LedgerError {
    LedgerError(
      .badInput, "the patch cannot be read: \(why)",
      hint:
        "A Codex patch starts with '*** Begin Patch', ends with '*** End Patch', and names each file with '*** Add File: P', '*** Update File: P' (optionally '*** Move to: Q') or '*** Delete File: P'."
    )
  }

  /// The lines between the begin and end markers; a heredoc around the patch
  /// (`<<'EOF'` … `EOF`) is accepted, as Codex accepts it.
  static func body(of lines: [String]) throws(LedgerError) -> [String] {
    if let inner = markedBody(lines) { return inner }
    if lines.count >= 4, ["<<EOF", "<<'EOF'", "<<\"EOF\""].contains(where: { same(lines[0], $0) }),
      lines[lines.count - 1].utf8.reversed().starts(with: "EOF".utf8.reversed()),
      let inner = markedBody(Array(lines[1..<(lines.count - 1)]))
    {
      return inner
    }
    guard let first = lines.first, same(trimmed(first), begin) else {
      throw malformed("the first line is not '\(begin)'")
    }
    throw malformed("the last line is not '\(end)'")
  }

  static func markedBody(_ lines: [String]) -> [String]? {
    guard lines.count >= 2, same(trimmed(lines[0]), begin),
      same(trimmed(lines[lines.count - 1]), end)
    else { return nil }
    return Array(lines[1..<(lines.count - 1)])
  }

  /// The operation starting at `lines[0]` and how many lines it spans.
  static func operation(at lines: [String], lineNumber: Int) throws(LedgerError) -> (
    Operation, Int
  ) {
    let header = trimmed(lines[0])
    if let path = header.strippingPrefix(addMarker) {
      let used = 1 + lines.dropFirst().prefix(while: { $0.utf8.first == UInt8(ascii: "+") }).count
      return (.add(try checked(path, lineNumber)), used)
    }
    if let path = header.strippingPrefix(deleteMarker) {
      return (.delete(try checked(path, lineNumber)), 1)
    }
    guard let path = header.strippingPrefix(updateMarker) else {
      throw malformed(
        "line \(lineNumber) ('\(ForeignText.quoted(header, limit: 80))') is not a file header")
    }
    var used = 1
    var destination: String?
    if lines.count > 1, let moved = lines[1].strippingPrefix(moveMarker) {
      destination = try checked(moved, lineNumber + 1)
      used += 1
    }
    var hunks = 0
    while used < lines.count {
      let line = lines[used]
      if trimmed(line).isEmpty {
        used += 1
        continue
      }
      if line.utf8.first == UInt8(ascii: "*") { break }
      used += try hunk(at: Array(lines[used...]), first: hunks == 0, lineNumber: lineNumber + used)
      hunks += 1
    }
    guard hunks > 0 else {
      throw malformed("line \(lineNumber): the update of '\(path)' has no changes")
    }
    return (.update(try checked(path, lineNumber), moveTo: destination), used)
  }

  /// The length of one hunk of an update: an optional `@@` line, then lines starting with
  /// ' ', '+' or '-' (or empty), up to `*** End of File` or the first other line.
  static func hunk(at lines: [String], first: Bool, lineNumber: Int) throws(LedgerError) -> Int {
    var start = 0
    if same(lines[0], "@@") || lines[0].utf8.starts(with: "@@ ".utf8) {
      start = 1
    } else if !first {
      throw malformed("line \(lineNumber): a hunk does not start with '@@'")
    }
    guard start < lines.count else {
      throw malformed("line \(lineNumber): a hunk has no lines")
    }
    var count = 0
    for line in lines[start...] {
      if same(line, endOfFile) {
        guard count > 0 else { throw malformed("line \(lineNumber): a hunk has no lines") }
        return start + count + 1
      }
      if let byte = line.utf8.first, ![32, 43, 45].contains(byte) {  // ' ', '+', '-'

        guard count > 0 else {
          throw malformed(
            "line \(lineNumber + start): '\(ForeignText.quoted(line, limit: 80))' is neither a context, added nor removed line"
          )
        }
        break
      }
      count += 1
    }
    return start + count
  }

  static func checked(_ path: String, _ lineNumber: Int) throws(LedgerError) -> String {
    guard !path.isEmpty, !path.contains("\u{0}") else {
      throw malformed("line \(lineNumber) names no usable path")
    }
    return path
  }
}

extension String {
  /// The rest of the string after `prefix`, compared byte by byte (`prefix` is ASCII).
  fileprivate func strippingPrefix(_ prefix: String) -> String? {
    utf8.starts(with: prefix.utf8)
      ? String(decoding: utf8.dropFirst(prefix.utf8.count), as: UTF8.self) : nil
  }
}
