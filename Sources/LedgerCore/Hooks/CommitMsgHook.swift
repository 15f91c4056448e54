/// `commit-msg`: keeps git's empty-message abort working.
///
/// prepare-commit-msg runs before the editor, so the trailer it adds would make a message the
/// person left empty look written, and an untouched template look edited. When nothing but
/// AgentLedger's trailers was written, this hook removes them again, and git aborts as usual.
enum CommitMsgHook {
  static func run(_ context: ProcessContext, arguments: [String]) throws(LedgerError) -> ExitCode {
    guard let file = arguments.first else {
      throw LedgerError(.badInput, "commit-msg needs the message file as its argument")
    }
    let setup = try HookSetup.load(context)
    guard setup.settings.enabled else { return .success }
    let path = FileSystem.join(context.currentDirectory, file)
    guard let bytes = try? FileSystem.read(path) else { return .success }
    let message = CommitMessage(bytes: bytes, commentPrefix: setup.settings.commentPrefix)
    var stripped = message
    var removed = false
    if let session = setup.session {
      removed = stripped.removeTrailer(key: setup.settings.trailer, value: session.value)
    }
    let attempt = setup.note
    if let reason = attempt?.overrideReason {
      removed = stripped.removeTrailer(key: "Ledger-Override", value: reason) || removed
    }
    guard removed else { return .success }
    let untouched =
      stripped.cleaned.isEmpty
      || (attempt?.pristineTemplate.map { $0 == stripped.cleaned } ?? false)
    guard untouched else { return .success }
    do {
      try FileSystem.writeAtomically(
        path, stripped.bytes, mode: FileSystem.mode(of: path) ?? 0o644, durable: false)
    } catch {
      setup.say("warning: cannot remove the session trailer from an empty message (\(error))")
    }
    return .success
  }
}
