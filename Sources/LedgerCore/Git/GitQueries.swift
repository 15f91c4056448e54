/// Every git command line AgentLedger runs to learn which paths something changes, in one
/// place, built from one list of shared options — as lefthook keeps its `cmdStagedFiles` — so
/// the queries cannot drift apart.
///
/// A path list must not depend on the user's diff configuration: every query asks for
/// NUL-separated names (`-z`), both sides of a rename (`--no-renames`), no external diff or
/// text conversion, no color, and every submodule pointer (`--ignore-submodules=none`, which
/// overrides `diff.ignoreSubmodules` and `submodule.NAME.ignore`).
public enum GitQueries {
  /// The options every path-listing query shares.
  public static let pathListing = [
    "--name-only", "-z", "--no-renames", "--no-ext-diff", "--no-textconv",
    "--ignore-submodules=none", "--no-color",
  ]

  /// The paths staged in the index against `HEAD` (the empty tree on an unborn branch).
  public static let staged = ["diff", "--cached"] + pathListing

  /// The paths whose staged content differs from `revision`'s.
  public static func stagedDiffering(from revision: String) -> [String] {
    ["diff", "--cached"] + pathListing + [revision, "--"]
  }

  /// The paths `revision` (a commit) changed against its first parent (all of a root commit).
  public static func changed(by revision: String) -> [String] {
    ["diff-tree", "-r", "--root", "--no-commit-id"] + pathListing + [revision]
  }

  /// `HEAD`'s id, its parents' ids and the paths it changed against its first parent:
  /// `SHA\0PARENTS\0`, then `\n` and `PATH\0` entries when it changed anything.
  public static let lastCommit =
    ["log", "-1", "--format=%H%x00%P", "-m", "--first-parent"] + pathListing + ["HEAD"]

  /// The paths whose content in `HEAD` differs from `parent`'s.
  public static func committedDiffering(from parent: String) -> [String] {
    ["diff-tree", "-r", "--no-commit-id"] + pathListing + [parent, "HEAD"]
  }
}
