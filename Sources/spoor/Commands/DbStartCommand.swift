import ArgumentParser
import SpoorEngine

/// `spoor db start`: create the embedded cluster if needed and start it.
struct DbStartCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "start", abstract: "Create the embedded cluster if needed and start it (reuses a running one).")

  func run() throws {
    let cluster = try EmbeddedCluster()
    let started = try cluster.start()
    print(started ? "started PostgreSQL in \(cluster.rootDirectory)" : "already running in \(cluster.rootDirectory)")
    print("url: \(cluster.url)")
  }
}
