import Foundation

/// husky v9's runtime, reproduced for the tests (husky is an npm package, and npm is not
/// reachable here). What `husky [DIR]` does, from its published `index.js` and runner: it runs
/// `git config core.hooksPath DIR/_`, writes `DIR/_/.gitignore` (`*`), copies its runner to
/// `DIR/_/h`, writes a one-line wrapper `#!/usr/bin/env sh` + `. "${0%/*}/h"` for each of its
/// 13 client hooks (pre-merge-commit is not among them) and an empty `husky.sh`. The runner
/// takes the hook's name from `basename "$0"`, exits 0 when the user script `DIR/HOOK` is
/// missing, sources `~/.config/husky/init.sh`, honours `HUSKY=0`, puts `node_modules/.bin` on
/// `PATH`, and runs the script with `sh -e`, reporting a failure. The text below is written
/// for these tests, behaving the same.
enum HuskyRuntime {
  /// husky v9's client hooks.
  static let hooks = [
    "pre-commit", "prepare-commit-msg", "commit-msg", "post-commit", "applypatch-msg",
    "pre-applypatch", "post-applypatch", "pre-rebase", "post-rewrite", "post-checkout",
    "post-merge", "pre-push", "pre-auto-gc",
  ]

  /// The runner, `DIR/_/h`.
  static let runner = """
    #!/usr/bin/env sh
    # husky v9's runner, reproduced for AgentLedger's tests.
    [ "$HUSKY" = "2" ] && set -x
    hook=$(basename "$0")
    script=$(dirname "$(dirname "$0")")/$hook
    [ ! -f "$script" ] && exit 0
    init="${XDG_CONFIG_HOME:-$HOME/.config}/husky/init.sh"
    [ -f "$init" ] && . "$init" "$hook"
    [ "${HUSKY-}" = "0" ] && exit 0
    export PATH="node_modules/.bin:$PATH"
    sh -e "$script" "$@"
    code=$?
    [ $code != 0 ] && echo "husky - $hook script failed (code $code)"
    [ $code = 127 ] && echo "husky - command not found in PATH=$PATH"
    exit $code

    """

  /// Runs husky's install in `repo` for the scripts folder `directory` (relative, like husky's).
  static func install(
    _ repo: TempRepository, directory: String = ".husky", in checkout: URL? = nil
  ) async throws {
    try await repo.git(["config", "core.hooksPath", directory + "/_"], in: checkout)
    let folder = (checkout ?? repo.path).appendingPathComponent(directory + "/_")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try Data("*".utf8).write(to: folder.appendingPathComponent(".gitignore"))
    try Data(runner.utf8).write(to: folder.appendingPathComponent("h"))
    for hook in hooks {
      let url = folder.appendingPathComponent(hook)
      try Data("#!/usr/bin/env sh\n. \"${0%/*}/h\"".utf8).write(to: url)
      try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
    }
    try Data().write(to: folder.appendingPathComponent("husky.sh"))
  }
}
