/// What a command's positional arguments are, for the shell completions `ledger completions`
/// writes: the one place besides the usage line that says what a command takes.
enum ArgumentCompletion: Sendable, Equatable {
  /// Paths in the work tree (the shell's own file completion).
  case files
  /// Nothing to complete (the command takes no arguments, or free text).
  case nothing
  /// The first argument is one of these words.
  case words([String])
  /// The first argument is one of the keys; the second one of that key's words
  /// (`ledger hook claude pre-edit`). Keys in the order given.
  case wordTree([(word: String, next: [String])])
  /// Claimed specs, read from the ledger when the user presses tab (`ledger completions
  /// --claimed`): the session's own, or every active claim; paths are offered too with `.all`.
  case claims(ClaimScope)

  static func == (lhs: ArgumentCompletion, rhs: ArgumentCompletion) -> Bool {
    switch (lhs, rhs) {
    case (.files, .files), (.nothing, .nothing): true
    case (.words(let a), .words(let b)): a == b
    case (.wordTree(let a), .wordTree(let b)):
      a.map(\.word) == b.map(\.word) && a.map(\.next) == b.map(\.next)
    case (.claims(let a), .claims(let b)): a == b
    default: false
    }
  }
}

/// Whose claims a completion offers.
enum ClaimScope: String, Sendable, CaseIterable {
  /// The current session's claims (what `ledger release` can release).
  case mine
  /// Every active claim (what `ledger who` is usually asked about).
  case all
}
