import Foundation
import SpoorPostgres

/// The built `spoor` binary, for tests that run it as a user would, and how they name their database to it.
public enum SpoorBinary {
  /// The `spoor` executable next to the test bundle (SwiftPM builds both into the same folder).
  public static var executable: URL {
    var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    while !directory.path.hasSuffix("/debug") && !directory.path.hasSuffix("/release") && directory.path != "/" {
      directory.deleteLastPathComponent()
    }
    return directory.appendingPathComponent("spoor")
  }

  /// A `--database-url` value (a libpq conninfo string, values quoted and escaped) for a test database.
  public static func conninfo(_ configuration: ConnectionConfiguration) -> String {
    configuration.parameters.sorted { $0.key < $1.key }.map { key, value in
      "\(key)='" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }.joined(separator: " ")
  }
}
