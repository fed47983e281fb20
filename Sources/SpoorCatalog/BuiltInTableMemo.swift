/// A value derived from a table, made once per process for each built-in catalog table and shared whenever the
/// table in hand equals the built-in one (equal tables of the built-in catalog share storage, so the comparison is
/// immediate); any other table gets a value made on the spot.
///
/// The front ends and the emitter derive column lists from the tables they scan; for a wide table such as
/// `xdr_data` (865 columns) making them anew is most of the cost of translating a short hunt.
public struct BuiltInTableMemo<Value: Sendable>: Sendable {
  private let make: @Sendable (Table) -> Value
  private let builtIn: [String: (table: Table, value: Value)]

  /// Makes the value of every built-in table now with `make`, which also serves the other tables later.
  public init(_ make: @escaping @Sendable (Table) -> Value) {
    self.make = make
    builtIn = Catalog.builtIn.tables.mapValues { (table: $0, value: make($0)) }
  }

  /// The value for `table`: the shared one when it is a built-in table, otherwise made now.
  public func value(for table: Table) -> Value {
    if let entry = builtIn[table.name], entry.table == table { return entry.value }
    return make(table)
  }
}
