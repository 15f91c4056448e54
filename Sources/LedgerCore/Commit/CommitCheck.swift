/// The commit check: which staged paths violate the ledger, and what to do about it. Shared by
/// pre-commit, the `--no-verify` re-check in prepare-commit-msg, post-commit's bypass detection
/// and `ledger check`, so they can never disagree.
public struct CommitCheck: Sendable {
  /// The committing session, or `nil` for an unscoped committer.
  public var session: SessionID?
  /// The settings in force.
  public var settings: LedgerSettings
  /// The time the check happens at.
  public var now: Timestamp

  /// Creates a check.
  public init(session: SessionID?, settings: LedgerSettings, now: Timestamp) {
    self.session = session
    self.settings = settings
    self.now = now
  }

  /// What the check decided.
  public struct Verdict: Sendable, Equatable {
    /// Every violation found, in path order.
    public var violations: [Violation]
    /// True when the commit must not go ahead (before any override).
    public var blocks: Bool
    /// True when the violations are reported as a warning only (`ledger.unscoped=warn`).
    public var warns: Bool
    /// The committing session.
    public var session: SessionID?

    /// No violation at all.
    public var isClean: Bool { violations.isEmpty }
  }

  /// True when no claim could matter, so the staged set need not be read: no other session
  /// holds an active claim and `ledger.requireClaim` does not apply.
  public func canSkip(_ index: ClaimIndex) -> Bool {
    !index.othersMayHoldClaims(besides: session, at: now)
      && !(settings.requireClaim && session != nil)
  }

  /// Judges `paths` against the ledger. `exempt` paths (already-committed work coming in with a
  /// merge) are never violations.
  public func evaluate(paths: [String], index: ClaimIndex, exempt: Set<String> = [])
    throws(LedgerError) -> Verdict
  {
    var violations: [Violation] = []
    // Many paths: grouping every claim by anchor once beats a binary search per path.
    let grouped = paths.count * 48 > index.claimCount ? try index.claimsByAnchor() : nil
    for path in Set(paths).sorted() where !exempt.contains(path) {
      let candidates: [Claim]
      if let grouped {
        candidates = ClaimOrder.ancestorKeys(of: path).flatMap { grouped[$0] ?? [] }
      } else {
        candidates = try index.candidates(for: path)
      }
      let covering = candidates.filter {
        $0.isActive(at: now) && $0.spec.covers(path, ignoreCase: settings.ignoreCase)
      }
      // A session commits its own claims and its sub-sessions' (its subagents' work).
      if let owner = covering.first(where: { claim in
        session.map { !$0.mayUse(claimsOf: claim.session) } ?? true
      }) {
        violations.append(Violation(path: path, reason: .claimedByOther(owner)))
      } else if settings.requireClaim, let session,
        !covering.contains(where: { session.mayUse(claimsOf: $0.session) })
      {
        violations.append(Violation(path: path, reason: .unclaimed))
      }
    }
    let blocks: Bool
    var warns = false
    if violations.isEmpty {
      blocks = false
    } else if session != nil {
      blocks = true
    } else {
      switch settings.unscoped {
      case .block: blocks = true
      case .warn:
        blocks = false
        warns = true
      case .allow: blocks = false
      }
    }
    return Verdict(violations: violations, blocks: blocks, warns: warns, session: session)
  }

  /// The report printed when a commit is blocked or warned about: one line per violation, then
  /// what to do.
  public static func report(_ verdict: Verdict, heading: String) -> String {
    var lines = [heading]
    let rows = verdict.violations.map { violation -> [String] in
      guard let owner = violation.owner else {
        return [
          "  " + violation.path, "not claimed by \(verdict.session?.value ?? "you")",
          "(ledger.requireClaim)",
        ]
      }
      var cells = [
        "  " + violation.path, "claimed by \(owner.session.value)", "as \(owner.spec.text)",
        "since \(owner.since.rfc3339)",
      ]
      if !owner.note.isEmpty { cells.append("— \(ForeignText.quoted(owner.note))") }
      if owner.ended != nil { cells.append("(its session has ended)") }
      return cells
    }
    lines += columns(rows)
    lines.append("")
    lines.append("What to do:")
    let owned = verdict.violations.contains { $0.owner != nil }
    if owned {
      lines.append(
        "  - commit only your own work: `ledger commit -m MSG` commits just your claimed files,")
      lines.append("    or unstage the others: `git restore --staged PATH…`;")
      lines.append(
        "  - if a path is yours to change, ask its holder to `ledger release` it, or take it")
      lines.append("    over: `ledger claim --steal --reason TEXT PATH`;")
      if verdict.session == nil {
        lines.append("  - commit as the owning session: `LEDGER_SESSION=ID git commit …`;")
      }
    }
    if verdict.violations.contains(where: { $0.owner == nil }) {
      lines.append("  - claim the paths you changed first: `ledger claim PATH…`;")
    }
    lines.append("  - or, deliberately and visibly: `LEDGER_OVERRIDE='reason' git commit …`.")
    return lines.joined(separator: "\n")
  }

  private static func columns(_ rows: [[String]]) -> [String] {
    guard let count = rows.map(\.count).max() else { return [] }
    var widths = [Int](repeating: 0, count: count)
    for row in rows {
      for (index, cell) in row.enumerated() where index < count - 1 {
        widths[index] = max(widths[index], cell.count)
      }
    }
    return rows.map { row in
      var line = ""
      for (index, cell) in row.enumerated() {
        line += cell
        if index < row.count - 1 {
          line += String(repeating: " ", count: max(1, widths[index] - cell.count + 2))
        }
      }
      return line
    }
  }
}
