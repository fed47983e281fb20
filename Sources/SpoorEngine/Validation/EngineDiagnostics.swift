import SpoorDiagnostics
import SpoorPostgres

/// Every diagnostic the engine itself raises (outside the front ends and the emitter), with its stable code.
public enum EngineDiagnostics {
  /// A file to validate could not be read as a query or hunt file.
  public static func unreadableFile(_ reason: String) -> Diagnostic {
    Diagnostic(category: .semantic, code: DiagnosticCode("FILE-001"), message: reason, span: .at(0))
  }

  /// PostgreSQL refused a translation that every stage accepted (an `EXPLAIN` failed).
  ///
  /// That is Spoor's fault, not the query's. The server's SQLSTATE, detail and hint become notes.
  public static func postgresRejected(_ error: any Error) -> Diagnostic {
    var notes: [String] = []
    if let error = error as? PostgresError {
      if let sqlState = error.sqlState { notes.append("SQLSTATE \(sqlState)") }
      if let detail = error.detail { notes.append("detail: \(detail)") }
      if let hint = error.hint { notes.append("hint: \(hint)") }
    }
    return Diagnostic(
      category: .bug, code: DiagnosticCode("PG-001"), message: "PostgreSQL rejected the translation: \(error)",
      span: .at(0), notes: notes)
  }
}
