import SpoorCatalog

/// The output columns of a whole-table scan, shared per built-in table (``BuiltInTableMemo``): the emitter asks
/// for ``Relation/columns`` of every statement it emits.
enum ScanOutputColumns {
  /// Swift initialises a static exactly once, even under concurrent access.
  static let memo = BuiltInTableMemo { table in table.columns.map { OutputColumn(name: $0.name, type: $0.type) } }

  /// The output columns of a scan of `table`.
  static func columns(of table: Table) -> [OutputColumn] { memo.value(for: table) }
}
