import SpoorCatalog

/// The select-list columns of a whole-table scan, shared per built-in table (``BuiltInTableMemo``): building one
/// ``BlockColumn`` per table column (and releasing them again) is most of the cost of emitting a short hunt over a
/// wide table.
enum ScanColumns {
  /// Every column as a plain, self-named reference to its quoted name, and each column's position by name (a wide
  /// table such as `xdr_data`, 865 columns, must not be searched linearly per referenced column); Swift initialises
  /// a static exactly once.
  static let memo = BuiltInTableMemo { table in
    let columns = table.columns.map {
      BlockColumn(
        name: $0.name, fragment: .atom($0.quotedName), type: $0.type, isPlain: true, isSelfNamed: true)
    }
    let positions = Dictionary(
      columns.enumerated().map { ($0.element.name, $0.offset) }, uniquingKeysWith: { first, _ in first })
    return (columns: columns, positions: positions)
  }

  /// The scan columns of `table` and their positions by name.
  static func columns(of table: Table) -> (columns: [BlockColumn], positions: [String: Int]) {
    memo.value(for: table)
  }
}
