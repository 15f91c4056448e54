/// Every git command line AgentLedger runs, in one place, built from shared option lists — as
/// lefthook keeps its `cmdStagedFiles` — so that no two copies of a query can drift apart.
/// `GitCommandCatalogueTests` fails on a git command line spelled anywhere else.
///
/// Each entry is the arguments after `git` (`Git` adds `git` and the caller's directory). The
/// readers of each query's output live beside its caller; this file only says what is asked.
///
/// A path list must not depend on the user's diff configuration: every path query asks for
/// NUL-separated names (`-z`), both sides of a rename (`--no-renames`), no external diff or
/// text conversion, no color, and every submodule pointer (`--ignore-submodules=none`, which
/// overrides `diff.ignoreSubmodules` and `submodule.NAME.ignore`).
public enum GitCommands {
  // MARK: Paths

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

  /// The paths that differ from `HEAD` in the index or the work tree, untracked files included
  /// one by one, ignored ones left out: `XY PATH\0` (and `XY NEW\0OLD\0` for a rename).
  public static let workingChanges = [
    "status", "--porcelain=v1", "-z", "--untracked-files=all", "--ignore-submodules=none",
  ]

  /// The tracked and untracked (not ignored) paths under `pathspec`, from the top.
  public static func listed(_ pathspec: String) -> [String] {
    ["ls-files", "-z", "--full-name", "--cached", "--others", "--exclude-standard", "--", pathspec]
  }

  /// The ignored paths under `pathspec`, an ignored directory once with a final `/`.
  public static func listedIgnored(_ pathspec: String) -> [String] {
    [
      "ls-files", "-z", "--full-name", "--others", "--ignored", "--exclude-standard",
      "--directory", "--", pathspec,
    ]
  }

  // MARK: The repository

  /// The git directory, the common directory, the top of the work tree and the directory's
  /// prefix in it, one per line, absolute.
  public static let discovery = [
    "rev-parse", "--path-format=absolute", "--git-dir", "--git-common-dir", "--show-toplevel",
    "--show-prefix",
  ]

  /// The common directory and the hooks directory git uses, one per line, absolute.
  public static let hooksLocation = [
    "rev-parse", "--path-format=absolute", "--git-common-dir", "--git-path", "hooks",
  ]

  /// The top of the work tree (fails in a bare repository).
  public static let topLevel = ["rev-parse", "--show-toplevel"]

  /// Every work tree of the repository (`worktree PATH` lines among others).
  public static let worktrees = ["worktree", "list", "--porcelain"]

  /// `HEAD`, every ref, and what annotated tags point at: `ID NAME` lines. Exit 1 with no
  /// output is a repository without commits.
  public static let tips = ["show-ref", "--head", "--dereference"]

  /// `git version X.Y.Z…`.
  public static let version = ["version"]

  // MARK: Commits and history

  /// The full id of `revision`, or exit 1 and nothing when it does not name an object.
  public static func verify(_ revision: String) -> [String] {
    ["rev-parse", "-q", "--verify", revision]
  }

  /// The values of `revision`'s `key` trailers, as git reads them, one per line.
  public static func trailerValues(key: String, of revision: String) -> [String] {
    ["log", "-1", "--format=%(trailers:key=\(key),valueonly,unfold)", revision, "--"]
  }

  /// The full ids of `revision` (a commit) and its parents, on one line.
  public static func lineage(of revision: String) -> [String] {
    ["rev-list", "--parents", "-n", "1", revision + "^{commit}", "--"]
  }

  /// The commits on local branches and `HEAD` that no remote-tracking branch has, newest
  /// first: with `excludingStdin`, also not reachable from the `^ID` lines given on stdin;
  /// with `since`, committed at or after that Unix time.
  public static func localCommits(excludingStdin: Bool, since: Int64?) -> [String] {
    ["rev-list", "--ignore-missing"] + (excludingStdin ? ["--stdin"] : [])
      + (since.map { ["--max-age=\($0)"] } ?? []) + ["--branches", "HEAD", "--not", "--remotes"]
  }

  /// For each commit id given on stdin: `\0 ID \0 DATE \0 SUBJECT \0 TRAILERS \0` (the values
  /// of its `trailer` trailers, separated by `\x1f`), then its paths, the first one after a
  /// newline, each ending in `\0`.
  public static func summaries(trailer: String) -> [String] {
    [
      "-c", "core.quotePath=false", "log", "--no-walk=unsorted", "--stdin", "-z",
      "--format=%x00%H%x00%ct%x00%s%x00%(trailers:key=\(trailer),valueonly,separator=%x1f)",
      "--name-only", "--no-renames", "--diff-merges=dense-combined",
    ]
  }

  // MARK: Replays (what a rebase, cherry-pick or am step brings)

  /// The three-way merge of `theirs` onto `ours`: the tree, then each conflicted path
  /// (`\0`-separated); exit 1 when something conflicted. `base` (git 2.40 and newer) names the
  /// merge base; without it git finds it.
  public static func mergeTree(_ ours: String, _ theirs: String, base: String?) -> [String] {
    ["merge-tree", "--write-tree", "--name-only", "--no-messages", "-z"]
      + (base.map { ["--merge-base=\($0)"] } ?? []) + [ours, theirs]
  }

  /// A commit of `tree` (with `parent`), made only to hand `merge-tree` a merge base.
  public static func scratchCommit(of tree: String, parent: String?) -> [String] {
    ["commit-tree", "--no-gpg-sign", "-m", "agentledger replay check"]
      + (parent.map { ["-p", $0] } ?? []) + [tree + "^{tree}"]
  }

  /// The patch `git am` stopped at.
  public static let currentPatch = ["am", "--show-current-patch=diff"]

  /// Reads `HEAD`'s tree into the index (a scratch one: `GIT_INDEX_FILE`).
  public static let readHeadTree = ["read-tree", "HEAD"]

  /// Applies the patch on stdin to the index, only to the paths `include` names when given.
  public static func applyToIndex(include: String?) -> [String] {
    ["apply", "--cached"] + (include.map { ["--include=" + $0] } ?? [])
  }

  /// Writes the index as a tree and prints its id.
  public static let writeTree = ["write-tree"]

  // MARK: Staging and committing (`ledger stage`, `ledger commit`)

  /// Stages the paths listed NUL-separated on stdin, deletions included.
  public static let stageListed = ["add", "-A", "--pathspec-from-file=-", "--pathspec-file-nul"]

  /// Makes the (new) paths listed NUL-separated on stdin known to the index.
  public static let addListed = ["add", "--pathspec-from-file=-", "--pathspec-file-nul"]

  /// Commits exactly the paths listed NUL-separated in `pathspecFile` (git's `--only`: what
  /// else is staged stays staged), with the user's `options`.
  public static func commitOnly(pathspecFile: String, options: [String]) -> [String] {
    ["commit", "--only", "--pathspec-from-file=\(pathspecFile)", "--pathspec-file-nul"] + options
  }

  // MARK: Configuration

  /// Every setting whose key matches `pattern`: `KEY\nVALUE\0` entries; exit 1 when none.
  /// `scope` (`local`, `global`, `system`, `worktree`) reads one file only.
  public static func config(matching pattern: String, scope: String? = nil) -> [String] {
    ["config"] + (scope.map { ["--\($0)"] } ?? []) + ["-z", "--get-regexp", pattern]
  }

  /// Like `config(matching:)`, each entry preceded by its scope: `SCOPE\0KEY\nVALUE\0`.
  public static func configWithScopes(matching pattern: String) -> [String] {
    ["config", "--show-scope", "-z", "--get-regexp", pattern]
  }

  /// Every value of `key` with its scope: `SCOPE\0VALUE\0`.
  public static func configAllWithScopes(_ key: String) -> [String] {
    ["config", "--show-scope", "-z", "--get-all", key]
  }

  /// `key` read as a boolean (`true`/`false`); exit 1 when unset, 128 when not a boolean.
  public static func configBool(_ key: String) -> [String] {
    ["config", "--type=bool", "--get", key]
  }

  /// Sets `key` to `value` in `scope`'s file (the one value of a single-valued key).
  public static func setConfig(_ key: String, _ value: String, scope: String) -> [String] {
    ["config", "--\(scope)", key, value]
  }

  /// Replaces every value of `key` in `scope`'s file with `value`.
  public static func replaceConfig(_ key: String, _ value: String, scope: String) -> [String] {
    ["config", "--\(scope)", "--replace-all", key, value]
  }

  /// Removes `key` from `scope`'s file (every value with `all`); exit 5 when it was not set.
  public static func unsetConfig(_ key: String, scope: String, all: Bool) -> [String] {
    ["config", "--\(scope)", all ? "--unset-all" : "--unset", key]
  }

  /// Removes the section `name` from `scope`'s file.
  public static func removeConfigSection(_ name: String, scope: String) -> [String] {
    ["config", "--\(scope)", "--remove-section", name]
  }
}
