import Foundation
import SpoorPostgres
import SpoorTestSupport
import Testing

/// The `spoor` binary as a user meets it: translations, rendered errors, exit codes and real runs.
@Suite struct QueryCommandTests {
  static let seedKQL = """
    DeviceImageLoadEvents
    | where InitiatingProcessVersionInfoFileDescription =~ "Python Core" and (not((InitiatingProcessFolderPath contains "Python" or (InitiatingProcessFolderPath startswith "C:\\\\Program Files\\\\" or InitiatingProcessFolderPath startswith "C:\\\\Program Files (x86)\\\\" or InitiatingProcessFolderPath startswith "C:\\\\ProgramData\\\\Anaconda3\\\\")))) and (not(isnull(InitiatingProcessFolderPath)))
    """

  @Test func helpListsEveryCommand() throws {
    let outcome = try SpoorProcess.run(["--help"])
    #expect(outcome.status == 0)
    for command in [
      "query", "validate", "ingest", "migrate", "schema", "db", "hunt", "schedule", "hits", "runs", "bench",
    ] {
      #expect(outcome.standardOutput.contains("  \(command)"), "missing \(command)")
    }
  }

  @Test func sqlPrintsTheSeedTranslationWithEscapedLikeBindsOffline() throws {
    let outcome = try SpoorProcess.run(["query", "--sql", Self.seedKQL])
    #expect(outcome.status == 0, "\(outcome.standardError)")
    let lines = outcome.standardOutput.split(separator: "\n").map(String.init)
    #expect(lines.first?.hasPrefix("SELECT \"Timestamp\", \"DeviceId\"") == true)
    #expect(lines.first?.contains("FROM \"public\".\"DeviceImageLoadEvents\" WHERE") == true)
    #expect(
      Array(lines.dropFirst()) == [
        "-- $1 text = 'python core'",
        "-- $2 text = '%Python%'",
        "-- $3 text = 'C:\\\\Program Files\\\\%'",
        "-- $4 text = 'C:\\\\Program Files (x86)\\\\%'",
        "-- $5 text = 'C:\\\\ProgramData\\\\Anaconda3\\\\%'",
      ])
  }

  @Test func readsTheQueryFromStandardInputAndFiles() throws {
    let fromStdin = try SpoorProcess.run(["query", "--sql"], input: "DeviceProcessEvents | take 5")
    #expect(fromStdin.status == 0, "\(fromStdin.standardError)")
    #expect(fromStdin.standardOutput.contains("LIMIT"))
    let fromFile = try SpoorProcess.run(["query", "--sql", "-f", "queries/README.md", "--lang", "kql"])
    #expect(fromFile.status == 2)
  }

  @Test func unknownColumnIsRenderedWithCaretAndSuggestion() throws {
    let outcome = try SpoorProcess.run(["query", "--sql", "DeviceProcessEvents\n| where FileNme == 'x'"])
    #expect(outcome.status == 2)
    #expect(
      outcome.standardError == """
        <query>:2:9: error[BIND-001]: unknown column 'FileNme' in DeviceProcessEvents
        2 | | where FileNme == 'x'
          |         ^~~~~~~
        help: did you mean 'FileName'?

        """)
    #expect(outcome.standardOutput.isEmpty)
  }

  @Test func syntaxErrorsAreReportedWithoutTouchingADatabase() throws {
    let outcome = try SpoorProcess.run(
      ["query", "DeviceProcessEvents | where"], environment: ["SPOOR_HOME": "/nonexistent/spoor-home"])
    #expect(outcome.status == 2)
    #expect(outcome.standardError.hasPrefix("<query>:1:28: error[KQL-P002]: expected an expression"))
  }

  @Test func xqlIsDetectedFromTheText() throws {
    let outcome = try SpoorProcess.run([
      "query", "--sql", "dataset = xdr_data | filter action_process_image_name = \"calc.exe\" | fields _time",
    ])
    #expect(outcome.status == 0, "\(outcome.standardError)")
    #expect(outcome.standardOutput.contains("FROM \"public\".\"xdr_data\""))
  }

  @Test func unreachableDatabaseNamesWhatWasTried() throws {
    let outcome = try SpoorProcess.run([
      "query", "--database-url", "host=/nonexistent/socket-dir dbname=spoor", "DeviceProcessEvents | take 1",
    ])
    #expect(outcome.status == 1)
    #expect(outcome.standardError.contains("/nonexistent/socket-dir"))
    #expect(!outcome.standardError.contains("Fatal error"))
  }

  @Test func runsOnARealDatabaseWithEveryFormatAndTheRowCap() throws {
    let configuration = try TestDatabase.makeDatabase(named: "cli_query")
    let connection = try Connection(configuration: configuration)
    defer { connection.close() }
    _ = try connection.execute(
      """
      INSERT INTO "DeviceProcessEvents" ("Timestamp", "DeviceName", "FileName", "ProcessCommandLine")
      VALUES ('2026-11-01T10:00:00Z', 'host-a', 'calc.exe', 'calc.exe "x,y"'),
             ('2026-11-01T11:00:00Z', 'host-b', 'CALC.EXE', 'calc'),
             ('2026-11-01T12:00:00Z', 'host-c', 'notepad.exe', 'notepad')
      """)
    let url = SpoorBinary.conninfo(configuration)
    let query =
      "DeviceProcessEvents | where FileName =~ 'calc.exe' | project DeviceName, ProcessCommandLine | sort by DeviceName asc"

    let json = try SpoorProcess.run(["query", "--database-url", url, "--format", "json", query])
    #expect(json.status == 0, "\(json.standardError)")
    #expect(
      json.standardOutput == """
        [
        {"DeviceName":"host-a","ProcessCommandLine":"calc.exe \\"x,y\\""},
        {"DeviceName":"host-b","ProcessCommandLine":"calc"}
        ]

        """)

    let csv = try SpoorProcess.run(["query", "--database-url", url, "--format", "csv", query])
    #expect(csv.standardOutput == "DeviceName,ProcessCommandLine\r\nhost-a,\"calc.exe \"\"x,y\"\"\"\r\nhost-b,calc\r\n")

    let capped = try SpoorProcess.run(["query", "--database-url", url, "--format", "ndjson", "--max-rows", "1", query])
    #expect(capped.status == 0)
    #expect(capped.standardOutput == "{\"DeviceName\":\"host-a\",\"ProcessCommandLine\":\"calc.exe \\\"x,y\\\"\"}\n")
    #expect(capped.standardError.contains("truncated at 1 row; more matched"))
  }

  @Test func statementTimeoutIsReportedClearly() throws {
    let configuration = try TestDatabase.makeDatabase(named: "cli_timeout")
    let query = "range x from 1 to 1000000000 step 1 | count"
    let outcome = try SpoorProcess.run(
      ["query", "--database-url", SpoorBinary.conninfo(configuration), "--timeout", "200ms", query])
    #expect(outcome.status == 1)
    #expect(outcome.standardError.contains("statement timeout"), "\(outcome.standardError)")
  }

  @Test func interruptCancelsTheRunningStatement() throws {
    let configuration = try TestDatabase.makeDatabase(named: "cli_cancel")
    let query = "range x from 1 to 10000000000 step 1 | count"
    let started = Date()
    let outcome = try SpoorProcess.run(
      ["query", "--database-url", SpoorBinary.conninfo(configuration), "--timeout", "10m", query],
      whileRunning: { process in
        Thread.sleep(forTimeInterval: 1.5)
        process.interrupt()
      })
    #expect(outcome.status == 1)
    #expect(outcome.standardError.contains("query cancelled"), "\(outcome.standardError)")
    #expect(Date().timeIntervalSince(started) < 60)
  }
}
