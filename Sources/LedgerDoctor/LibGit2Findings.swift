import LedgerCore
import LibGit2

extension Doctor {
  /// libgit2's independent view: it opens the repository, agrees on the common dir and reads
  /// the index.
  static func libgit2Findings(context: ProcessContext, repository: Repository) -> [Finding] {
    LibGit2.initialize()
    defer { LibGit2.shutdown() }
    var findings: [Finding] = []
    do {
      let opened = try GitRepository(
        directory: context.currentDirectory, environment: context.environment)
      let agrees =
        FileSystem.realPath(opened.commonDirectory)
        == FileSystem.realPath(repository.commonDirectory)
      if agrees {
        findings.append(
          Finding(
            level: .ok, area: "libgit2",
            text: "libgit2 \(LibGit2.version) opens the repository and agrees on its common dir"))
      } else {
        findings.append(
          Finding(
            level: .warning, area: "libgit2",
            text:
              "libgit2 \(LibGit2.version) sees the common dir as \(opened.commonDirectory), git as \(repository.commonDirectory)"
          ))
      }
      do {
        let count = try opened.indexEntryCount()
        findings.append(Finding(level: .ok, area: "index", text: "readable (\(count) entries)"))
      } catch {
        findings.append(
          Finding(
            level: .warning, area: "index",
            text: "libgit2 cannot read the index (\(error.message)) — a split or sparse index",
            fix: "Nothing to do: AgentLedger's hooks ask git, which reads it."))
      }
    } catch {
      findings.append(
        Finding(
          level: .warning, area: "libgit2",
          text: "libgit2 \(LibGit2.version) cannot open the repository: \(error.message)"))
    }
    return findings
  }
}
