/// Finding the repository and reading its configuration: from `RepositoryCache` when it is
/// still true, otherwise with git's two queries, run at once with any `extra` ones.
enum Discovery {
  static func run(_ context: ProcessContext, git: Git, extra: [Command] = [])
    throws(LedgerError) -> (repository: Repository, config: GitConfig, extra: [ProcessResult])
  {
    let cache = RepositoryCache(context)
    if let cache, let (repository, config) = cache.load() {
      return (repository, config, extra.isEmpty ? [] : try git.runAll(extra))
    }
    let results = try git.runAll([Repository.command(git), GitConfig.command(git)] + extra)
    let repository = try Repository(result: results[0], directory: context.currentDirectory)
    let config = try GitConfig(result: results[1])
    cache?.save(repository, config)
    return (repository, config, Array(results.dropFirst(2)))
  }
}
