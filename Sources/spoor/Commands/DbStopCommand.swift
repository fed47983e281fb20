import ArgumentParser
import SpoorEngine

/// `spoor db stop`: stop the embedded cluster's server.
struct DbStopCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "stop", abstract: "Stop the embedded cluster's server (its data stays).",
    discussion: """
      The stop sticks: a running scheduler waits instead of restarting the cluster, until `spoor db start` (or \
      another command that needs the database) starts it again.
      """)

  func run() throws {
    let cluster = try EmbeddedCluster()
    let stopped = try cluster.stop(hold: true)
    print(stopped ? "stopped PostgreSQL in \(cluster.rootDirectory)" : "not running in \(cluster.rootDirectory)")
  }
}
