/// Turns what a user typed into a canonical `PathSpec`, the way git reads pathspecs: relative to
/// the current directory, or absolute inside the work tree. Refuses anything outside the work
/// tree, inside `.git`, beyond a symbolic link, or with control characters.
public struct PathNormalizer: Sendable {
  /// The absolute path of the work tree's top directory.
  public var workTree: String
  /// The current directory relative to the work tree, ending in "/" (empty at the top).
  public var prefix: String
  /// True when the repository ignores case (`core.ignorecase`).
  public var ignoreCase: Bool

  /// The longest spec accepted, in bytes.
  public static let maximumLength = 4096

  /// Creates a normaliser for a work tree and the caller's position in it.
  public init(workTree: String, prefix: String, ignoreCase: Bool) {
    self.workTree = workTree
    self.prefix = prefix.isEmpty || prefix.hasSuffix("/") ? prefix : prefix + "/"
    self.ignoreCase = ignoreCase
  }

  /// Parses one spec as typed on the command line. A name with glob characters (`*`, `?`,
  /// `[`, `{`, `}`) that does not exist is a glob (which still covers the name as spelled); a
  /// backslash is refused, and so is an unbalanced brace.
  public func spec(_ input: String) throws(LedgerError) -> PathSpec {
    if input.unicodeScalars.contains("\\") {
      let suggestion = String(input.map { $0 == "\\" ? "/" : $0 })
      throw LedgerError(
        .badInput, "the path \(JSONWriter.quoted(input)) contains a backslash",
        hint:
          "Paths are separated by '/', as git writes them: \(JSONWriter.quoted(suggestion)). A backslash is not an escape either: a name with glob characters already covers itself as spelled."
      )
    }
    return try parse(input, literal: false)
  }

  /// Parses the path of one file as a tool names it (an agent's edit): always literally, never
  /// as a glob, backslashes being ordinary characters of its name.
  public func path(_ input: String) throws(LedgerError) -> PathSpec {
    try parse(input, literal: true)
  }

  private func parse(_ input: String, literal: Bool) throws(LedgerError) -> PathSpec {
    guard !input.isEmpty else {
      throw LedgerError(
        .badInput, "an empty path was given", hint: "Name a file, a directory or a glob.")
    }
    if let bad = input.unicodeScalars.first(where: {
      $0.value < 0x20 || (0x7F...0x9F).contains($0.value)
    }) {
      throw LedgerError(
        .badInput,
        "the path \(JSONWriter.quoted(input)) contains a control character (U+\(hex(bad.value)))",
        hint:
          "AgentLedger refuses paths with newlines or other control characters; rename the file.")
    }
    guard input.utf8.count <= PathNormalizer.maximumLength else {
      throw LedgerError(
        .badInput,
        "a path of \(input.utf8.count) bytes is longer than \(PathNormalizer.maximumLength)",
        hint: "Claim a shorter path or its directory.")
    }
    let relative = try repositoryRelative(input)
    let last = PathText.components(input).last ?? ""
    let wantsDirectory = input.hasSuffix("/") || last == "." || last == ".."
    let components = try normalizedComponents(relative, original: input)
    if components.isEmpty {
      // The whole work tree.
      return PathSpec(kind: .glob, text: "**")
    }
    try refuseGitDirectory(components, original: input)
    let path = components.joined(separator: "/")
    let onDisk = FileSystem.join(workTree, path)
    try refuseSymlinkAncestors(components, original: input, literal: literal)
    let kindOnDisk = FileSystem.kind(of: onDisk)
    if !literal && kindOnDisk == nil && Glob.hasWildcards(path) {
      // A glob; a final "/" keeps its meaning: everything below the matching directories.
      let text = wantsDirectory ? path + "/" : path
      guard Braces.isBalanced(text) else {
        throw LedgerError(
          .badInput, "the glob \(JSONWriter.quoted(input)) has an unbalanced brace",
          hint: "Close every '{' with its '}' (`src/*.{rs,toml}`), or claim fewer alternatives.")
      }
      guard let alternatives = Braces.expand(text) else {
        throw LedgerError(
          .badInput,
          "the glob \(JSONWriter.quoted(input)) expands to more than \(Braces.maximumExpansions) alternatives",
          hint: "Claim a directory or a broader glob instead.")
      }
      for alternative in alternatives { _ = try Glob(alternative, ignoreCase: ignoreCase) }
      return PathSpec(kind: .glob, text: text)
    }
    if wantsDirectory || kindOnDisk == .directory {
      if kindOnDisk == .symlink {
        throw LedgerError(
          .badInput, "'\(input)' is a symbolic link, not a directory",
          hint: "Claim the link itself without a final '/', or the directory it points to.")
      }
      return PathSpec(kind: .directory, text: path + "/")
    }
    return PathSpec(kind: .file, text: path)
  }

  /// The input as a path relative to the top of the work tree (not yet normalised).
  private func repositoryRelative(_ input: String) throws(LedgerError) -> String {
    guard input.hasPrefix("/") else { return prefix + input }
    let top = workTree.hasSuffix("/") ? workTree : workTree + "/"
    if input == workTree || input + "/" == top { return "" }
    if input.hasPrefix(top) { return String(input.dropFirst(top.count)) }
    // The same place reached through a symbolic link (such as /tmp -> /private/tmp): resolve the
    // longest existing ancestor of the input and of the work tree, and compare those.
    if let resolvedTop = FileSystem.realPath(workTree) {
      var existing = input
      var rest: [String] = []
      while !existing.isEmpty && existing != "/" && FileSystem.realPath(existing) == nil {
        rest.insert(FileSystem.baseName(of: existing), at: 0)
        existing = FileSystem.directoryName(of: existing)
      }
      if let resolved = FileSystem.realPath(existing) {
        let full = ([resolved] + rest).joined(separator: "/")
        let resolvedPrefix = resolvedTop.hasSuffix("/") ? resolvedTop : resolvedTop + "/"
        if full == resolvedTop { return "" }
        if full.hasPrefix(resolvedPrefix) { return String(full.dropFirst(resolvedPrefix.count)) }
      }
    }
    throw .outsideWorkTree(input, workTree: workTree)
  }

  private func normalizedComponents(_ relative: String, original: String) throws(LedgerError)
    -> [String]
  {
    var components: [String] = []
    for component in PathText.components(relative) where !component.isEmpty {
      switch component {
      case ".": continue
      case "..":
        guard components.popLast() != nil else {
          throw .outsideWorkTree(original, workTree: workTree)
        }
      default: components.append(component)
      }
    }
    return components
  }

  private func refuseGitDirectory(_ components: [String], original: String) throws(LedgerError) {
    for component in components {
      let name = ignoreCase ? component.lowercased() : component
      if name == ".git" {
        throw LedgerError(
          .badInput, "'\(original)' is inside .git, which git does not track",
          hint: "Claim files of the work tree; the ledger itself lives in .git/ledger.")
      }
    }
  }

  private func refuseSymlinkAncestors(_ components: [String], original: String, literal: Bool)
    throws(LedgerError)
  {
    var path = workTree
    for component in components.dropLast() {
      if !literal && Glob.hasWildcards(component) { return }
      path = FileSystem.join(path, component)
      switch FileSystem.kind(of: path) {
      case .symlink:
        throw LedgerError(
          .badInput,
          "'\(original)' goes through the symbolic link '\(String(path.dropFirst(workTree.count + 1)))'",
          hint:
            "git does not track paths beyond a symbolic link; claim the link itself or the real path."
        )
      case .directory: continue
      default: return
      }
    }
  }
}

extension LedgerError {
  static func outsideWorkTree(_ input: String, workTree: String) -> LedgerError {
    LedgerError(
      .badInput, "'\(input)' is outside the work tree \(workTree)",
      hint: "Claim paths inside the repository, relative to the current directory or absolute.")
  }
}

private func hex(_ value: UInt32) -> String {
  let digits = String(value, radix: 16, uppercase: true)
  return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
}
