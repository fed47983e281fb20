import Foundation
import SpoorPostgres
import SpoorTestSupport
import Testing

/// Messages that used to mislead (issue 17.5): each says what is wrong and what to do.
@Suite("Clear command-line errors")
struct ClearErrorsTests {
  @Test("a database without Spoor's schema says to run spoor migrate, not 'unknown table'")
  func unmigratedDatabase() throws {
    let url = SpoorProcess.conninfo(try TestDatabase.makeEmptyDatabase(named: "cli_unmigrated"))
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

  @Test(
    "values that do not parse are usage errors: usage printed, exit 64 as the README says",
    arguments: [["--since", "abc"], ["--max-rows", "0"], ["--timeout", "soon"]])
  func usageErrors(_ option: [String]) throws {
    let outcome = try SpoorProcess.run(["query", "--sql"] + option + ["DeviceEvents | take 1"])
    #expect(outcome.status == 64)
    #expect(outcome.standardError.hasPrefix("Error: "))
    #expect(outcome.standardError.contains("Usage: spoor query"))
  }

  /// The number of migrations in `migrations/`.
  static var migrationCount: Int {
    let files = (try? FileManager.default.contentsOfDirectory(atPath: TestDatabase.packageRoot + "/migrations")) ?? []
    return files.filter { $0.hasSuffix(".sql") }.count
  }
}
