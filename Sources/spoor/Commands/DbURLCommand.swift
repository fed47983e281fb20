import ArgumentParser
import SpoorEngine

/// `spoor db url`: print the embedded cluster's connection URL.
struct DbURLCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "url", abstract: "Print the embedded cluster's connection URL (for psql or --database-url).")

  func run() throws {
    print(try EmbeddedCluster().url)
  }
}
