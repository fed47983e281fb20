import Testing

@testable import SpoorPostgres

@Suite("PostgresError mapping")
struct PostgresErrorTests {
  private func fields(_ sqlState: String?, _ message: String?, position: String? = nil) -> ServerErrorFields {
    ServerErrorFields(sqlState: sqlState, message: message, detail: nil, hint: nil, position: position)
  }

  @Test("57014 under a statement timeout names the limit")
  func timeout() {
    let error = fields("57014", "canceling statement due to statement timeout").error(
      fallbackMessage: "", statementTimeoutMilliseconds: 5000, cancelRequested: false, connectionLost: false)
    #expect(error.kind == .timeout)
    #expect(error.description == "statement timeout (limit 5s)")
    let short = fields("57014", "canceling statement due to statement timeout").error(
      fallbackMessage: "", statementTimeoutMilliseconds: 250, cancelRequested: false, connectionLost: false)
    #expect(short.description == "statement timeout (limit 250ms)")
  }

  @Test("57014 after our own cancel request is a cancel, even with a timeout set")
  func cancelled() {
    let error = fields("57014", "canceling statement due to user request").error(
      fallbackMessage: "", statementTimeoutMilliseconds: 5000, cancelRequested: true, connectionLost: false)
    #expect(error.kind == .cancelled)
    #expect(error.description == "statement cancelled")
    let external = fields("57014", "canceling statement due to user request").error(
      fallbackMessage: "", statementTimeoutMilliseconds: nil, cancelRequested: false, connectionLost: false)
    #expect(external.kind == .cancelled)
  }

  @Test("57014 from a server-side statement_timeout is recognised by its wording")
  func timeoutSetElsewhere() {
    let error = fields("57014", "canceling statement due to statement timeout").error(
      fallbackMessage: "", statementTimeoutMilliseconds: nil, cancelRequested: false, connectionLost: false)
    #expect(error.kind == .timeout)
    #expect(error.description == "statement timeout")
  }

  @Test("25006 is a read-only refusal")
  func readOnly() {
    let error = fields("25006", "cannot execute INSERT in a read-only transaction").error(
      fallbackMessage: "", statementTimeoutMilliseconds: nil, cancelRequested: false, connectionLost: false)
    #expect(error.kind == .readOnlyTransaction)
    #expect(error.description == "refused in a read-only transaction: cannot execute INSERT in a read-only transaction")
  }

  @Test("class 08 and a lost connection are connection errors")
  func connection() {
    let classEight = fields("08006", "connection failure").error(
      fallbackMessage: "", statementTimeoutMilliseconds: nil, cancelRequested: false, connectionLost: false)
    #expect(classEight.kind == .connection)
    let lost = fields(nil, nil).error(
      fallbackMessage: "server closed the connection unexpectedly\n\tThis probably means…\n",
      statementTimeoutMilliseconds: nil, cancelRequested: false, connectionLost: true)
    #expect(lost.kind == .connection)
    #expect(lost.message == "server closed the connection unexpectedly")
  }

  @Test("other states keep SQLSTATE and position; the description is short")
  func serverError() {
    let error = fields("42703", "column \"nope\" does not exist", position: "8").error(
      fallbackMessage: "", statementTimeoutMilliseconds: 1000, cancelRequested: false, connectionLost: false)
    #expect(error.kind == .server)
    #expect(error.sqlState == "42703")
    #expect(error.position == 8)
    #expect(error.statementTimeoutMilliseconds == nil)
    #expect(error.description == "column \"nope\" does not exist (SQLSTATE 42703)")
  }

  @Test("the fallback message loses libpq's severity prefix")
  func fallbackMessage() {
    #expect(
      ServerErrorFields.firstLine(of: "ERROR:  syntax error at end of input\nLINE 1: SELECT\n")
        == "syntax error at end of input")
    #expect(ServerErrorFields.firstLine(of: "  no prefix here  ") == "no prefix here")
  }

  @Test("a connection error names the server that was tried")
  func connectionDescription() {
    let error = PostgresError(
      kind: .connection, message: "No such file or directory", server: "host=/tmp/nowhere port=5432")
    #expect(
      error.description == "PostgreSQL connection failed (host=/tmp/nowhere port=5432): No such file or directory")
  }

  @Test("debugDescription adds position, detail and hint")
  func debugDescription() {
    let error = PostgresError(
      kind: .server, sqlState: "23505", message: "duplicate key value violates unique constraint \"t_pkey\"",
      detail: "Key (id)=(1) already exists.", hint: "Use another id.", position: 3)
    #expect(
      error.debugDescription == """
        duplicate key value violates unique constraint "t_pkey" (SQLSTATE 23505)
        position: 3
        detail: Key (id)=(1) already exists.
        hint: Use another id.
        """)
  }
}
