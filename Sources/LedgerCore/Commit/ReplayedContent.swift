/// Which staged paths of a commit that concludes a replay are the replay's own work, and so move
/// unjudged: a path whose staged content is the version the replayed commit (or patch) gives it,
/// or a path the replay genuinely conflicted on (its resolution is the person's answer to that
/// conflict). Everything else staged is new work and is judged like any commit.
///
/// The replayed version is recomputed from git's objects, not read from state a person can
/// edit: for a pick, the three-way merge of the picked commit onto `HEAD` with its first parent
/// as the base (`git merge-tree --write-tree`, as the sequencer merges), for a revert the same
/// with base and side swapped, for `git am` the current patch applied to `HEAD`; at a rebase
/// `edit` stop the replayed commit is `HEAD` itself, so nothing staged is the replay's. When git
/// cannot say, nothing is exempt (fail closed).
///
/// Only asked about paths that would otherwise be violations, so a replay that touches no
/// claimed path costs no git process here.
public enum ReplayedContent {
  /// Of `paths` (staged, against `HEAD`), those that move unjudged with `replay`.
  public static func unjudged(
    _ paths: [String], replay: Replay, git: Git, environment: [String: String]
  ) -> Set<String> {
    guard !paths.isEmpty else { return [] }
    switch replay {
    case .editStop:
      return []
    case .pick(let revision), .revert(let revision):
      guard let commits = try? lineage(of: revision, git: git) else { return [] }
      guard let parent = commits.parent else {
        // A root commit picked: its own version of each path (a reverted root: nothing).
        if case .revert = replay { return [] }
        guard let differing = try? StagedPaths.differing(from: commits.commit, git: git)
        else { return [] }
        return Set(paths.filter { !differing.contains($0) })
      }
      let isRevert: Bool
      if case .revert = replay { isRevert = true } else { isRevert = false }
      let base = isRevert ? commits.commit : parent
      let side = isRevert ? parent : commits.commit
      guard let merge = try? merged(base: base, side: side, git: git),
        let differing = try? StagedPaths.differing(from: merge.tree, git: git)
      else { return [] }
      return Set(paths.filter { merge.conflicted.contains($0) || !differing.contains($0) })
    case .patch:
      return patched(paths, git: git, environment: environment)
    }
  }

  /// The full ids of `revision` and its first parent (`nil` for a root commit).
  static func lineage(of revision: String, git: Git) throws(LedgerError) -> (
    commit: String, parent: String?
  ) {
    let output = try git.output(GitCommands.lineage(of: revision))
    let ids = String(decoding: output, as: UTF8.self).split(whereSeparator: {
      $0 == " " || $0 == "\n"
    })
    .map(String.init)
    guard let commit = ids.first else {
      throw LedgerError(.environment, "git rev-list printed nothing for \(revision)")
    }
    return (commit, ids.count > 1 ? ids[1] : nil)
  }

  /// The three-way merge of `side` onto `HEAD` with `base` as the merge base: the resulting tree
  /// and the paths that conflicted.
  ///
  /// git 2.40 and newer take the base directly (`--merge-base`). Older git (Debian's 2.39) merges
  /// two commits made for the purpose, whose only common ancestor carries `base`'s tree: the
  /// same merge, at the cost of three `commit-tree` runs (identical, so reused, objects).
  static func merged(base: String, side: String, git: Git) throws(LedgerError) -> (
    tree: String, conflicted: Set<String>
  ) {
    let direct = GitCommands.mergeTree("HEAD", side, base: base)
    let result = try git.run(direct)
    if result.status <= 1 { return try parseMerge(result, direct) }
    var pinned = git
    for (key, value) in [
      ("GIT_AUTHOR_NAME", "AgentLedger"), ("GIT_AUTHOR_EMAIL", "agentledger@invalid"),
      ("GIT_COMMITTER_NAME", "AgentLedger"), ("GIT_COMMITTER_EMAIL", "agentledger@invalid"),
      ("GIT_AUTHOR_DATE", "@0 +0000"), ("GIT_COMMITTER_DATE", "@0 +0000"),
    ] {
      pinned.context.environment[key] = value
    }
    /// The id `commit-tree` printed for `arguments`, or the error naming that command.
    func id(_ result: ProcessResult, _ arguments: [String]) throws(LedgerError) -> String {
      guard result.status == 0, let line = result.outputText.split(separator: "\n").first else {
        throw .gitFailed(arguments, result)
      }
      return String(line)
    }
    let root = GitCommands.scratchCommit(of: base, parent: nil)
    let ancestor = try id(try pinned.runAll([pinned.command(root)])[0], root)
    let onOurs = GitCommands.scratchCommit(of: "HEAD", parent: ancestor)
    let onTheirs = GitCommands.scratchCommit(of: side, parent: ancestor)
    let sides = try pinned.runAll([pinned.command(onOurs), pinned.command(onTheirs)])
    let ours = try id(sides[0], onOurs)
    let theirs = try id(sides[1], onTheirs)
    let fallback = GitCommands.mergeTree(ours, theirs, base: nil)
    return try parseMerge(try git.run(fallback), fallback)
  }

  /// Reads `merge-tree --write-tree --name-only -z` output: the tree, then each conflicted path.
  private static func parseMerge(_ result: ProcessResult, _ arguments: [String]) throws(LedgerError)
    -> (tree: String, conflicted: Set<String>)
  {
    guard result.status <= 1 else { throw .gitFailed(arguments, result) }
    let fields = Git.fields(result.output)
    guard let tree = fields.first, !tree.isEmpty else { throw .gitFailed(arguments, result) }
    return (tree, Set(fields.dropFirst().filter { !$0.isEmpty }))
  }

  /// For `git am` (`git am --show-current-patch=diff`): a path is the patch's own when its
  /// staged content is what the patch gives it applied to `HEAD` (in a scratch index), or when
  /// the patch does not apply to that path (the conflict `git am` stopped at).
  static func patched(_ paths: [String], git: Git, environment: [String: String]) -> Set<String> {
    guard let patch = try? git.output(GitCommands.currentPatch), !patch.isEmpty,
      let scratch = PrivateFolder.path(environment)
    else { return [] }
    let index = FileSystem.join(
      scratch, "replay-index-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
    defer { try? FileSystem.remove(index) }
    var isolated = git
    isolated.context.environment["GIT_INDEX_FILE"] = index
    /// The tree `HEAD` becomes with the patch (or only its part for `path`) applied.
    func apply(only path: String?) -> String? {
      try? FileSystem.remove(index)
      guard (try? isolated.output(GitCommands.readHeadTree)) != nil else { return nil }
      let apply = GitCommands.applyToIndex(include: path.map(globEscaped))
      guard let result = try? isolated.run(apply, input: patch),
        result.status == 0, let tree = try? isolated.output(GitCommands.writeTree)
      else { return nil }
      return String(decoding: tree, as: UTF8.self).split(separator: "\n").first.map(String.init)
    }
    func matches(_ tree: String) -> Set<String>? {
      guard let differing = try? StagedPaths.differing(from: tree, git: git) else { return nil }
      return Set(paths.filter { !differing.contains($0) })
    }
    if let tree = apply(only: nil) { return matches(tree) ?? [] }
    // The patch does not apply as a whole: judge each path on its own.
    var unjudged = Set<String>()
    let touched = patchedPaths(patch)
    for path in paths where touched.contains(path) {
      if let tree = apply(only: path) {
        if matches(tree)?.contains(path) == true { unjudged.insert(path) }
      } else {
        unjudged.insert(path)  // the patch conflicts here: the person resolved it
      }
    }
    return unjudged
  }

  /// The paths a unified diff names (`diff --git a/X b/Y`, both sides), unquoted ones only: a
  /// quoted name is simply not exempt.
  static func patchedPaths(_ patch: [UInt8]) -> Set<String> {
    var paths = Set<String>()
    for line in String(decoding: patch, as: UTF8.self).split(separator: "\n") {
      for prefix in ["--- a/", "+++ b/"] where line.hasPrefix(prefix) {
        paths.insert(String(line.dropFirst(prefix.count)))
      }
    }
    return paths
  }

  /// `path` with wildmatch's special characters escaped, for `git apply --include`.
  static func globEscaped(_ path: String) -> String {
    var escaped = ""
    for character in path {
      if "*?[\\".contains(character) { escaped.append("\\") }
      escaped.append(character)
    }
    return escaped
  }
}
