import SpoorCatalog

/// The select-list columns of a whole-table scan.
///
/// Building one ``BlockColumn`` per table column (and releasing them again) is most of the cost of emitting a short
/// hunt over a wide table, so the columns of every built-in catalog table are made once per process and shared
/// whenever the scanned table equals the built-in one (the catalog loaded from a database usually does; equal
/// tables of the built-in catalog share storage, so the comparison is immediate).
enum ScanColumns {
  /// The built-in tables and their scan columns, by table name; Swift initialises a static exactly once.
  static let builtIn: [String: (table: Table, columns: [BlockColumn])] = Catalog.builtIn.tables.mapValues {
    (table: $0, columns: make($0))
  }

  /// The scan columns of `table`: the shared ones when it is a built-in table, otherwise made now.
  static func columns(of table: Table) -> [BlockColumn] {
    if let entry = builtIn[table.name], entry.table == table { return entry.columns }
    return make(table)
  }

  /// Every column of `table` as a plain, self-named reference to its quoted name.
  static func make(_ table: Table) -> [BlockColumn] {
    table.columns.map {
      BlockColumn(
        name: $0.name, fragment: .atom($0.quotedName), type: $0.type, isPlain: true, isSelfNamed: true)
    }
  }
}
