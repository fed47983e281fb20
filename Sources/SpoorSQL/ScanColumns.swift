import SpoorCatalog

/// The select-list columns of a whole-table scan, shared per built-in table (``BuiltInTableMemo``): building one
/// ``BlockColumn`` per table column (and releasing them again) is most of the cost of emitting a short hunt over a
/// wide table.
enum ScanColumns {
  /// Every column as a plain, self-named reference to its quoted name; Swift initialises a static exactly once.
  static let memo = BuiltInTableMemo { table in
    table.columns.map {
      BlockColumn(
        name: $0.name, fragment: .atom($0.quotedName), type: $0.type, isPlain: true, isSelfNamed: true)
    }
  }

  /// The scan columns of `table`.
  static func columns(of table: Table) -> [BlockColumn] { memo.value(for: table) }
}
