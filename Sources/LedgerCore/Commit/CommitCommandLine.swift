/// What a `git commit` command line asks for that git does not tell its hooks: whether the
/// commit amends `HEAD` (or, with `--fixup=amend:REV`, will replace REV's message), whether an empty message is allowed, and the cleanup mode.
///
/// git passes prepare-commit-msg `commit HEAD` both for `--amend` and for `-C HEAD`, and plain
/// `message` for `--amend -m`; only the command line of the git process tells them apart. It
/// is read the way git's option parser reads it: short options may be clustered (`-qm MSG`),
/// an option's value is never taken for an option (`-m --amend` is a message), a long option
/// may be abbreviated to any unambiguous prefix (`--amen`), a later `--no-amend` undoes
/// `--amend`, and `--` ends the options.
public struct CommitCommandLine: Sendable, Equatable {
  /// `--amend`: the commit replaces `HEAD`.
  public var amends = false
  /// `--fixup=amend:REV` or `--fixup=reword:REV`: the commit's message is to replace REV's
  /// when `rebase --autosquash` folds it in (the last `--fixup` wins).
  public var fixupAmends: String?
  /// `--allow-empty-message`: git commits an empty message or an untouched template.
  public var allowsEmptyMessage = false
  /// The last `--cleanup=MODE`, if any.
  public var cleanup: String?

  /// Reads `commandLine` (the git process's arguments, `git` first); `nil` when it is not a
  /// `git commit` (a merge, a sequencer command). An alias (`alias.fix = commit --amend`) needs
  /// no expanding: git runs it as a child `git commit --amend …`, the process the hooks see.
  public init?(_ commandLine: [String]) {
    guard let (subcommand, index) = Git.subcommandPosition(of: commandLine),
      subcommand == "commit"
    else { return nil }
    parse(Array(commandLine[(index + 1)...]))
  }

  /// Long options of `git commit` that take a value (`--name=value` or `--name value`).
  static let valued: Set<String> = [
    "file", "author", "date", "message", "reedit-message", "reuse-message", "fixup", "squash",
    "template", "cleanup", "trailer", "pathspec-from-file",
  ]
  /// Every other long option of `git commit` (git 2.39–2.5x), for resolving abbreviations.
  static let flags: Set<String> = [
    "quiet", "verbose", "reset-author", "signoff", "edit", "status", "gpg-sign", "all",
    "include", "interactive", "patch", "only", "verify", "no-verify", "dry-run", "short", "branch",
    "ahead-behind", "porcelain", "long", "null", "amend", "no-post-rewrite", "post-rewrite",
    "untracked-files", "pathspec-file-nul", "allow-empty", "allow-empty-message", "renames",
    "find-renames", "rerere-autoupdate",
  ]
  /// Short options that take a value (the rest of the cluster, or the next argument).
  static let valuedShort: Set<Character> = ["m", "F", "C", "c", "t"]

  /// The full name of a long option written as `name` (maybe abbreviated, maybe `no-`).
  static func resolve(_ name: String) -> (name: String, negated: Bool)? {
    let all = valued.union(flags)
    if all.contains(name) { return (name, false) }
    if name.hasPrefix("no-"), all.contains(String(name.dropFirst(3))) {
      return (String(name.dropFirst(3)), true)
    }
    let candidates =
      all.filter { $0.hasPrefix(name) }.map { ($0, false) }
      + (name.hasPrefix("no-")
        ? all.filter { $0.hasPrefix(String(name.dropFirst(3))) }.map { ($0, true) } : [])
    return candidates.count == 1 ? candidates[0] : nil
  }

  private mutating func parse(_ arguments: [String]) {
    var index = 0
    while index < arguments.count {
      let argument = arguments[index]
      index += 1
      if argument == "--" { return }
      if argument.hasPrefix("--") {
        let body = argument.dropFirst(2)
        let name = body.split(separator: "=", maxSplits: 1).first.map(String.init) ?? ""
        let stuck = body.contains("=")
        guard let (option, negated) = CommitCommandLine.resolve(name) else { continue }
        var value: String?
        if CommitCommandLine.valued.contains(option) && !negated {
          if stuck {
            value = String(body.drop { $0 != "=" }.dropFirst())
          } else if index < arguments.count {
            value = arguments[index]
            index += 1
          }
        }
        switch option {
        case "amend": amends = !negated
        case "allow-empty-message": allowsEmptyMessage = !negated
        case "cleanup": cleanup = value
        case "fixup":
          if let value, let colon = value.firstIndex(of: ":"),
            ["amend", "reword"].contains(value[..<colon])
          {
            fixupAmends = String(value[value.index(after: colon)...])
          } else if let value, value == "amend" || value == "reword", index < arguments.count {
            // git cuts its own argument at the colon (`amend:REV` becomes `amend`, NUL,
            // `REV`), so the running process shows REV as the next argument.
            fixupAmends = arguments[index]
            index += 1
          } else {
            fixupAmends = nil
          }
        default: break
        }
        continue
      }
      guard argument.hasPrefix("-"), argument.count > 1 else { continue }
      // A cluster of short options; a valued one takes the rest of it, or the next argument.
      var rest = argument.dropFirst()
      while let letter = rest.first {
        rest = rest.dropFirst()
        if CommitCommandLine.valuedShort.contains(letter) {
          if rest.isEmpty && index < arguments.count { index += 1 }
          break
        }
      }
    }
  }

  /// The commit whose message this one replaces, now (`--amend`: `HEAD`) or at the next
  /// autosquash (`--fixup=amend:REV`, `--fixup=reword:REV`); `nil` for a new message.
  public var amendedRevision: String? { amends ? "HEAD" : fixupAmends }

  /// True when git refuses a message the person did not write (empty, or the template
  /// unchanged): unless `--allow-empty-message` or the `verbatim` cleanup (`--cleanup`, else
  /// `commit.cleanup`), which make git commit it as it is.
  public func refusesUnwrittenMessage(configuredCleanup: String?) -> Bool {
    !allowsEmptyMessage && (cleanup ?? configuredCleanup) != "verbatim"
  }
}
