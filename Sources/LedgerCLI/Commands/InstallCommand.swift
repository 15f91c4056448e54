import LedgerCore

/// `ledger install` and `ledger uninstall`: wire the hooks into repositories, or out again.
enum InstallCommand {
  static let spec = CommandSpec(
    name: "install",
    summary: "Wire the hooks into repositories (default: the current one)",
    usage: ["install [--force] [--files] [REPO…]", "install --global"],
    discussion: """
      Installs AgentLedger's pre-commit, prepare-commit-msg, commit-msg and post-commit hooks \
      where git looks for hooks (`git rev-parse --git-path hooks`: a repository-local \
      core.hooksPath and linked worktrees are honoured). A hook that was already there keeps \
      running first, with the same arguments, and its failure still fails the commit (it is \
      kept as HOOK.pre-ledger; git-lfs's post-commit and post-merge are chained the same way when \
      git-lfs is set up). Running it again changes nothing. A core.hooksPath shared with other \
      repositories (global, system, or a folder outside this repository) or /dev/null is \
      refused unless --force, which gives this repository a hooks folder of its own that runs \
      every hook of the shared folder and writes nothing there. Beside hook managers \
      AgentLedger joins them their way, in either install order: husky gets one marked line in \
      each of its scripts, lefthook a marked `extends` line in lefthook-local.yml, the \
      pre-commit framework the HOOK.legacy its script runs. Run `ledger install` again after \
      re-installing such a tool if a `ledger` command warns. With git 2.54 or newer the hooks \
      are registered in the repository's git config instead (`[hook "agentledger-HOOK"]`), \
      where no tool that renames or replaces hook files can displace them, and no hook file is \
      AgentLedger's; --global registers them for every repository of the user; --files writes \
      hook files anyway.
      """,
    examples: [
      ("ledger install", "the repository of the current directory"),
      ("ledger install ~/src/app ~/src/lib", "several repositories"),
    ],
    options: [
      .flag("force", "Install despite a shared or /dev/null core.hooksPath."),
      .flag("global", "Register config-based hooks for every repository (git ≥ 2.54)."),
      .flag(
        "files",
        "Write hook files even where git runs config-based hooks (an older git commits too)."),
    ],
    positionals: (0, nil),
    run: { invocation throws(LedgerError) in try run(invocation, uninstall: false) })

  static let uninstallSpec = CommandSpec(
    name: "uninstall",
    summary: "Remove the hooks and restore any hook they replaced",
    usage: ["uninstall [REPO…]", "uninstall --global"],
    discussion: """
      Removes AgentLedger's hooks (only files carrying its marker) wherever a hook manager moved \
      them (HOOK.legacy, HOOK.old, the repository's own hooks folder), its lines in husky's \
      scripts and lefthook's config, puts back each hook they replaced, byte for byte, and \
      restores core.hooksPath if `install --force` changed it. \
      The ledger itself (.git/ledger) is kept. AgentLedger's config-based registrations are \
      removed from the repository's config (with --global, from the user's).
      """,
    examples: [("ledger uninstall", "the current repository")],
    options: [.flag("global", "Remove the registrations from the user's global config.")],
    positionals: (0, nil),
    run: { invocation throws(LedgerError) in try run(invocation, uninstall: true) })

  static func run(_ invocation: Invocation, uninstall: Bool) throws(LedgerError) -> ExitCode {
    let repositories = invocation.arguments.isEmpty ? ["."] : invocation.arguments
    let hookBinary = HookShim.installedBinary(invocation.context)
    var failed = false
    for repository in repositories {
      let directory = FileSystem.join(invocation.context.currentDirectory, repository)
      // `ledger install` with no argument inside `git --git-dir=…` keeps git's view.
      let context =
        repository == "." && invocation.context.environment["GIT_DIR"] != nil
        ? invocation.context : invocation.context.located(in: directory)
      var installer = HookInstaller(
        git: Git(context: context), hookBinary: hookBinary, force: invocation.flag("force"))
      installer.global = invocation.flag("global")
      installer.files = invocation.flag("files")
      do {
        let report = uninstall ? try installer.uninstall() : try installer.install()
        let output = invocation.output
        output.line("\(uninstall ? "Unwired" : "Wired") \(report.hooksDirectory):")
        for action in report.actions { output.line("  " + action) }
        for note in report.notes { output.line("  note: " + note) }
      } catch {
        failed = true
        LedgerCLI.report(
          LedgerError(error.code, "\(repository): \(error.message)", hint: error.hint),
          output: invocation.output)
      }
    }
    if !uninstall && !failed {
      invocation.output.line(
        "Next: claim files with `ledger claim PATH`, and commit as usual; `ledger status` shows who holds what."
      )
    }
    return failed ? .environment : .success
  }

}
