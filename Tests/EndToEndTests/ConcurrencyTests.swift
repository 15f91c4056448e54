import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Many real processes against one ledger. Serialized among themselves: each starts dozens of
/// processes at once, which is the point, and two of them together would only measure the
/// machine.
@Suite("Concurrency and crashes", .serialized)
struct ConcurrencyTests {
  @Test("40 processes claiming 40 different files at once: all 40 are recorded")
  func fortyWriters() async throws {
    let repo = try await TempRepository()
    let running = try (0..<40).map { index in
      try repo.startLedger(["claim", "file\(index).txt"], session: "agent-\(index)")
    }
    var results: [CommandResult] = []
    for process in running { results.append(await process.wait()) }
    for result in results { expectExit(0, result) }

    let claims = try await repo.claims()
    #expect(claims.count == 40)
    for index in 0..<40 {
      #expect(
        claims.contains { $0.spec == "file\(index).txt" && $0.session == "agent-\(index)" },
        "file\(index).txt is missing")
    }
    let events = try await repo.log().filter { $0.event == "claim" }
    #expect(events.count == 40, "one audit event per claim")
  }

  @Test("20 sessions racing for one file: exactly one wins, 19 are refused with exit 1")
  func twentyRacers() async throws {
    let repo = try await TempRepository()
    let running = try (0..<20).map { index in
      try repo.startLedger(["claim", "contested.txt"], session: "racer-\(index)")
    }
    var results: [(session: String, result: CommandResult)] = []
    for (index, process) in running.enumerated() {
      results.append(("racer-\(index)", await process.wait()))
    }
    let winners = results.filter { $0.result.exited(0) }
    let losers = results.filter { $0.result.exited(1) }
    #expect(winners.count == 1, "\(results.map(\.result))")
    #expect(losers.count == 19, "\(results.map(\.result))")
    let winner = try #require(winners.first).session
    for loser in losers {
      #expect(loser.result.stderr.contains(winner), "a loser is told who won\n\(loser.result)")
    }
    let claims = try await repo.claims()
    #expect(
      claims == [
        StatusClaim(
          spec: "contested.txt", session: winner, since: claims.first?.since ?? "", expires: nil,
          note: "")
      ])
  }

  @Test("readers running alongside 30 writers always see a whole ledger")
  func readersDuringWrites() async throws {
    let repo = try await TempRepository()
    let writers = try (0..<30).map { index in
      try repo.startLedger(["claim", "w\(index)/", "w\(index).txt"], session: "writer-\(index)")
    }
    let readers = try (0..<15).map { _ in try repo.startLedger(["status", "--json"]) }
    for writer in writers { expectExit(0, await writer.wait()) }
    for reader in readers {
      let result = await reader.wait()
      expectExit(0, result)
      let claims = try StatusClaim.parse(result.stdout)
      #expect(claims.count % 2 == 0, "a reader saw half a claim call: \(claims)")
    }
    #expect(try await repo.claims().count == 60)
  }

  @Test("claimers killed with SIGKILL mid-flight: completed claims survive, no stale lock")
  func killedClaimers() async throws {
    let repo = try await TempRepository()
    var generator = SystemRandomNumberGenerator()
    var survivors: [(spec: String, session: String)] = []
    var killed = 0
    for round in 0..<3 {
      let running = try (0..<16).map { index in
        try repo.startLedger(
          [
            "claim", "--note", "round \(round)", "r\(round)/file\(index).txt",
            "r\(round)/dir\(index)/",
          ],
          session: "victim-\(round)-\(index)")
      }
      let delays = running.map { _ in UInt64.random(in: 0...60_000_000, using: &generator) }
      let results = await withTaskGroup(of: (Int, CommandResult, Bool).self) { group in
        for (index, process) in running.enumerated() {
          group.addTask {
            try? await Task.sleep(nanoseconds: delays[index])
            let sent = process.kill(SIGKILL)
            return (index, await process.wait(), sent)
          }
        }
        var collected: [(Int, CommandResult, Bool)] = []
        for await item in group { collected.append(item) }
        return collected
      }
      for (index, result, _) in results {
        if result.signal != nil {
          killed += 1
        } else {
          expectExit(0, result)
          if result.exited(0) {
            survivors.append(("r\(round)/file\(index).txt", "victim-\(round)-\(index)"))
          }
        }
      }

      // The ledger still parses, and every claim that reported success is there — both specs
      // of a call, or neither (all or nothing survives a crash).
      let claims = try await repo.claims()
      for survivor in survivors {
        #expect(
          claims.contains { $0.spec == survivor.spec && $0.session == survivor.session },
          "\(survivor.spec) exited 0 but is not in the ledger")
      }
      for claim in claims where claim.session.hasPrefix("victim-") && claim.spec.hasSuffix(".txt") {
        let directory = claim.spec.replacingOccurrences(of: "file", with: "dir")
          .replacingOccurrences(of: ".txt", with: "/")
        #expect(
          claims.contains { $0.spec == directory && $0.session == claim.session },
          "half a claim survived: \(claim)")
      }
      // The next writer gets the lock at once.
      let next = try await repo.ledger(
        "claim", "after-round-\(round).txt", session: "survivor",
        environment: ["LEDGER_LOCK_TIMEOUT": "5"])
      expectExit(0, next)
      #expect(next.elapsed < 5, "the claim after the crashes waited \(next.elapsed)s")
      #expect(
        !repo.exists(repo.claimsFile.appendingPathExtension("lock")),
        "a stale claims.jsonl.lock was left after a successful write")
    }
    #expect(killed > 0, "no claimer was killed mid-flight; the test proved nothing")
    // Every survivor is still there at the end (a claimer killed after its write may have
    // landed too), and the audit log still reads.
    let final = try await repo.claims()
    let victims = final.filter { $0.session.hasPrefix("victim-") && $0.spec.hasSuffix(".txt") }
    #expect(victims.count >= survivors.count)
    #expect(victims.count <= survivors.count + killed)
    #expect(final.filter { $0.session == "survivor" }.count == 3)
    _ = try await repo.log()
  }
}
