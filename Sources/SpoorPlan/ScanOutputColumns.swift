import SpoorCatalog

/// The output columns of a whole-table scan.
///
/// ``Relation/columns`` of a scan of a wide table (`xdr_data` has about 200 columns) built one ``OutputColumn`` per
/// table column on every call, and the emitter asks for the columns of every statement it emits; the columns of
/// every built-in catalog table are made once per process and shared whenever the scanned table equals the built-in
/// one (equal tables of the built-in catalog share storage, so the comparison is immediate).
enum ScanOutputColumns {
  /// The built-in tables and their output columns, by table name; Swift initialises a static exactly once.
  static let builtIn: [String: (table: Table, columns: [OutputColumn])] = Catalog.builtIn.tables.mapValues {
    (table: $0, columns: make($0))
  }

  /// The output columns of a scan of `table`: the shared ones when it is a built-in table, otherwise made now.
  static func columns(of table: Table) -> [OutputColumn] {
    if let entry = builtIn[table.name], entry.table == table { return entry.columns }
    return make(table)
  }

  /// Every column of `table`, with its name and type.
  static func make(_ table: Table) -> [OutputColumn] {
    table.columns.map { OutputColumn(name: $0.name, type: $0.type) }
  }
}
