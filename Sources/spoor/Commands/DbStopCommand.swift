import ArgumentParser
import SpoorEngine

/// `spoor db stop`: stop the embedded cluster's server.
struct DbStopCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "stop", abstract: "Stop the embedded cluster's server (its data stays).")

  func run() throws {
    let cluster = try EmbeddedCluster()
    let stopped = try cluster.stop()
    print(stopped ? "stopped PostgreSQL in \(cluster.rootDirectory)" : "not running in \(cluster.rootDirectory)")
  }
}
