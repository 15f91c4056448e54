/// What marks a hook file as AgentLedger's, and where the hook it replaced is kept — known to
/// the hooks (which run the replaced hook, and look at their neighbours) and to the installer
/// (`HookShim`, which writes the files).
public enum HookFile {
  /// The marker every AgentLedger hook file carries in its first comment: only files carrying
  /// it are ever replaced or removed.
  public static let marker = "agentledger-shim"

  /// The suffix of the hook AgentLedger replaced, kept beside it and run first.
  public static let chainedSuffix = ".pre-ledger"

  /// True when `text` (a hook file, or its first few hundred bytes) is AgentLedger's.
  public static func isOurs(_ text: String) -> Bool { text.contains(marker) }
}
