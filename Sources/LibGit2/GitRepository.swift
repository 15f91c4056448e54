import CLibGit2

/// A repository opened with libgit2, the way git's hooks see it: `GIT_DIR`, `GIT_WORK_TREE`
/// and `GIT_INDEX_FILE` are applied by hand, because libgit2 1.5's
/// `GIT_REPOSITORY_OPEN_FROM_ENV` fails outright when `GIT_WORK_TREE` is set. Every method
/// returns plain Swift values; the handle never escapes.
public final class GitRepository {
  private let handle: OpaquePointer

  /// Opens the repository for `directory` and `environment`: `GIT_DIR` when set, otherwise
  /// discovery upwards from `directory`.
  public init(directory: String, environment: [String: String]) throws(GitError) {
    var repository: OpaquePointer?
    if let gitDirectory = environment["GIT_DIR"], !gitDirectory.isEmpty {
      let path = gitDirectory.hasPrefix("/") ? gitDirectory : directory + "/" + gitDirectory
      let flags = GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue | GIT_REPOSITORY_OPEN_NO_DOTGIT.rawValue
      try check(git_repository_open_ext(&repository, path, flags, nil))
    } else {
      try check(
        git_repository_open_ext(&repository, directory, 0, environment["GIT_CEILING_DIRECTORIES"]))
    }
    guard let repository else { throw GitError(code: -1) }
    handle = repository
    do {
      if let workTree = environment["GIT_WORK_TREE"], !workTree.isEmpty {
        let path = workTree.hasPrefix("/") ? workTree : directory + "/" + workTree
        try check(git_repository_set_workdir(handle, path, 0))
      }
      if let indexFile = environment["GIT_INDEX_FILE"], !indexFile.isEmpty {
        let path = indexFile.hasPrefix("/") ? indexFile : directory + "/" + indexFile
        var index: OpaquePointer?
        try check(git_index_open(&index, path))
        defer { git_index_free(index) }
        try check(git_repository_set_index(handle, index))
      }
    } catch {
      git_repository_free(handle)
      throw error
    }
  }

  deinit { git_repository_free(handle) }

  /// The git dir of this worktree (`.git/worktrees/NAME/` in a linked worktree).
  public var gitDirectory: String { String(cString: git_repository_path(handle)) }

  /// The git dir shared by every worktree.
  public var commonDirectory: String { String(cString: git_repository_commondir(handle)) }

  /// The top of the work tree, or `nil` for a bare repository.
  public var workTree: String? { git_repository_workdir(handle).map { String(cString: $0) } }

  /// True in a linked worktree.
  public var isLinkedWorktree: Bool { git_repository_is_worktree(handle) == 1 }

  /// True when `HEAD` points at a branch with no commit yet.
  public var isHeadUnborn: Bool { git_repository_head_unborn(handle) == 1 }

  /// The configuration, as libgit2 reads it (it does not see `git -c` or worktree config).
  public func configString(_ key: String) throws(GitError) -> String? {
    var config: OpaquePointer?
    try check(git_repository_config_snapshot(&config, handle))
    defer { git_config_free(config) }
    var value: UnsafePointer<CChar>?
    let code = git_config_get_string(&value, config, key)
    if code == GIT_ENOTFOUND.rawValue {
      git_error_clear()
      return nil
    }
    try check(code)
    return value.map { String(cString: $0) }
  }

  /// The number of entries in the index (reading it proves libgit2 can parse it: a split or
  /// sparse index fails here).
  public func indexEntryCount() throws(GitError) -> Int {
    var index: OpaquePointer?
    try check(git_repository_index(&index, handle))
    defer { git_index_free(index) }
    try check(git_index_read(index, 0))
    return git_index_entrycount(index)
  }

  /// The paths staged against `HEAD` (the empty tree on an unborn branch), both sides of each
  /// change, intent-to-add entries excluded: what `git diff --cached --name-only --no-renames`
  /// prints.
  public func stagedPaths() throws(GitError) -> [String] {
    var headTree: OpaquePointer?
    let code = git_revparse_single(&headTree, handle, "HEAD^{tree}")
    if code == GIT_ENOTFOUND.rawValue || code == GIT_EUNBORNBRANCH.rawValue {
      git_error_clear()
    } else {
      try check(code)
    }
    defer { git_object_free(headTree) }
    var options = git_diff_options()
    try check(git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION)))
    options.flags = GIT_DIFF_INCLUDE_TYPECHANGE.rawValue
    var diff: OpaquePointer?
    try check(git_diff_tree_to_index(&diff, handle, headTree, nil, &options))
    defer { git_diff_free(diff) }
    var index: OpaquePointer?
    try check(git_repository_index(&index, handle))
    defer { git_index_free(index) }
    let intentToAdd = UInt16(GIT_INDEX_ENTRY_INTENT_TO_ADD.rawValue)
    var paths = Set<String>()
    for position in 0..<git_diff_num_deltas(diff) {
      guard let delta = git_diff_get_delta(diff, position)?.pointee else { continue }
      if delta.status == GIT_DELTA_ADDED,
        let entry = git_index_get_bypath(index, delta.new_file.path, 0),
        entry.pointee.flags_extended & intentToAdd != 0
      {
        continue
      }
      paths.insert(String(cString: delta.old_file.path))
      paths.insert(String(cString: delta.new_file.path))
    }
    return paths.sorted()
  }
}
