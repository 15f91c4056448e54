// swift-tools-version: 6.2
import PackageDescription

// Start-up probes for bench/startup.sh: tiny programs that each add one thing (a library, a
// way of doing a system call) to a Swift program that prints "hi", so hyperfine can tell what
// each costs per process. Not part of the AgentLedger build, CI or `swift test`.
//
// Every probe but `hi-stdlib` and `libgit2-linked` is linked like `ledger-hook` in a release
// build: `-static-executable`. PROBE_SUBPROCESS_TRAITS=default builds swift-subprocess with its
// default traits (SubprocessFoundation) instead of none; the script builds that variant into a
// scratch path of its own.
let fullyStatic: [LinkerSetting] = [
  .unsafeFlags(["-static-executable"], .when(platforms: [.linux], configuration: .release))
]
let subprocessTraits: Set<Package.Dependency.Trait> =
  Context.environment["PROBE_SUBPROCESS_TRAITS"] == "default" ? [.defaults] : []

let package = Package(
  name: "StartupProbes",
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
    .package(url: "https://github.com/apple/swift-system", exact: "1.8.1"),
    .package(
      url: "https://github.com/swiftlang/swift-subprocess", exact: "1.0.2",
      traits: subprocessTraits),
  ],
  targets: [
    .executableTarget(name: "hi", linkerSettings: fullyStatic),
    .executableTarget(name: "hi-async", linkerSettings: fullyStatic),
    // Built with --static-swift-stdlib but not -static-executable: goes through ld.so.
    .executableTarget(name: "hi-stdlib"),
    .executableTarget(
      name: "argparser-linked",
      dependencies: [.product(name: "ArgumentParser", package: "swift-argument-parser")],
      linkerSettings: fullyStatic),
    .executableTarget(
      name: "argparser-used",
      dependencies: [.product(name: "ArgumentParser", package: "swift-argument-parser")],
      linkerSettings: fullyStatic),
    .executableTarget(
      name: "system-files",
      dependencies: [.product(name: "SystemPackage", package: "swift-system")],
      linkerSettings: fullyStatic),
    .executableTarget(name: "glibc-files", linkerSettings: fullyStatic),
    .executableTarget(
      name: "subprocess-spawn",
      dependencies: [
        .product(name: "Subprocess", package: "swift-subprocess"),
        .product(name: "SystemPackage", package: "swift-system"),
      ],
      linkerSettings: fullyStatic),
    .executableTarget(
      name: "subprocess-blocking",
      dependencies: [
        .product(name: "Subprocess", package: "swift-subprocess"),
        .product(name: "SystemPackage", package: "swift-system"),
      ],
      linkerSettings: fullyStatic),
    .executableTarget(name: "posix-spawn", linkerSettings: fullyStatic),
    .systemLibrary(name: "CLibGit2Probe", pkgConfig: "libgit2"),
    // Debian's shared libgit2, as `ledger-doctor` links it.
    .executableTarget(name: "libgit2-linked", dependencies: ["CLibGit2Probe"]),
  ],
  swiftLanguageModes: [.v6]
)
