import SpoorCatalog
import SpoorFormats
import SpoorPlan

/// One output column of a ``SelectBlock``: its name and the SQL computing it over the block's `FROM`.
struct BlockColumn: Hashable {
  /// The exact output name.
  var name: String
  /// The SQL over the block's `FROM` sources.
  var fragment: SQLFragment
  /// The type.
  var type: DataType
  /// True when the fragment is a plain column reference, so other expressions may repeat it freely.
  var isPlain: Bool
  /// True when the fragment is a reference to a column of this very name, so the select list needs no alias.
  var isSelfNamed = false
}

/// One `SELECT` being assembled: operators merge into it while SQL allows, otherwise it is wrapped as a
/// derived table of a new block.
struct SelectBlock {
  /// The `FROM` clause text (a table, a derived table, a join).
  var from: String
  /// The output columns.
  var columns: [BlockColumn] {
    didSet {
      columnListText = nil
      scanPositions = nil
      scanTable = nil
    }
  }
  /// The table whose every column, in order, the select list still is (a whole-table scan's, filtered, sorted or
  /// limited); any change to ``columns`` clears it.
  var scanTable: Table?
  /// The select list's text when known in advance (a whole-table scan's, made once per catalog table); any
  /// change to ``columns`` clears it.
  var columnListText: String?
  /// Each column's position by name, when the columns are still a whole-table scan's (made once per catalog
  /// table, ``ScanColumns``); any change to ``columns`` clears it.
  var scanPositions: [String: Int]?
  /// `WHERE` terms, joined with `AND` (parenthesised only when there are several).
  var whereTerms: [SQLFragment] = []
  /// `GROUP BY` expressions; nil when the block is not an aggregation.
  var groupBy: [String]?
  /// `SELECT DISTINCT`.
  var isDistinct = false
  /// `DISTINCT ON (…)` keys.
  var distinctOn: [String] = []
  /// `ORDER BY` items.
  var orderBy: [String] = []
  /// For each `ORDER BY` item, the output column it sorts by, when it is one: a wrapping block can then keep
  /// the order by naming the column (PostgreSQL does not promise a derived table's order to its reader).
  var orderColumns: [(name: String, direction: String)?] = []
  /// The `LIMIT` expression.
  var limit: String?
  /// True once window functions are in the select list (later filters and aggregates must wrap).
  var hasWindow = false
  /// The catalog table, when the block is exactly a scan of it (so a join can alias it directly).
  var bareTable: Table?

  /// True when filters (`WHERE`) may still be added.
  var acceptsFilter: Bool {
    groupBy == nil && !isDistinct && distinctOn.isEmpty && limit == nil && !hasWindow
  }

  /// True when the select list may be replaced.
  var acceptsProjection: Bool {
    groupBy == nil && !isDistinct && distinctOn.isEmpty
  }

  /// True when the block may become an aggregation, `DISTINCT` or `DISTINCT ON`.
  var acceptsGrouping: Bool {
    groupBy == nil && !isDistinct && distinctOn.isEmpty && limit == nil && !hasWindow
      && orderBy.isEmpty
  }

  /// The column named `name`.
  func column(named name: String) -> BlockColumn? {
    if let scanPositions { return scanPositions[name].map { columns[$0] } }
    return columns.first { $0.name == name }
  }

  /// True when some output column is computed rather than a plain column reference (never for a scan's columns).
  var hasComputedColumns: Bool {
    scanPositions == nil && columns.contains { !$0.isPlain }
  }

  /// The complete `SELECT` text, built in one allocation: the pieces are visited once to sum their length and
  /// once to copy them.
  func render() -> String {
    var count = 0
    forEachPiece { count += $0.utf8.count }
    return String(unsafeUninitializedCapacity: count) { buffer in
      var offset = 0
      forEachPiece { SQLText.copy($0, into: buffer, at: &offset) }
      return offset
    }
  }

  /// Calls `body` with each piece of the `SELECT` text in order.
  private func forEachPiece(_ body: (String) -> Void) {
    body("SELECT ")
    if isDistinct { body("DISTINCT ") }
    if !distinctOn.isEmpty {
      body("DISTINCT ON (")
      forEach(distinctOn, separator: ", ", body)
      body(") ")
    }
    if let columnListText {
      body(columnListText)
    } else {
      for (index, column) in columns.enumerated() {
        if index > 0 { body(", ") }
        body(column.fragment.text)
        if !column.isSelfNamed {
          body(" AS ")
          // `SQLIdentifier.quoted(column.name)`, without making the string when no quote needs doubling and the
          // name fits PostgreSQL's identifier length.
          if column.name.utf8.count > SQLIdentifier.maximumBytes || column.name.utf8.contains(UInt8(ascii: "\"")) {
            body(SQLIdentifier.quoted(column.name))
          } else {
            body("\"")
            body(column.name)
            body("\"")
          }
        }
      }
    }
    body(" FROM ")
    body(from)
    if whereTerms.count == 1 {
      body(" WHERE ")
      body(whereTerms[0].text)
    } else if !whereTerms.isEmpty {
      for (index, term) in whereTerms.enumerated() {
        body(index == 0 ? " WHERE " : " AND ")
        // `term.operand(.not)`, without making the parenthesised string.
        if term.precedence >= .not {
          body(term.text)
        } else {
          body("(")
          body(term.text)
          body(")")
        }
      }
    }
    if let groupBy, !groupBy.isEmpty {
      body(" GROUP BY ")
      forEach(groupBy, separator: ", ", body)
    }
    if !orderBy.isEmpty {
      body(" ORDER BY ")
      forEach(orderBy, separator: ", ", body)
    }
    if let limit {
      body(" LIMIT ")
      body(limit)
    }
  }

  /// Calls `body` with each item of `items`, `separator` between them.
  private func forEach(_ items: [String], separator: String, _ body: (String) -> Void) {
    for (index, item) in items.enumerated() {
      if index > 0 { body(separator) }
      body(item)
    }
  }
}
