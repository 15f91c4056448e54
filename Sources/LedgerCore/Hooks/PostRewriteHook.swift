/// `post-rewrite`: git runs it after `git commit --amend` (argument `amend`) and after a rebase
/// (`rebase`, either backend), with one `OLD NEW [EXTRA]` line per rewritten commit on standard
/// input. It appends one `rewrite` event: `how` (`amend` or `rebase`) and `rewritten`, a list
/// of `{"old": SHA, "new": SHA}` with full 40-hex ids (a squash maps several old commits to one
/// new one). Whatever no other hook recorded — the commits `git rebase --apply` makes, for one —
/// so still appears in the log by its sha. It never fails anything.
enum PostRewriteHook {
  /// At most this many pairs per event, so no log line grows without bound.
  static let pairsPerEvent = 1000

  static func run(_ context: ProcessContext, arguments: [String], input: [UInt8]) -> ExitCode {
    do throws(LedgerError) {
      let pairs = parse(input)
      guard !pairs.isEmpty else { return .success }
      let setup = try HookSetup.load(context)
      guard setup.settings.enabled else { return .success }
      let how = arguments.first ?? ""
      var events: [AuditEvent] = []
      var start = 0
      while start < pairs.count {
        let chunk = pairs[start..<min(start + pairsPerEvent, pairs.count)]
        events.append(
          AuditEvent(
            .rewrite, time: context.now, session: setup.session?.value,
            details: [
              ("how", .string(how)),
              (
                "rewritten",
                .array(
                  chunk.map { .object([("old", .string($0.old)), ("new", .string($0.new))]) })
              ),
            ]))
        start += pairsPerEvent
      }
      try setup.store.record(events)
    } catch {
      context.output.error(
        "AgentLedger: warning: post-rewrite could not record the rewritten commits: \(error.message)"
      )
    }
    return .success
  }

  /// The `OLD NEW` pairs of post-rewrite's input; lines that are not two full object ids are
  /// skipped.
  static func parse(_ input: [UInt8]) -> [(old: String, new: String)] {
    func isObjectID(_ text: Substring) -> Bool {
      (text.count == 40 || text.count == 64)
        && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
    return String(decoding: input, as: UTF8.self).split(separator: "\n").compactMap { line in
      let fields = line.split(separator: " ", omittingEmptySubsequences: true)
      guard fields.count >= 2, isObjectID(fields[0]), isObjectID(fields[1]) else { return nil }
      return (String(fields[0]), String(fields[1]))
    }
  }
}
