import ArgumentParser
import SpoorEngine

/// `spoor db status`: say whether the embedded cluster exists and runs.
struct DbStatusCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "status", abstract: "Show whether the embedded cluster exists and runs; exit 3 when it does not run.")

  func run() throws {
    let cluster = try EmbeddedCluster()
    let status = try cluster.status()
    print("\(status) in \(cluster.rootDirectory)")
    if case .running = status {
      print("url: \(cluster.url)")
    } else {
      // Like `pg_ctl status`: scripts can test whether the server runs.
      throw ExitCode(3)
    }
  }
}
