import ArgumentParser
import Foundation
import SpoorEngine

/// The `--queries` option: where the stored hunts live.
struct HuntLibraryOptions: ParsableArguments {
  @Option(
    name: .customLong("queries"),
    help: ArgumentHelp(
      "The hunt folder (default: SPOOR_QUERIES, then ./queries, then the queries/ folder spoor was built with).",
      valueName: "path"))
  var queriesPath: String?

  /// The folder to read: the option, `SPOOR_QUERIES`, `./queries`, then the package's own `queries/`.
  var resolvedPath: String {
    if let queriesPath { return queriesPath }
    if let fromEnvironment = ProcessInfo.processInfo.environment["SPOOR_QUERIES"], !fromEnvironment.isEmpty {
      return fromEnvironment
    }
    if FileManager.default.fileExists(atPath: "queries") { return "queries" }
    let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    return packageRoot.appendingPathComponent("queries").path
  }

  /// Loads the library; a file with errors is reported and left out unless `strict`, which throws instead.
  /// - Throws: `HuntLibraryError` when the folder is missing; `CommandError` listing file errors when `strict`.
  func load(strict: Bool = false) throws -> HuntLibrary {
    let library = try HuntLibrary.load(path: resolvedPath)
    if !library.errors.isEmpty {
      let text = library.errors.map(\.description).joined(separator: "\n")
      if strict { throw CommandError(text + "\n\(library.errors.count) problem(s) in hunt files") }
      FileHandle.standardError.write(Data("warning: hunt files with errors are skipped:\n\(text)\n".utf8))
    }
    return library
  }
}
