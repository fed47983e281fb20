import SpoorCatalog
import SpoorDiagnostics
import SpoorPlan

extension KQLBinder {
  /// The hidden column holding the time a row was loaded (migrations give every event table one).
  static let ingestedAtColumn = "_spoor_ingested_at"

  /// Whether `ingestion_time()` can read the rows of `relation`: nil unless they are a table's rows, filtered at
  /// most; otherwise whether the table keeps the ingest time.
  static func ingestTimeKept(_ relation: Relation?) -> Bool? {
    var current = relation
    while case .filter(let inner, _)? = current { current = inner }
    guard case .scan(let table)? = current else { return nil }
    return table.tracksIngest
  }

  /// `ingestion_time()`: the row's `_spoor_ingested_at`.
  ///
  /// `spoor ingest` sets it, and the column's default does for rows inserted otherwise. Kusto gives null for a
  /// table without an ingestion-time policy: so does Spoor for a table without the column.
  mutating func ingestionTime(span: Span, scope: Scope) -> ScalarExpression? {
    switch scope.ingestTimeKept {
    case true?:
      return .column(Self.ingestedAtColumn, .datetime, span: span)
    case false?:
      return .literal(.null(.datetime), span: span)
    case nil:
      report(
        KQLDiagnostics.ingestionTimeHere(at: span))
      return nil
    }
  }

  /// `column_ifexists(name, default)`: the input's column `name` (a string constant) when it has one, else the
  /// default, decided once against the input's columns.
  mutating func columnIfExists(_ arguments: [KQLExpression], span: Span, scope: Scope) -> ScalarExpression? {
    guard case .literal(let literal) = arguments[0].kind, case .string(let name) = literal else {
      report(KQLDiagnostics.expectedConstant("the column name of column_ifexists", at: arguments[0].span))
      return nil
    }
    if let column = scope.column(named: name) { return .column(name, column.type, span: span) }
    return bindScalar(arguments[1], in: scope)
  }
}
