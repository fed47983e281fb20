import Foundation
import SpoorPostgres
import Testing

@testable import SpoorEngine

@Suite struct EmbeddedClusterTests {
  @Test func startStatusStopRoundTripInATemporarySpoorHome() throws {
    let home = "/tmp/spoor-home-\(UUID().uuidString.prefix(8))"
    defer { try? FileManager.default.removeItem(atPath: home) }
    var environment = ProcessInfo.processInfo.environment
    environment["SPOOR_HOME"] = home
    let cluster = try EmbeddedCluster(environment: environment)
    #expect(cluster.rootDirectory == home + "/cluster")
    #expect(try cluster.status() == .uninitialized)

    #expect(try cluster.start())
    defer { _ = try? cluster.stop() }
    guard case .running(let pid) = try cluster.status() else {
      Issue.record("not running after start")
      return
    }
    #expect(pid > 0)
    #expect(try cluster.start() == false, "a running cluster is reused")

    let connection = try Connection(configuration: ConnectionConfiguration(url: cluster.url))
    let settings = try connection.execute(
      "SELECT current_database(), current_setting('listen_addresses'), current_setting('unix_socket_directories')")
    #expect(settings.rows.first?.values == ["spoor", "", cluster.socketDirectory])
    connection.close()

    let socketMode = try FileManager.default.attributesOfItem(atPath: cluster.socketDirectory)[.posixPermissions]
    #expect(socketMode as? Int == 0o700)
    if geteuid() == 0 {
      let owner = try FileManager.default.attributesOfItem(atPath: cluster.dataDirectory)[.ownerAccountName]
      #expect(owner as? String == cluster.serverUser)
      #expect(cluster.serverUser != nil && cluster.serverUser != "root")
    }

    #expect(try cluster.stop())
    #expect(try cluster.status() == .stopped)
    #expect(try cluster.stop() == false)
    #expect(try cluster.start(), "a stopped cluster starts again with its data")

    // `spoor db stop` holds the cluster stopped: a reconnecting scheduler waits instead of restarting it, until
    // an explicit start.
    #expect(try cluster.stop(hold: true))
    #expect(cluster.isHeldStopped)
    let locator = DatabaseLocator(environment: environment)
    #expect {
      _ = try locator.connect(startingHeldCluster: false)
    } throws: { error in
      "\(error)".contains("stopped with `spoor db stop`; waiting until `spoor db start` starts it")
    }
    #expect(try cluster.status() == .stopped)
    let reconnected = try locator.connect()
    reconnected.close()
    #expect(!cluster.isHeldStopped)
    #expect(try cluster.stop())
  }

  @Test func missingServerBinariesNameThePackage() {
    #expect {
      try PostgresBinaries.locate(environment: ["PATH": "/nonexistent"], packageRoot: "/nonexistent/postgresql")
    } throws: { error in
      "\(error)".contains("apt-get install -y postgresql")
    }
  }

  @Test func defaultDirectoryFollowsSpoorHomeThenXDG() {
    #expect(EmbeddedCluster.defaultRootDirectory(environment: ["SPOOR_HOME": "/srv/s"]) == "/srv/s/cluster")
    if geteuid() == 0 {
      #expect(EmbeddedCluster.defaultRootDirectory(environment: [:]) == "/var/lib/spoor/cluster")
    } else {
      #expect(
        EmbeddedCluster.defaultRootDirectory(environment: ["XDG_DATA_HOME": "/x", "HOME": "/h"]) == "/x/spoor/cluster")
      #expect(EmbeddedCluster.defaultRootDirectory(environment: ["HOME": "/h"]) == "/h/.local/share/spoor/cluster")
    }
  }
}
