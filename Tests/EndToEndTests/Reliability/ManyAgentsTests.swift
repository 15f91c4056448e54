import Foundation
import Testing

/// Many agents in one checkout, each its own session, each claiming, editing and running
/// `ledger commit` round after round, all at once (issue 12). CI runs 30 agents × 3 rounds;
/// `scripts/reliability.sh` raises them (LEDGER_REL_AGENTS, LEDGER_REL_AGENT_ROUNDS), and
/// `bench/agents` measures 100 × 5 against the serial floor.
@Suite("Reliability: many agents in one checkout", .serialized)
struct ManyAgentsTests {
  @Test("N agents commit R rounds at once: no failure, each commit its own, all logged")
  func manyAgentsCommitTogether() async throws {
    let agents = Reliability.count("AGENTS", 30)
    let rounds = Reliability.count("AGENT_ROUNDS", 3)
    var files = ["README.md": "r\n"]
    for agent in 0..<agents { files["a\(agent)/tracked.txt"] = "0\n" }
    let repo = try await hookedRepository(files: files)
    let initial = try #require(try await repo.revision())

    // Even agents edit a tracked file each round, odd agents add a new one: both paths of
    // `ledger commit` (with and without `git add`) meet under contention.
    let failures = Mutex<[CommandResult]>([])
    let times = Mutex<[Double]>([])
    await withTaskGroup(of: Void.self) { group in
      for agent in 0..<agents {
        group.addTask {
          let session = "agent-\(agent)"
          for round in 0..<rounds {
            let name = agent % 2 == 0 ? "a\(agent)/tracked.txt" : "a\(agent)/new-\(round).txt"
            for command in [
              ["claim", name], ["commit", "-q", "-m", "\(session) round \(round)"],
            ] {
              if command[0] == "commit" { try? repo.write(name, "\(session) round \(round)\n") }
              guard
                let process = try? repo.startLedger(
                  command, session: session, environment: ["LEDGER_COMMIT_TIMEOUT": "30"])
              else {
                Issue.record("\(session) could not start \(command)")
                continue
              }
              let result = await finish(process, within: 300)
              if command[0] == "commit" { times.withLock { $0.append(result.elapsed) } }
              if !result.exited(0) { failures.withLock { $0.append(result) } }
            }
          }
        }
      }
    }
    let failed = failures.withLock { $0 }
    #expect(
      failed.isEmpty,
      "\(failed.count) commands failed; the first:\n\(failed.first.map { "\($0)" } ?? "")")

    // Every commit: one agent's file only, stamped with exactly that agent, and logged.
    let history = try await repo.git("rev-list", "\(initial)..HEAD").stdout
      .split(separator: "\n").map(String.init)
    #expect(history.count == agents * rounds, "commits lost: \(agents * rounds - history.count)")
    for commit in history {
      let trailers = try await repo.trailerValues(of: commit)
      guard trailers.count == 1, let session = trailers.first,
        let agent = Int(session.dropFirst("agent-".count))
      else {
        Issue.record("\(commit) is stamped \(trailers)")
        continue
      }
      let paths = try await repo.changedPaths(commit)
      #expect(
        !paths.isEmpty && paths.allSatisfy { $0.hasPrefix("a\(agent)/") },
        "\(commit) by \(session) holds \(paths)")
    }
    let logged = Set(
      try await repo.log().filter { $0.event == "commit" }.compactMap { $0["commit"] })
    #expect(Set(history).isSubset(of: logged), "unlogged: \(Set(history).subtracting(logged))")
    // Nothing left staged or changed that an agent did not commit, and no lock left behind.
    let staged = try await repo.git("diff", "--cached", "--name-only").stdout
    #expect(staged.isEmpty, "left staged: \(staged)")
    let left = try await repo.status()
    #expect(left.isEmpty, "left uncommitted: \(left)")
    #expect(!repo.exists(repo.path.appendingPathComponent(".git/index.lock")))

    let timings = Timings(values: times.withLock { $0 })
    Reliability.record(
      "load.many-agents",
      [
        "agents": agents, "rounds": rounds, "commits": history.count,
        "failedCommands": failed.count, "medianCommit": timings.median,
        "p95Commit": timings.p95, "worstCommit": timings.worst,
      ])
  }
}
