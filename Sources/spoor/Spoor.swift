import ArgumentParser
import SpoorEngine

/// The `spoor` command line.
@main
struct Spoor: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Run KQL and XQL threat hunts on PostgreSQL.",
    version: "0.1.0"
  )
}
