/// `commit-msg`: runs after the editor, and makes the message end as prepare-commit-msg
/// promised.
///
/// prepare-commit-msg runs before the editor, so the trailer it adds would make a message the
/// person left empty look written, and an untouched template look edited: when nothing but
/// AgentLedger's trailers was written (and git refuses such a message), this hook removes them
/// again, and git aborts as usual. Otherwise it applies the same `SessionStamp` as
/// prepare-commit-msg, so a trailer the editor deleted, changed or repeated is put right.
/// Replays keep their messages here too.
enum CommitMsgHook {
  static func run(_ context: ProcessContext, arguments: [String]) throws(LedgerError) -> ExitCode {
    guard let file = arguments.first else {
      throw LedgerError(.badInput, "commit-msg needs the message file as its argument")
    }
    let setup = try HookSetup.load(context)
    guard setup.settings.enabled else { return .success }
    let attempt = setup.note
    let replay =
      attempt?.replay
      ?? ReplayState(gitDirectory: setup.repository.gitDirectory).isReplay(
        reflogAction: context.environment["GIT_REFLOG_ACTION"] ?? "",
        parentCommand: ProcessFacts.commandLine(of: setup.gitProcessID))
    if replay { return .success }
    let path = FileSystem.join(context.currentDirectory, file)
    guard let bytes = try? FileSystem.read(path) else { return .success }
    var message = CommitMessage(bytes: bytes, commentPrefix: setup.settings.commentPrefix)
    message.configuredKeys = setup.configuredTrailerKeys
    let stamping = CommitStamp(setup)

    // Nothing written but session trailers (whoever's): the empty message or the untouched
    // template goes back to git as it was, and git refuses it as usual.
    let key = setup.settings.trailer
    var bare = message
    var removed = bare.removeTrailers(key: key)
    if let reason = attempt?.overrideReason {
      removed = bare.removeTrailer(key: "Ledger-Override", value: reason) || removed
    }
    if bare.cleaned.isEmpty {
      if removed { write(bare, to: path, setup, what: "remove the session trailer") }
      return .success
    }
    let refuses =
      stamping.commandLine?.refusesUnwrittenMessage(
        configuredCleanup: setup.config.string("commit.cleanup")) ?? true
    if refuses, let template = attempt?.pristineTemplate {
      var untouched = CommitMessage(template, commentPrefix: setup.settings.commentPrefix)
      untouched.removeTrailers(key: key)
      if untouched.cleaned == bare.cleaned {
        let original = CommitMessage(template + "\n", commentPrefix: setup.settings.commentPrefix)
        if original.cleaned != message.cleaned {
          write(original, to: path, setup, what: "remove the session trailer")
        }
        return .success
      }
    }

    // A message that was written: it ends with exactly the promised trailers.
    let stamp = stamping.stamp(setup, amended: stamping.amendedRevision(), amendedMessage: nil)
    var changed = stamp?.apply(to: &message, editorWillOpen: false) ?? false
    if let reason = attempt?.overrideReason {
      changed =
        message.addTrailer(key: "Ledger-Override", value: reason, editorWillOpen: false) || changed
    }
    if changed { write(message, to: path, setup, what: "restore the session trailer") }
    return .success
  }

  private static func write(
    _ message: CommitMessage, to path: String, _ setup: HookSetup, what: String
  ) {
    do {
      try FileSystem.writeAtomically(
        path, message.bytes, mode: FileSystem.mode(of: path) ?? 0o644, durable: false)
    } catch {
      setup.say("warning: cannot \(what) (\(error)); the message was left as it was")
    }
  }
}
