import Foundation
import SpoorEngine
import SpoorPostgres
import SpoorTestSupport
import Testing

/// Messages that used to mislead (issue 17.5): each says what is wrong and what to do.
@Suite("Clear command-line errors")
struct ClearErrorsTests {
  @Test("a database without Spoor's schema says to run spoor migrate, not 'unknown table'")
  func unmigratedDatabase() throws {
    let url = SpoorBinary.conninfo(try TestDatabase.makeEmptyDatabase(named: "cli_unmigrated"))
    for arguments in [
      ["query", "--database-url", url, "DeviceEvents | take 1"],
      ["hits", "--database-url", url],
    ] {
      let outcome = try SpoorProcess.run(arguments)
      #expect(outcome.status == 1, "\(arguments[0])")
      #expect(
        outcome.standardError
          == "error: the database has no Spoor schema (none of its \(Self.migrationCount) migrations is applied); "
          + "run `spoor migrate`\n", "\(arguments[0])")
    }
  }

  @Test("on a fresh embedded cluster, query migrates first instead of saying 'unknown table'")
  func freshEmbeddedClusterIsMigrated() throws {
    let home = "/tmp/spoor-home-\(UUID().uuidString.prefix(8))"
    // Started here, not by the `spoor` child: a server the child leaves running would outlive it, and
    // Foundation's Process on Linux was seen never reporting such a child's exit.
    var environment = ProcessInfo.processInfo.environment
    environment["SPOOR_HOME"] = home
    let cluster = try EmbeddedCluster(environment: environment)
    try cluster.start()
    defer {
      _ = try? cluster.stop()
      try? FileManager.default.removeItem(atPath: home)
    }
    let outcome = try SpoorProcess.run(
      ["query", "--format", "csv", "DeviceEvents | take 1 | project DeviceName"], environment: ["SPOOR_HOME": home])
    #expect(outcome.status == 0, "\(outcome.standardError)")
    #expect(outcome.standardOutput == "DeviceName\r\n")
    #expect(!outcome.standardError.contains("unknown table"))
  }

  @Test(
    "values that do not parse are usage errors: usage printed, exit 64 as the README says",
    arguments: [["--since", "abc"], ["--max-rows", "0"], ["--timeout", "soon"]])
  func usageErrors(_ option: [String]) throws {
    let outcome = try SpoorProcess.run(["query", "--sql"] + option + ["DeviceEvents | take 1"])
    #expect(outcome.status == 64)
    #expect(outcome.standardError.hasPrefix("Error: "))
    #expect(outcome.standardError.contains("Usage: spoor query"))
  }

  @Test("names longer than PostgreSQL's 63 bytes stay distinct and are shown whole")
  func longOutputNames() throws {
    let url = SpoorBinary.conninfo(try TestDatabase.makeDatabase(named: "cli_long_names"))
    let first = String(repeating: "a", count: 70) + "_first"
    let second = String(repeating: "a", count: 70) + "_second"
    let kql = "range x from 1 to 2 step 1 | extend \(first) = x * 10, \(second) = x * 100 | project \(second), \(first)"
    let outcome = try SpoorProcess.run(["query", "--database-url", url, "--format", "csv", kql])
    #expect(outcome.status == 0, "\(outcome.standardError)")
    #expect(outcome.standardOutput == "\(second),\(first)\r\n100,10\r\n200,20\r\n")
    let xql =
      "dataset = xdr_data | alter \(first) = 1, \(second) = 2 | fields \(first), \(second) | limit 1"
    let translated = try SpoorProcess.run(["query", "--sql", xql])
    #expect(translated.status == 0, "\(translated.standardError)")
    #expect(!translated.standardOutput.contains(first))
  }

  /// The number of migrations in `migrations/`.
  static var migrationCount: Int {
    let files = (try? FileManager.default.contentsOfDirectory(atPath: TestDatabase.packageRoot + "/migrations")) ?? []
    return files.filter { $0.hasSuffix(".sql") }.count
  }
}
