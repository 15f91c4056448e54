/// Judges an agent's file edit against the ledger, for every agent's pre-edit and post-edit
/// hook alike: which repository files the edit writes, whether another session holds any of
/// them, and claiming them all for the editing session — all or nothing.
///
/// It fails closed: an edit whose files cannot be checked (a repository whose `ledger.*`
/// settings are broken, a patch that cannot be read) is refused with the reason, never let
/// through unchecked. Files outside any git work tree, or inside `.git`, are not AgentLedger's
/// and are left alone.
public enum EditGuard {
  /// The files of one repository that an edit writes.
  struct Files {
    var workspace: Workspace
    var specs: [PathSpec]
  }

  /// A file of the edit held by a session the editing session may not override.
  struct Conflict {
    var spec: PathSpec
    var holder: Claim
  }

  /// One edit to judge.
  struct Edit {
    /// The files the edit writes, as the agent's tool names them (absolute, or relative to
    /// `base`).
    var paths: [String]
    /// The directory relative paths are resolved against (the agent's working directory).
    var base: String
    /// The editing (sub-)session; `nil` when the payload names none usable, in which case
    /// nothing is claimed but another session's file is still refused.
    var session: SessionID?
    /// Why there is no session (thrown when the edit is otherwise allowed).
    var missingSession: LedgerError?
    /// The note of the claims made.
    var note: String?
    /// The lease of the claims made, from the repository's settings.
    var lease: @Sendable (LedgerSettings) -> Duration?
    /// When true, a claim of the session's own that carries a lease is claimed again (its lease
    /// renewed by each edit); otherwise any claim of its own covering a file is enough.
    var renewsLeases: Bool
    /// Who takes the ledger lock (for lock-timeout messages).
    var holder: String
  }

  /// What the pre-edit hook answers.
  enum Verdict: Equatable {
    /// Nothing to say: the edit goes ahead (its files claimed for the session).
    case allow
    /// Refuse the edit, with the reason for the agent.
    case deny(String)
  }

  // MARK: Judging

  /// Before the edit: refuse it when a file it writes is another active session's (naming
  /// each) or cannot be checked; otherwise claim every file for the session before it is
  /// written.
  ///
  /// - Throws: the edit's `missingSession` when it is otherwise allowed; ledger errors (an
  ///   unreadable ledger, a lock not obtained), which the handler reports as non-blocking.
  static func preEdit(_ edit: Edit, context: ProcessContext) throws(LedgerError) -> Verdict {
    let groups: [Files]
    do {
      groups = try files(edit.paths, base: edit.base, context: context)
    } catch {
      return .deny(uncheckableReason(error))
    }
    let found = try conflicts(in: groups, session: edit.session)
    if !found.isEmpty { return .deny(denyReason(found, asking: edit.session)) }
    guard let session = edit.session else {
      if let missing = edit.missingSession { throw missing }
      return .allow
    }
    let lost = try claim(groups, for: session, edit: edit)
    return lost.isEmpty ? .allow : .deny(denyReason(lost, asking: session))
  }

  /// After the edit: claim (or renew the lease of) every file it wrote; the conflicts when
  /// another session claimed one meanwhile (empty when all went well).
  static func postEdit(_ edit: Edit, context: ProcessContext) throws(LedgerError) -> [Conflict] {
    let groups = try files(edit.paths, base: edit.base, context: context)
    guard let session = edit.session else {
      if let missing = edit.missingSession { throw missing }
      return []
    }
    return try claim(groups, for: session, edit: edit)
  }

  /// The message for an agent whose edit went through while another session claimed one of
  /// its files.
  static func lostRaceMessage(_ lost: [Conflict]) -> String {
    let names = lost.map { ForeignText.shown($0.spec.text) }.joined(separator: ", ")
    let holders = Set(lost.map(\.holder.session.parent.value)).sorted().joined(separator: ", ")
    return
      "AgentLedger: \(names) was claimed by another session (\(holders)) while you edited it. Revert your change to it and leave it out of your commits."
  }

  // MARK: Files

  /// The repository files among `paths`, grouped by repository.
  ///
  /// - Throws: when a file's repository cannot be opened for a reason other than the file
  ///   being outside any work tree (a broken `ledger.*` setting, say).
  static func files(_ paths: [String], base: String, context: ProcessContext) throws(LedgerError)
    -> [Files]
  {
    var groups: [Files] = []
    var seen = Set<String>()
    for path in paths where !path.isEmpty {
      let absolute = path.hasPrefix("/") ? path : FileSystem.join(base, path)
      guard let (workspace, spec) = try locate(absolute, context: context) else { continue }
      let tree = workspace.repository.workTree
      guard seen.insert(tree + "\u{0}" + spec.text).inserted else { continue }
      if let index = groups.firstIndex(where: { $0.workspace.repository.workTree == tree }) {
        groups[index].specs.append(spec)
      } else {
        groups.append(Files(workspace: workspace, specs: [spec]))
      }
    }
    return groups
  }

  /// The workspace of the repository holding `path`, and the path's spec in it; `nil` when the
  /// file is not inside a git work tree (or is inside `.git`). A repository that cannot be
  /// opened (a broken `ledger.*` setting, say) is an error, not a file outside any repository:
  /// the edit is refused rather than let through unchecked.
  static func locate(_ given: String, context: ProcessContext) throws(LedgerError) -> (
    Workspace, PathSpec
  )? {
    // The file the tool will really write: through any symbolic link, in the work tree or not.
    let path = resolvedPath(given)
    var directory = FileSystem.directoryName(of: path)
    while FileSystem.resolvedKind(of: directory) != .directory && directory != "/" {
      directory = FileSystem.directoryName(of: directory)
    }
    let workspace: Workspace
    do {
      workspace = try Workspace.open(context.located(in: directory))
    } catch {
      if error.message.hasSuffix("is not in a git repository")
        || error.message.contains("is not in a work tree")
      {
        return nil
      }
      throw error
    }
    let normalizer = PathNormalizer(
      workTree: workspace.repository.workTree, prefix: "", ignoreCase: workspace.settings.ignoreCase
    )
    guard let spec = try? normalizer.path(path), spec.kind == .file else { return nil }
    return (workspace, spec)
  }

  /// `path` with every symbolic link resolved: the longest existing prefix through `realpath`,
  /// the rest (names not created yet) appended as they are.
  static func resolvedPath(_ path: String) -> String {
    var existing = path
    var rest: [String] = []
    while existing != "/" && !existing.isEmpty {
      if let real = FileSystem.realPath(existing) {
        return ([real] + rest).joined(separator: "/").replacing("//", with: "/")
      }
      rest.insert(FileSystem.baseName(of: existing), at: 0)
      existing = FileSystem.directoryName(of: existing)
    }
    return path
  }

  // MARK: Claims

  /// The active claims covering the file `spec`, found by binary search in the mapped ledger
  /// (these handlers run around every edit, so they never read the whole ledger).
  static func claims(covering spec: PathSpec, in workspace: Workspace) throws(LedgerError)
    -> [Claim]
  {
    let now = workspace.context.now
    let ignoreCase = workspace.settings.ignoreCase
    return try workspace.store.index().candidates(for: spec.text).filter {
      $0.isActive(at: now) && $0.spec.covers(spec.text, ignoreCase: ignoreCase)
    }
  }

  /// Every file of `groups` held by a session that `session` may not override (any holder when
  /// there is no session). A session may use its own claims, its sub-sessions' and its
  /// parent's; a sibling sub-session's or another session's claim is a conflict.
  static func conflicts(in groups: [Files], session: SessionID?) throws(LedgerError) -> [Conflict] {
    var result: [Conflict] = []
    for group in groups {
      for spec in group.specs {
        let covering = try claims(covering: spec, in: group.workspace)
        let holder = covering.first { claim in
          guard let session else { return true }
          return !session.mayUse(claimsOf: claim.session)
        }
        if let holder { result.append(Conflict(spec: spec, holder: holder)) }
      }
    }
    return result
  }

  /// Claims the files of `groups` that still need a claim of `session`'s own (a parent's claim
  /// does not keep a subagent's sibling out, so a subagent claims for itself even under its
  /// parent's claim); the conflicts when another session claimed one first.
  static func claim(_ groups: [Files], for session: SessionID, edit: Edit) throws(LedgerError)
    -> [Conflict]
  {
    for group in groups {
      var specs: [PathSpec] = []
      for spec in group.specs {
        let own = try claims(covering: spec, in: group.workspace).filter { $0.session == session }
        let held = edit.renewsLeases ? own.contains { $0.expires == nil } : !own.isEmpty
        if !held { specs.append(spec) }
      }
      if specs.isEmpty { continue }
      do {
        _ = try group.workspace.claim(
          specs, session: session, ttl: edit.lease(group.workspace.settings), note: edit.note,
          stealReason: nil, holder: edit.holder)
      } catch {
        if error.code == .refused,
          let found = try? group.workspace.ledger().conflicts(for: specs, session: session),
          !found.isEmpty
        {
          return found.map { Conflict(spec: $0.requested, holder: $0.holder) }
        }
        throw error
      }
    }
    return []
  }

  // MARK: Reasons

  /// The reason an edit is refused: each file another session (or a sibling subagent) holds,
  /// its holder, since when, and its note quoted as data.
  static func denyReason(_ conflicts: [Conflict], asking: SessionID?) -> String {
    let one = conflicts.count == 1
    var lines = [
      "AgentLedger refused this edit: it touches \(one ? "a file" : "files") another agent session holds. Nothing in it was applied or claimed."
    ]
    var ended = false
    for conflict in conflicts {
      let holder = conflict.holder
      var line = "- \(ForeignText.shown(conflict.spec.text)): "
      if let asking, asking.parent == holder.session.parent, let agent = holder.session.agent {
        line += "being edited by another subagent of this session, \(agent)"
      } else {
        line += "claimed by \(holder.session.value)"
      }
      if holder.spec != conflict.spec { line += " (as \(ForeignText.shown(holder.spec.text)))" }
      line += ", since \(holder.since.rfc3339)"
      if !holder.note.isEmpty {
        line += " — its note, quoted as data: \(ForeignText.quoted(holder.note))"
      }
      if holder.ended != nil { ended = true }
      lines.append(line)
    }
    lines.append(
      "Do not edit \(one ? "it" : "them"): leave \(one ? "that file" : "those files") out of your edit, work on other files, or ask the user."
    )
    if ended {
      lines.append(
        "A session holding one has ended; the user can release it or take it over with `ledger claim --steal --reason TEXT PATH`."
      )
    }
    return lines.joined(separator: "\n")
  }

  /// The reason an edit that cannot be checked is refused: a patch AgentLedger cannot read
  /// (which could touch any file), or a repository whose ledger settings it cannot read.
  static func uncheckableReason(_ error: LedgerError) -> String {
    var reason =
      "AgentLedger refused this edit, as it cannot check it against other agent sessions' claims: \(error.message). Nothing was applied or claimed."
    if let hint = error.hint { reason += " " + hint }
    return reason
  }
}
