import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Crashes, full disks, read-only git dirs and damaged ledgers. What ConcurrencyTests and
/// CorruptionTests already prove (random kills of claimers, a stale claims.jsonl.lock, a lock
/// timeout, every command exiting 3 on a damaged file) is not repeated here.
@Suite("Reliability: faults", .serialized)
struct FaultTests {
  // MARK: Deterministic crashes at each point of a write (LEDGER_TEST_CRASH)

  /// A ledger writer, with the session that runs it.
  struct Writer: Sendable, CustomStringConvertible {
    var name: String
    var arguments: [String]
    var session: String?
    var description: String { name }
  }

  static let writers: [Writer] = [
    Writer(
      name: "claim", arguments: ["claim", "--note", "new", "new.txt", "new/"], session: "dave"),
    Writer(name: "release", arguments: ["release", "a.txt"], session: "alice"),
    Writer(name: "release --all", arguments: ["release", "--all"], session: "alice"),
    Writer(name: "gc", arguments: ["gc"], session: nil),
    Writer(
      name: "steal", arguments: ["claim", "--steal", "--reason", "crash test", "a.txt"],
      session: "erin"),
    Writer(name: "session end", arguments: ["session", "end"], session: "alice"),
  ]

  /// alice holds a.txt and dir/; bob (b.txt) and carol (c.txt) hold 1-hour leases, expired by
  /// the time the writers run (`Clock.hours(2)`), so every writer changes the claims file.
  private func crashRepository() async throws -> TempRepository {
    let repo = try await TempRepository(files: ["a.txt": "a\n", "b.txt": "b\n"])
    expectExit(0, try await repo.ledger("claim", "a.txt", "dir/", session: "alice", now: Clock.t0))
    expectExit(
      0, try await repo.ledger("claim", "--ttl", "1h", "b.txt", session: "bob", now: Clock.t0))
    expectExit(
      0, try await repo.ledger("claim", "--ttl", "1h", "c.txt", session: "carol", now: Clock.t0))
    return repo
  }

  @Test(
    "SIGKILL at each point of a write: the ledger is the old one or the new one, and unlocked",
    arguments: writers)
  func crashAtEachPoint(_ writer: Writer) async throws {
    let now = Clock.hours(2)
    // The twin runs the writer to completion: the state a finished write leaves.
    let twin = try await crashRepository()
    let logBeforeTwin = try await twin.log().count
    expectExit(0, try await twin.ledger(writer.arguments, session: writer.session, now: now))
    let finished = try await twin.claimState(now: now)
    let finishedEvents = try await twin.log().count - logBeforeTwin
    #expect(finishedEvents > 0)

    for point in ["locked", "written", "logged", "renamed"] {
      let repo = try await crashRepository()
      let before = try await repo.claimState(now: now)
      let claimsBefore = try #require(repo.bytes(repo.claimsFile))
      let logBefore = try #require(repo.bytes(repo.logFile))
      let crashed = try await repo.ledger(
        writer.arguments, session: writer.session, now: now,
        environment: ["LEDGER_TEST_CRASH": point])
      #expect(crashed.signal == SIGKILL, "\(writer) at \(point) did not crash\n\(crashed)")

      // Readers see a whole ledger: the old one until the events are logged (the commit
      // point), the new one after (read from claims.jsonl.lock until it is renamed).
      let state = try await repo.claimState(now: now)
      switch point {
      case "locked", "written":
        #expect(state == before, "\(writer) at \(point): \(state)")
        #expect(repo.bytes(repo.claimsFile) == claimsBefore, "\(writer) at \(point)")
        #expect(
          repo.exists(repo.claimsFile.appendingPathExtension("lock")) == (point == "written"),
          "\(writer) at \(point): claims.jsonl.lock")
      default:
        #expect(state == finished, "\(writer) at \(point): \(state) ≠ \(finished)")
      }
      // The audit log: nothing before the events are appended, all of them after.
      let newEvents = try await repo.log().count - (try await twin.log().count - finishedEvents)
      if point == "logged" || point == "renamed" {
        #expect(newEvents == finishedEvents, "\(writer) at \(point)")
      } else {
        #expect(repo.bytes(repo.logFile) == logBefore, "\(writer) at \(point): log changed")
      }
      // The lock died with its holder: the next writer proceeds at once and tidies up.
      let next = try await repo.ledger(
        "claim", "next.txt", session: "zed", now: now, environment: ["LEDGER_LOCK_TIMEOUT": "2"])
      expectExit(0, next)
      #expect(next.elapsed < 2, "the lock was not recovered at once: \(next.elapsed)s")
      #expect(!repo.exists(repo.claimsFile.appendingPathExtension("lock")))
      #expect(try await repo.claimState(now: now).count == state.count + 1)
    }
  }

  @Test(
    "post-commit killed while releasing (releaseOnCommit): the commit stands, the ledger reads",
    arguments: ["locked", "written", "logged", "renamed"])
  func crashInReleaseOnCommit(_ point: String) async throws {
    let repo = try await hookedRepository(files: ["a.txt": "a\n", "b.txt": "b\n"])
    try await repo.git("config", "ledger.releaseOnCommit", "true")
    expectExit(0, try await repo.ledger("claim", "a.txt", session: "alice"))
    expectExit(0, try await repo.ledger("claim", "b.txt", session: "bob"))
    try repo.write("a.txt", "changed\n")
    try await repo.git("add", "a.txt")
    let head = try await repo.revision()
    let result = try await repo.commit(
      "-q", "-m", "alice's work", session: "alice", environment: ["LEDGER_TEST_CRASH": point])
    expectExit(0, result)
    #expect(try await repo.revision() != head, "a post-commit crash must not undo the commit")
    #expect(try await repo.trailerValues() == ["alice"])
    let claims = try await repo.claims()
    let released = !claims.contains { $0.spec == "a.txt" }
    #expect(released == (point == "renamed" || point == "logged"), "\(point): \(claims)")
    #expect(claims.contains { $0.spec == "b.txt" && $0.session == "bob" })
    let next = try await repo.ledger(
      "claim", "next.txt", session: "zed", environment: ["LEDGER_LOCK_TIMEOUT": "2"])
    expectExit(0, next)
    #expect(next.elapsed < 2)
    // The commit itself was recorded before the release began.
    #expect(try await repo.log().contains { $0.event == "commit" && $0.session == "alice" })
  }

  // MARK: Random SIGKILLs from outside

  @Test("writers of every kind killed at random moments: all-or-nothing, never a stuck lock")
  func randomKillsOfWriters() async throws {
    let rounds = Reliability.count("KILL_ROUNDS", 3)
    let repo = try await TempRepository()
    var generator = SystemRandomNumberGenerator()
    var landed = 0
    var attempts = 0
    var outcomes: [String: Int] = [:]
    for round in 0..<rounds {
      // Each of 8 sessions holds two specs; bob-R holds two that expire.
      let sessions = (0..<8).map { "s\(round)-\($0)" }
      for (index, session) in sessions.enumerated() {
        expectExit(
          0,
          try await repo.ledger(
            "claim", "r\(round)/\(index)/a.txt", "r\(round)/\(index)/b/", session: session,
            now: Clock.t0))
      }
      expectExit(
        0,
        try await repo.ledger(
          "claim", "--ttl", "1h", "r\(round)/lease1.txt", "r\(round)/lease2.txt",
          session: "lease-\(round)", now: Clock.t0))
      let now = Clock.hours(2)
      // Mixed writers, all at once: claim, release, release --all, session end, gc, steal.
      let operations: [(arguments: [String], session: String?)] = sessions.enumerated().map {
        index, session in
        switch index % 6 {
        case 0:
          return (["claim", "r\(round)/\(index)/new1.txt", "r\(round)/\(index)/new2/"], session)
        case 1: return (["release", "r\(round)/\(index)/a.txt", "r\(round)/\(index)/b/"], session)
        case 2: return (["release", "--all"], session)
        case 3: return (["session", "end"], session)
        case 4: return (["gc"], nil)
        default:
          return (
            [
              "claim", "--steal", "--reason", "kill test", "r\(round)/0/a.txt",
              "r\(round)/\(index)/x.txt",
            ], session
          )
        }
      }
      let running = try operations.map { operation in
        try repo.startLedger(operation.arguments, session: operation.session, now: now)
      }
      let delays = running.map { _ in UInt64.random(in: 0...30_000_000, using: &generator) }
      let results = await withTaskGroup(of: (Int, CommandResult).self) { group in
        for (index, process) in running.enumerated() {
          group.addTask {
            try? await Task.sleep(nanoseconds: delays[index])
            process.kill(SIGKILL)
            return (index, await finish(process, within: 60))
          }
        }
        var collected: [(Int, CommandResult)] = []
        for await item in group { collected.append(item) }
        return collected.sorted { $0.0 < $1.0 }.map { $0 }
      }
      attempts += results.count
      let claims = try await repo.claims(now: now)
      func holds(_ spec: String, _ session: String) -> Bool {
        claims.contains { $0.spec == spec && $0.session == session }
      }
      for (index, result) in results {
        let killed = result.signal == SIGKILL
        if killed { landed += 1 } else { expectExit(0, result) }
        let session = sessions[index]
        let mine = "r\(round)/\(index)/"
        // Each call is all or nothing, killed or not; one that exited 0 took effect.
        let pair: (Bool, Bool)
        switch index % 6 {
        case 0: pair = (holds(mine + "new1.txt", session), holds(mine + "new2/", session))
        case 1, 2, 3: pair = (holds(mine + "a.txt", session), holds(mine + "b/", session))
        case 5:
          // The steal: the stolen a.txt of s-0 and x.txt, together.
          pair = (holds("r\(round)/0/a.txt", session), holds(mine + "x.txt", session))
        default: pair = (true, true)
        }
        #expect(pair.0 == pair.1, "half of \(operations[index].arguments) survived\n\(result)")
        if !killed {
          let expected = index % 6 == 0 || index % 6 == 5
          if index % 6 != 4 {
            #expect(pair.0 == expected, "\(operations[index].arguments) exited 0 but \(claims)")
          }
        }
        outcomes["\(operations[index].arguments[0])\(killed ? " killed" : " done")", default: 0] +=
          1
      }
      // Expired leases never come back, whoever dropped them.
      #expect(!holds("r\(round)/lease1.txt", "lease-\(round)"))
      let next = try await repo.ledger(
        "claim", "after-\(round).txt", session: "survivor", now: now,
        environment: ["LEDGER_LOCK_TIMEOUT": "2"])
      expectExit(0, next)
      #expect(next.elapsed < 2, "the lock was not recovered at once: \(next.elapsed)s")
      #expect(!repo.exists(repo.claimsFile.appendingPathExtension("lock")))
    }
    _ = try await repo.log()
    Reliability.record(
      "fault.random-kills-writers",
      [
        "attempts": attempts, "killedMidFlight": landed,
        "outcomes": outcomes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(
          separator: " "),
        "lost": 0,
      ])
  }

  /// Kills the running `hook` of the git process `gitPID` (its shim, or the `ledger-hook` it
  /// execs) `delay` microseconds after it appears. Returns what was killed, or `nil` when the
  /// hook never ran or had finished. Runs on its own thread: it polls.
  private static func killHook(_ hook: String, of gitPID: Int32, after delay: UInt32) async
    -> String?
  {
    await withCheckedContinuation { continuation in
      Thread.detachNewThread {
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline, kill(gitPID, 0) == 0 {
          for child in ProcessTable.children(of: gitPID) {
            let line = ProcessTable.commandLine(of: child)
            guard line.contains(where: { $0 == hook || $0.hasSuffix("/" + hook) }) else {
              continue
            }
            usleep(delay)
            let name = ProcessTable.name(of: child)
            let alive = ProcessTable.parent(of: child) == gitPID
            let sent = alive && kill(child, SIGKILL) == 0
            continuation.resume(returning: sent ? name : nil)
            return
          }
          usleep(300)
        }
        continuation.resume(returning: nil)
      }
    }
  }

  @Test("each hook killed at a random moment: no claimed work slips in, no double stamp, no hang")
  func randomKillsOfHooks() async throws {
    let kills = Reliability.count("HOOK_KILLS", 20)
    let repo = try await hookedRepository(files: ["a.txt": "a\n", "b.txt": "b\n"])
    expectExit(0, try await repo.ledger("claim", "a.txt", session: "alice"))
    expectExit(0, try await repo.ledger("claim", "b.txt", session: "bob"))
    let claimsBefore = try await repo.claimState()
    var generator = SystemRandomNumberGenerator()
    let hooks = ["pre-commit", "prepare-commit-msg", "commit-msg", "post-commit"]
    var killedIn: [String: Int] = [:]
    var landedCommits = 0
    var blockedSweeps = 0
    var sweeps = 0
    // Alice's own work with each hook killed; then bob's file swept in, with pre-commit killed,
    // and with --no-verify and prepare-commit-msg (which then enforces the check) killed: a
    // sweep must never land, killed or not.
    let plans: [(hook: String, sweep: Bool, noVerify: Bool)] =
      hooks.map { ($0, false, false) } + [
        ("pre-commit", true, false), ("prepare-commit-msg", true, true),
      ]
    for round in 0..<kills {
      let (hook, sweep, noVerify) = plans[round % plans.count]
      try repo.write("a.txt", "round \(round)\n")
      try await repo.git("add", "a.txt")
      if sweep {
        sweeps += 1
        try repo.write("b.txt", "swept \(round)\n")
        try await repo.git("add", "b.txt")
      }
      let head = try await repo.revision()
      let git = try repo.startGit(
        ["commit", "-q"] + (noVerify ? ["--no-verify"] : []) + ["-m", "round \(round)"],
        session: "alice")
      // commit-msg with -m is over in a few milliseconds (it asks git nothing).
      let delay = UInt32.random(in: 0...(hook == "commit-msg" ? 3_000 : 12_000), using: &generator)
      let killed = await Self.killHook(hook, of: git.pid, after: delay)
      let result = await finish(git, within: 30)
      if let killed { killedIn["\(hook) (\(killed))", default: 0] += 1 }

      let newHead = try await repo.revision()
      if newHead != head, let commit = newHead {
        landedCommits += 1
        #expect(!sweep, "a commit with bob's file landed (\(hook) killed: \(killed ?? "no"))")
        let message = try await repo.message(commit)
        #expect(
          try await repo.trailerValues(of: commit) == ["alice"],
          "round \(round), \(hook) killed: \(message)")
        #expect(try await repo.changedPaths(commit) == ["a.txt"])
      } else {
        if sweep { blockedSweeps += 1 }
        #expect(!result.exited(0), "git reported success but HEAD did not move\n\(result)")
      }
      #expect(!repo.exists(repo.path.appendingPathComponent(".git/index.lock")))
      #expect(try await repo.claimState() == claimsBefore, "the claims changed")
      // Put the index back for the next round.
      try await repo.git("reset", "-q")
      try await repo.git("checkout", "-q", "--", "b.txt")
    }
    let events = try await repo.log()
    #expect(events.filter { $0.event == "bypass" }.isEmpty, "\(events)")
    // A commit event for each commit whose post-commit was not killed.
    let commitEvents = events.filter { $0.event == "commit" }.count
    #expect(commitEvents <= landedCommits)
    let runNotes =
      (try? FileManager.default.contentsOfDirectory(
        atPath: repo.ledgerDirectory.appendingPathComponent("run").path)) ?? []
    Reliability.record(
      "fault.random-kills-hooks",
      [
        "rounds": kills, "killed": killedIn.values.reduce(0, +),
        "where": killedIn.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(
          separator: " "),
        "commitsLanded": landedCommits, "commitEvents": commitEvents,
        "sweeps": sweeps, "sweepsBlocked": blockedSweeps, "leftoverRunNotes": runNotes.count,
        "lost": 0,
      ])
    #expect(killedIn.values.reduce(0, +) > 0, "no hook was killed; the test proved nothing")
  }

  // MARK: File-size limits and full disks

  /// The first line of the audit log (a valid event, for padding the log).
  private func firstLogLine(_ repo: TempRepository) throws -> String {
    let bytes = try #require(repo.bytes(repo.logFile))
    let text = String(decoding: bytes, as: UTF8.self)
    return try #require(text.split(separator: "\n").first.map(String.init))
  }

  /// A repository whose claims file is a few kB: alice holds 30 files, bob 3 expiring leases.
  private func biggerLedger() async throws -> TempRepository {
    let repo = try await TempRepository()
    expectExit(
      0,
      try await repo.ledger(
        ["claim"] + (0..<30).map { "src/module\($0)/file.swift" }, session: "alice",
        now: Clock.t0))
    expectExit(
      0,
      try await repo.ledger(
        ["claim", "--ttl", "1h", "x.txt", "y.txt", "z.txt"], session: "bob", now: Clock.t0))
    return repo
  }

  @Test(
    "a write past ulimit -f fails with a clear error and leaves the ledger as it was",
    arguments: [
      (["claim", "more.txt"], "carol"), (["release", "src/module3/file.swift"], "alice"),
      (["release", "--all"], "alice"), (["session", "end"], "alice"), (["gc"], nil),
      (["claim", "--steal", "--reason", "r", "src/module1/file.swift"], "carol"),
    ] as [([String], String?)])
  func fileSizeLimit(arguments: [String], session: String?) async throws {
    let repo = try await biggerLedger()
    let claims = try #require(repo.bytes(repo.claimsFile))
    let log = repo.bytes(repo.logFile)
    #expect(claims.count > 2048)
    // The twin: the claims the finished command leaves.
    let twin = try await biggerLedger()
    expectExit(0, try await twin.ledger(arguments, session: session, now: Clock.hours(2)))
    let finished = try await twin.claimState(now: Clock.hours(2))
    let before = try await repo.claimState(now: Clock.hours(2))

    let result = try await repo.ledgerLimited(
      fileBlocks: 2, arguments, session: session, now: Clock.hours(2))
    #expect(result.signal == nil, "killed by a signal (SIGXFSZ?)\n\(result)")
    expectError(3, result, mentioning: ["File too large"])
    #expect(repo.bytes(repo.logFile) == log, "the log changed")
    #expect(!repo.exists(repo.claimsFile.appendingPathExtension("lock")))
    let state = try await repo.claimState(now: Clock.hours(2))
    // Whichever file did not fit (the new claims file, or the events after it), nothing changed:
    // a change counts only once its events are in the log.
    #expect(result.stderr.contains("Nothing was changed"), "\(result)")
    #expect(repo.bytes(repo.claimsFile) == claims, "the ledger changed")
    #expect(state == before)
    // Without the limit the same command goes through.
    expectExit(0, try await repo.ledger(arguments, session: session, now: Clock.hours(2)))
    #expect(try await repo.claimState(now: Clock.hours(2)) == finished)
    Reliability.record(
      "fault.ulimit-f",
      [
        "command": arguments.joined(separator: " "),
        "outcome": result.stderr.contains("claims.jsonl") ? "unchanged" : "unchanged (log full)",
      ])
  }

  @Test("an audit append past ulimit -f: exit 3, nothing saved, and a repair adds nothing")
  func fileSizeLimitOnTheLog() async throws {
    let repo = try await biggerLedger()
    // Grow the log (with valid events) past the limit the claims file stays under.
    let line = try firstLogLine(repo)
    let limitBytes = ((try #require(repo.bytes(repo.claimsFile)).count + 600) / 512 + 1) * 512
    let handle = try FileHandle(forWritingTo: repo.logFile)
    handle.seekToEndOfFile()
    while handle.offsetInFile < UInt64(limitBytes + 1000) {
      handle.write(Data((line + "\n").utf8))
    }
    try handle.close()
    let log = repo.bytes(repo.logFile)
    let result = try await repo.ledgerLimited(
      fileBlocks: limitBytes / 512, ["claim", "more.txt"], session: "carol")
    #expect(result.signal == nil, "\(result)")
    expectError(3, result, mentioning: ["log.jsonl", "File too large", "Nothing was changed"])
    #expect(repo.bytes(repo.logFile) == log, "a partial event was appended")
    #expect(!repo.exists(repo.claimsFile.appendingPathExtension("lock")))
    #expect(try await !repo.claims().contains { $0.spec == "more.txt" })
    // The claims file and the log agree: nothing to repair, and nothing the repair would add.
    let doctor = try await repo.ledger("doctor", "--repair")
    #expect(doctor.stdout.contains("nothing to repair"), "\(doctor)")
    #expect(try await !repo.claims().contains { $0.spec == "more.txt" })
    let rebuilt = try await repo.log().filter { $0.event == "claim" }
    #expect(!rebuilt.contains { $0["spec"] == "more.txt" })
  }

  @Test("a commit under ulimit -f whose post-commit cannot append: committed, with a warning")
  func fileSizeLimitInHooks() async throws {
    let repo = try await hookedRepository(files: ["a.txt": "a\n"])
    expectExit(0, try await repo.ledger("claim", "a.txt", session: "alice"))
    let line = try firstLogLine(repo)
    let handle = try FileHandle(forWritingTo: repo.logFile)
    handle.seekToEndOfFile()
    while handle.offsetInFile < 80_000 { handle.write(Data((line + "\n").utf8)) }
    try handle.close()
    let log = try #require(repo.bytes(repo.logFile))
    try repo.write("a.txt", "changed\n")
    try await repo.git("add", "a.txt")
    // 64 blocks (32 kB): far above git's own small files, below the 80 kB log.
    let limited = try await repo.runner.run(
      ["-c", "ulimit -f 64 && exec \"$0\" commit -q -m limited", Executables.git.path],
      in: repo.path, environment: ["LEDGER_SESSION": "alice", "GIT_EDITOR": "false"],
      executable: URL(fileURLWithPath: "/bin/sh"))
    #expect(limited.signal == nil, "\(limited)")
    expectExit(0, limited)
    #expect(try await repo.subject() == "limited")
    #expect(try await repo.trailerValues() == ["alice"])
    #expect(limited.stderr.contains("could not record"), "\(limited)")
    #expect(repo.bytes(repo.logFile) == log, "a partial event was appended")
    #expect(try await repo.claims().map(\.spec) == ["a.txt"])
  }

  @Test(
    "a full disk (a small tmpfs on the ledger folder): a clear error, the ledger as it was",
    .enabled(if: Reliability.canMount, "needs root and mount namespaces (unshare -m)"))
  func fullDisk() async throws {
    let repo = try await biggerLedger()
    let out = repo.root.appendingPathComponent("out")
    try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
    // Inside a private mount namespace: the ledger folder becomes a 64 kB tmpfs holding a copy
    // of the ledger and a filler that takes the rest of the space.
    let script = """
      set -u
      L="$REPO/.git/ledger"; O="$OUT"
      saved=$(mktemp -d)
      cp -a "$L/." "$saved/"
      mount -t tmpfs -o size=64k tmpfs "$L" || exit 97
      cp -a "$saved/." "$L/"
      dd if=/dev/zero of="$L/filler" bs=1k count=1000 2>/dev/null
      cp "$L/claims.jsonl" "$O/before"
      LEDGER_SESSION=carol "$LEDGER" claim more.txt >"$O/claim.out" 2>"$O/claim.err"
      echo $? >"$O/claim.rc"
      cp "$L/claims.jsonl" "$O/after"
      ls -a "$L" >"$O/files"
      rm -f "$L/filler"
      LEDGER_SESSION=carol "$LEDGER" claim more.txt >"$O/retry.out" 2>"$O/retry.err"
      echo $? >"$O/retry.rc"
      """
    let result = try await repo.runner.run(
      ["-m", "/bin/sh", "-c", script], in: repo.path,
      environment: [
        "LEDGER": Executables.ledger.path, "REPO": repo.path.path, "OUT": out.path,
      ], executable: URL(fileURLWithPath: "/usr/bin/unshare"))
    expectExit(0, result)
    func read(_ name: String) -> String {
      (try? String(contentsOf: out.appendingPathComponent(name), encoding: .utf8)) ?? ""
    }
    #expect(
      read("claim.rc").trimmingCharacters(in: .whitespacesAndNewlines) == "3",
      "\(read("claim.err"))")
    #expect(read("claim.err").contains("No space left on device"), "\(read("claim.err"))")
    #expect(read("claim.err").contains("claims.jsonl"), "\(read("claim.err"))")
    #expect(!read("claim.err").contains("Fatal error"))
    #expect(read("before") == read("after"), "the ledger changed on a full disk")
    #expect(!read("files").contains("claims.jsonl.lock"), "\(read("files"))")
    #expect(
      read("retry.rc").trimmingCharacters(in: .whitespacesAndNewlines) == "0",
      "\(read("retry.err"))")
  }

  // MARK: A read-only git dir (Codex's sandbox)

  /// The commands run against a read-only `.git`, each with its outputs in `$OUT/NAME.*`.
  private static let readOnlyScript = """
    run() { name=$1; shift; "$@" >"$OUT/$name.out" 2>"$OUT/$name.err" </dev/null; echo $? >"$OUT/$name.rc"; }
    export LEDGER_NOW=2030-01-01T02:00:00Z
    run claim env LEDGER_SESSION=carol "$LEDGER" claim c.txt
    run release env LEDGER_SESSION=alice "$LEDGER" release a.txt
    run gc "$LEDGER" gc
    run end env LEDGER_SESSION=alice "$LEDGER" session end
    run repair "$LEDGER" doctor --repair
    run status "$LEDGER" status --json
    run who "$LEDGER" who a.txt
    run check env LEDGER_SESSION=alice "$LEDGER" check
    run log "$LEDGER" log --json
    echo changed >>"$REPO/a.txt"
    run commit env LEDGER_SESSION=alice "$LEDGER" commit -m ro
    run gitcommit env LEDGER_SESSION=alice GIT_EDITOR=false "$GIT_BIN" commit -am ro
    printf '{"session_id":"s1","cwd":"%s","hook_event_name":"PreToolUse","tool_name":"Edit","tool_input":{"file_path":"%s/new.txt"}}' "$REPO" "$REPO" >"$OUT/payload"
    run preedit sh -c '"$LEDGER" hook claude pre-edit <"$OUT/payload"'
    run postedit sh -c '"$LEDGER" hook claude post-edit <"$OUT/payload"'
    """

  private func readOnlyRepository() async throws -> TempRepository {
    let repo = try await hookedRepository(files: ["a.txt": "a\n"])
    expectExit(0, try await repo.ledger("claim", "a.txt", session: "alice", now: Clock.t0))
    expectExit(
      0, try await repo.ledger("claim", "--ttl", "1h", "b.txt", session: "bob", now: Clock.t0))
    return repo
  }

  private func checkReadOnly(_ repo: TempRepository, out: URL, denied: String) async throws {
    func read(_ name: String) -> String {
      (try? String(contentsOf: out.appendingPathComponent(name), encoding: .utf8)) ?? ""
    }
    func code(_ name: String) -> String {
      read(name + ".rc").trimmingCharacters(in: .whitespacesAndNewlines)
    }
    for name in [
      "claim", "release", "gc", "end", "repair", "status", "who", "check", "log",
      "commit", "gitcommit", "preedit", "postedit",
    ] {
      #expect(
        !read(name + ".err").contains("Fatal error"), "\(name) crashed: \(read(name + ".err"))")
      // git's own fatal errors exit 128; everything else must exit with a code below it.
      let limit = name == "gitcommit" ? 129 : 128
      #expect(Int(code(name)).map { $0 < limit } == true, "\(name) died: \(code(name))")
    }
    for name in ["claim", "release", "gc", "end"] {
      #expect(code(name) == "3", "\(name): exit \(code(name)) \(read(name + ".err"))")
      #expect(read(name + ".err").contains(denied), "\(name): \(read(name + ".err"))")
      #expect(read(name + ".err").contains(".git/ledger"), "\(name) names no file")
    }
    for name in ["status", "who", "check", "log"] {
      #expect(code(name) == "0", "\(name) must work read-only: \(read(name + ".err"))")
    }
    #expect(code("repair") != "0" || read("repair.out").contains("nothing to repair"))
    #expect(code("commit") != "0", "ledger commit cannot succeed: \(read("commit.err"))")
    #expect(!read("commit.err").isEmpty)
    #expect(code("gitcommit") != "0")
    // Claude's hooks: a failure is exit 1 (never 2, which would deny the edit).
    #expect(code("preedit") == "1" || code("preedit") == "0", "pre-edit: \(read("preedit.err"))")
    #expect(code("postedit") == "1", "post-edit: \(read("postedit.err"))")
  }

  @Test(
    "a read-only .git (read-only bind mount): writers exit 3 naming the file, readers work",
    .enabled(if: Reliability.canMount, "needs root and mount namespaces (unshare -m)"))
  func readOnlyGitDirectory() async throws {
    let repo = try await readOnlyRepository()
    let claims = repo.bytes(repo.claimsFile)
    let out = repo.root.appendingPathComponent("out")
    try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
    let script =
      """
      mount --bind "$REPO/.git" "$REPO/.git" && mount -o remount,bind,ro "$REPO/.git" || exit 97
      """ + "\n" + Self.readOnlyScript
    let result = try await repo.runner.run(
      ["-m", "/bin/sh", "-c", script], in: repo.path,
      environment: [
        "LEDGER": Executables.ledger.path, "GIT_BIN": Executables.git.path,
        "REPO": repo.path.path, "OUT": out.path,
      ], executable: URL(fileURLWithPath: "/usr/bin/unshare"))
    expectExit(0, result)
    try await checkReadOnly(repo, out: out, denied: "Read-only file system")
    #expect(repo.bytes(repo.claimsFile) == claims)
  }

  @Test(
    "a read-only .git (chmod, when not root): writers exit 3 naming the file, readers work",
    .enabled(if: Reliability.modesApply, "root ignores file modes"))
  func readOnlyGitDirectoryByModes() async throws {
    let repo = try await readOnlyRepository()
    let claims = repo.bytes(repo.claimsFile)
    let out = repo.root.appendingPathComponent("out")
    try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
    let result = try await repo.shell(
      "chmod -R a-w \"$REPO/.git\"\n" + Self.readOnlyScript + "\nchmod -R u+w \"$REPO/.git\"",
      environment: ["OUT": out.path])
    expectExit(0, result)
    try await checkReadOnly(repo, out: out, denied: "Permission denied")
    #expect(repo.bytes(repo.claimsFile) == claims)
  }

  // MARK: A damaged ledger, repaired

  @Test(
    "a damaged ledger: commits fail closed; doctor --repair sets it aside and rebuilds it",
    arguments: CorruptionTests.Damage.allCases)
  func repair(_ damage: CorruptionTests.Damage) async throws {
    let repo = try await hookedRepository(files: ["a.txt": "a\n", "b/x.txt": "x\n"])
    expectExit(
      0, try await repo.ledger("claim", "a.txt", "--ttl", "1h", session: "alice", now: Clock.t0))
    expectExit(0, try await repo.ledger("claim", "b/", session: "bob", now: Clock.t0))
    expectExit(0, try await repo.ledger("claim", "gone.txt", session: "bob", now: Clock.t0))
    expectExit(0, try await repo.ledger("release", "gone.txt", session: "bob", now: Clock.t0))
    let state = try await repo.claimState(now: Clock.minutes(30))
    let valid = try #require(repo.bytes(repo.claimsFile))
    let damaged = damage.apply(to: valid)
    try damaged.write(to: repo.claimsFile)
    let filesBefore = repo.ledgerFiles()

    // Fail closed: a commit of one's own file is refused, naming the file.
    try repo.write("a.txt", "alice's change\n")
    try await repo.git("add", "a.txt")
    let head = try await repo.revision()
    let blocked = try await repo.commit("-m", "x", session: "alice", now: Clock.minutes(30))
    // A newer format version names the version instead of suggesting a repair.
    try await expectBlocked(
      blocked, headBefore: head, repo: repo,
      mentioning: [repo.claimsFile.path]
        + (damage == .futureVersion ? [] : ["ledger doctor --repair"]))
    let check = try await repo.ledger("doctor", now: Clock.minutes(30))
    expectExit(3, check)
    #expect(
      check.stdout.contains(repo.claimsFile.path) || check.stderr.contains(repo.claimsFile.path))

    let repaired = try await repo.ledger("doctor", "--repair", now: Clock.minutes(30))
    #expect(!repaired.exited(3) && repaired.signal == nil, "\(repaired)")
    #expect(!repaired.stderr.contains("Fatal error"))
    // Nothing deleted: every file is still there, the damaged one renamed, byte for byte.
    let filesAfter = repo.ledgerFiles()
    #expect(filesBefore.isSubset(of: filesAfter), "\(filesBefore) → \(filesAfter)")
    let aside = filesAfter.subtracting(filesBefore).filter { $0.hasPrefix("claims.jsonl.broken-") }
    #expect(aside.count == 1, "\(filesAfter)")
    if let name = aside.first {
      #expect(repo.bytes(repo.ledgerDirectory.appendingPathComponent(name)) == damaged)
    }
    // Rebuilt from the log: the same active claims as before the damage.
    #expect(try await repo.claimState(now: Clock.minutes(30)) == state)
    #expect(try await repo.log().contains { $0.event == "repair" })
    // A second repair changes nothing; commits work again.
    let again = try await repo.ledger("doctor", "--repair", now: Clock.minutes(30))
    #expect(!again.exited(3))
    #expect(repo.ledgerFiles() == filesAfter)
    expectExit(
      0, try await repo.commit("-q", "-m", "mine", session: "alice", now: Clock.minutes(30)))
    #expect(try await repo.trailerValues() == ["alice"])
  }
}
