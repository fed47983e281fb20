import ArgumentParser
import Foundation
import SpoorEngine

/// The `--retention-file` option: a YAML file of per-table and default retention and partition length
/// (``RetentionConfiguration``).
struct RetentionFileOptions: ParsableArguments {
  @Option(
    name: .customLong("retention-file"),
    help: ArgumentHelp(
      "A retention file (YAML, `retention:` section) applied before maintenance (default: SPOOR_RETENTION_FILE).",
      valueName: "path"))
  var path: String?

  /// The file's settings, or nil when no file is given.
  /// - Throws: `CommandError` when the file cannot be read or has problems (each with its line).
  func load() throws -> RetentionConfiguration? {
    let environment = ProcessInfo.processInfo.environment["SPOOR_RETENTION_FILE"]
    guard let path = path ?? environment.flatMap({ $0.isEmpty ? nil : $0 }) else { return nil }
    let text: String
    do {
      text = try String(contentsOfFile: path, encoding: .utf8)
    } catch {
      throw CommandError("cannot read the retention file \(path): \(error.localizedDescription)")
    }
    do {
      return try RetentionConfiguration(yaml: text, file: path)
    } catch let errors as HuntFileErrors {
      throw CommandError(errors.description)
    }
  }
}
