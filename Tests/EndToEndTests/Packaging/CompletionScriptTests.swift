import Foundation
import Testing

/// The completion scripts load in their shells and complete subcommands, options and claims.
@Suite("Shell completions")
struct CompletionScriptTests {
  /// A repository where alice holds a.txt and src/ and bob holds b.txt, and the scripts.
  func setUp() async throws -> (TempRepository, [String: String]) {
    let repo = try await TempRepository()
    expectExit(0, try await repo.ledger("claim", "a.txt", "src/", session: "alice"))
    expectExit(0, try await repo.ledger("claim", "b.txt", session: "bob"))
    // Another agent's text, offered by `who`: completing it must never insert shell syntax.
    expectExit(0, try await repo.ledger("claim", "x;touch PWNED", "g/*.c", session: "carol"))
    for shell in ["bash", "zsh", "fish"] {
      let result = try await repo.ledger("completions", shell)
      expectExit(0, result)
      try Data(result.stdout.utf8).write(to: repo.root.appendingPathComponent("ledger.\(shell)"))
    }
    let environment = [
      "PATH": Executables.directory.path + ":" + Executables.searchPath,
      "HOME": repo.home.path, "LEDGER_SESSION": "alice", "SCRIPTS": repo.root.path,
      "GIT_CEILING_DIRECTORIES": repo.root.path,
    ]
    return (repo, environment)
  }

  @Test("bash: the script registers `complete -F _ledger ledger` and completes from the table")
  func bash() async throws {
    let (repo, environment) = try await setUp()
    let result = try await Packaging.sh(
      #"""
      bash -c '
        source "$SCRIPTS/ledger.bash" || exit 1
        complete -p ledger
        t() { COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=(); _ledger; echo "$* => ${COMPREPLY[*]}"; }
        t ledger rel
        t ledger claim --st
        t ledger hook ""
        t ledger hook codex ""
        t ledger release ""
        t ledger who ""
        t ledger who x
        t ledger who g
        t ledger completions ""'
      """#, environment: environment, in: repo.path, scratch: repo.root)
    #expect(result.exited(0), "\(result)")
    #expect(result.lines.contains("complete -o bashdefault -o default -F _ledger ledger"))
    #expect(result.lines.contains("ledger rel => release"))
    #expect(result.lines.contains("ledger claim --st => --steal"))
    #expect(result.lines.contains("ledger hook  => claude codex gemini"))
    #expect(
      result.lines.contains(
        "ledger hook codex  => session-start pre-edit post-edit subagent-stop stop"))
    #expect(result.lines.contains("ledger release  => a.txt src/"), "alice's own claims")
    #expect(
      result.lines.contains(#"ledger who  => a.txt b.txt g/\*.c src/ x\;touch\ PWNED"#),
      "every claim, quoted for the shell: \(result.lines)")
    #expect(result.lines.contains(#"ledger who x => x\;touch\ PWNED"#))
    #expect(result.lines.contains(#"ledger who g => g/\*.c"#))
    #expect(result.lines.contains("ledger completions  => bash zsh fish"))
  }

  @Test("fish: the script parses and completes commands and this session's claims")
  func fish() async throws {
    guard Packaging.require("fish", package: "fish") != nil else { return }
    let (repo, environment) = try await setUp()
    let parse = try await Packaging.sh(
      #"fish -n "$SCRIPTS/ledger.fish""#, environment: environment, in: repo.path,
      scratch: repo.root)
    #expect(parse.exited(0), "\(parse)")
    let result = try await Packaging.sh(
      #"""
      fish --no-config -c 'source $SCRIPTS/ledger.fish
        complete -C "ledger rel"; echo ==; complete -C "ledger release "; echo ==
        complete -C "ledger hook claude "'
      """#, environment: environment, in: repo.path, scratch: repo.root)
    #expect(result.exited(0), "\(result)")
    let sections = result.stdout.components(separatedBy: "==\n").map {
      $0.split(separator: "\n").map { String($0.split(separator: "\t")[0]) }
    }
    #expect(sections.count == 3, "\(result)")
    guard sections.count == 3 else { return }
    #expect(sections[0] == ["release"])
    #expect(Set(sections[1]) == ["a.txt", "src/"], "alice's own claims")
    #expect(
      Set(sections[2]).isSuperset(of: ["session-start", "pre-edit", "post-edit", "session-end"]))
  }

  @Test("zsh: the script parses, and Tab completes in a real interactive zsh")
  func zsh() async throws {
    guard Packaging.require("zsh", package: "zsh") != nil else { return }
    let (repo, environment) = try await setUp()
    let parse = try await Packaging.sh(
      #"zsh -n "$SCRIPTS/ledger.zsh""#, environment: environment, in: repo.path,
      scratch: repo.root)
    #expect(parse.exited(0), "\(parse)")
    // An interactive zsh on a pseudo-terminal (zsh/zpty) with the script on $fpath and
    // compinit: each line is typed, Tab pressed, and the edited line printed between << >>.
    let result = try await Packaging.sh(
      #"""
      mkdir -p "$SCRIPTS/fpath" && cp "$SCRIPTS/ledger.zsh" "$SCRIPTS/fpath/_ledger"
      cat > "$SCRIPTS/drive.zsh" <<'EOF'
      zmodload zsh/zpty
      zpty -b z zsh -f -i
      zpty -w z "PS1='%% '; fpath=($SCRIPTS/fpath \$fpath); autoload -Uz compinit; compinit -u -D"
      zpty -w z "zstyle ':completion:*' menu no; bindkey '^I' complete-word; print READY"
      zpty -r z out '*READY*READY*'
      for line in "$@"; do
        zpty -w -n z "$line"$'\t\x01print -r -- "<<" \x05 ">>"\n'
        zpty -r z out $'*\n<< *>>*'
        print -r -- "$line => ${${out##*$'\n'<< }%% >>*}"
      done
      zpty -d z
      EOF
      timeout 60 zsh -f "$SCRIPTS/drive.zsh" 'ledger rel' 'ledger claim --st' \
        'ledger hook codex subagent-' 'ledger release s' 'ledger release b' 'ledger who b' \
        'ledger completions f' 'ledger who x' 'ledger who g'
      """#, environment: environment, in: repo.path, scratch: repo.root)
    #expect(result.exited(0), "\(result)")
    #expect(result.lines.contains("ledger rel => ledger release"), "\(result)")
    #expect(result.lines.contains("ledger claim --st => ledger claim --steal"))
    #expect(result.lines.contains("ledger hook codex subagent- => ledger hook codex subagent-stop"))
    #expect(result.lines.contains("ledger release s => ledger release src/"), "alice's claim")
    #expect(result.lines.contains("ledger release b => ledger release b"), "bob's is not offered")
    #expect(result.lines.contains("ledger who b => ledger who b.txt"), "every claim")
    #expect(result.lines.contains("ledger completions f => ledger completions fish"))
    // Another agent's spec is inserted quoted: run, the line passes it as one word (printed
    // here after the shell removed the quoting) and runs no command of theirs; a glob reaches
    // ledger as the spec (unquoted, zsh would stop at "no matches found").
    #expect(result.lines.contains("ledger who x => ledger who x;touch PWNED"), "\(result.lines)")
    #expect(result.lines.contains("ledger who g => ledger who g/*.c"))
    #expect(
      !FileManager.default.fileExists(atPath: repo.path.appendingPathComponent("PWNED").path),
      "a completed claim ran as a command")
  }
}

/// ledger(1) renders with man-db and groff, without warnings.
@Suite("Manual page")
struct ManPageRenderTests {
  @Test("`man -l` renders `ledger help --man` (= docs/ledger.1) with no warnings")
  func renders() async throws {
    guard Packaging.require("man", package: "man-db groff-base") != nil else { return }
    let repo = try await TempRepository(files: [:])
    let page = try await repo.ledger("help", "--man")
    expectExit(0, page)
    let file = repo.root.appendingPathComponent("ledger.1")
    try Data(page.stdout.utf8).write(to: file)
    let result = try await Packaging.sh(
      #"man --warnings -l "$PAGE""#,
      environment: [
        "PATH": Executables.searchPath, "PAGE": file.path, "MANPAGER": "cat", "MANWIDTH": "80",
        "HOME": repo.home.path, "LANG": "C.UTF-8",
      ], in: repo.root, scratch: repo.root)
    #expect(result.exited(0), "\(result)")
    #expect(result.stderr.isEmpty, "groff warnings: \(result.stderr)")
    #expect(result.stdout.contains("LEDGER(1)"))
    #expect(result.stdout.contains("ledger release"))
    #expect(result.stdout.contains("EXIT STATUS"))
  }
}
