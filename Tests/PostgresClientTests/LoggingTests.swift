import InMemoryLogging
import Logging
import SpoorPostgres
import SpoorTestSupport
import Testing

@Suite("Connection logging")
struct LoggingTests {
  @Test("server notices go to the logger, not stderr; statements are traced without their bind values")
  func noticesAndStatements() throws {
    var handler = InMemoryLogHandler()
    handler.logLevel = .trace
    let logger = Logger(label: "spoor.postgres.test", factory: { [handler] _ in handler })
    let connection = try Connection(configuration: TestDatabase.serverConfiguration(), logger: logger)
    try connection.executeScript(
      "CREATE TEMP TABLE notice_test (a int); CREATE TEMP TABLE IF NOT EXISTS notice_test (a int)")
    _ = try connection.execute("SELECT $1::text AS bound", [.text("secret-bind-value")])

    let notice = handler.entries.first { $0.metadata["db.sqlstate"] == "42P07" }
    #expect(notice?.level == .debug)
    #expect(notice?.message.description.contains(#"relation "notice_test" already exists"#) == true)
    let statement = handler.entries.first { $0.metadata["db.statement"] == "SELECT $1::text AS bound" }
    #expect(statement?.level == .trace)
    #expect(statement?.metadata["db.parameter_count"] == "1")
    let everything = handler.entries.map { "\($0.message) \($0.metadata)" }.joined(separator: "\n")
    #expect(!everything.contains("secret-bind-value"))
  }
}
